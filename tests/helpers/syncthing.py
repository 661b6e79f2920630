"""Two real Syncthing instances on loopback sharing one folder: two devices, one journal.

Each instance has its own --home, listens on 127.0.0.1 on a free port, knows the other by an
explicit address, and has discovery, relays, NAT traversal and usage reporting off, so nothing
leaves the machine. It is driven through its REST API (on 127.0.0.1, with its API key).
"""

from __future__ import annotations

import copy
import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FOLDER_ID = "journal"
#: What each device keeps to itself (Companion's .stignore) or Syncthing keeps: not compared.
LOCAL = (".stfolder", ".stignore", ".lock", "backups")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Instance:
    name: str
    home: Path
    folder: Path
    device_id: str = ""
    listen: int = field(default_factory=free_port)
    gui: int = field(default_factory=free_port)
    api_key: str = field(default_factory=lambda: secrets.token_hex(16))
    process: subprocess.Popen[bytes] | None = None

    def generate(self, binary: str) -> None:
        env = {**os.environ, "HOME": str(self.home), "STNODEFAULTFOLDER": "1"}
        out = subprocess.run(
            [binary, "generate", f"--home={self.home}", "--no-default-folder"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=True,
        )
        for line in (out.stdout + out.stderr).splitlines():
            if "Device ID:" in line:
                self.device_id = line.split("Device ID:", 1)[1].strip()
        assert self.device_id, out.stdout + out.stderr

    def configure(self, peer: Instance) -> None:
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        for old in root.findall("folder"):
            root.remove(old)
        # The folder starts from Syncthing's own defaults (a missing setting reads as zero:
        # maxConflicts 0 would delete every conflicting version instead of keeping a copy).
        template = root.find("defaults/folder")
        assert template is not None
        folder = copy.deepcopy(template)
        folder.attrib.update(
            {
                "id": FOLDER_ID,
                "label": "Companion journal",
                "path": str(self.folder),
                "rescanIntervalS": "5",
                "fsWatcherEnabled": "true",
                "fsWatcherDelayS": "1",
            }
        )
        for old_device in folder.findall("device"):
            folder.remove(old_device)
        for device in (self.device_id, peer.device_id):
            ET.SubElement(folder, "device", {"id": device, "introducedBy": ""})
        root.insert(0, folder)
        for device in root.findall("device"):
            if device.get("id") != self.device_id:
                root.remove(device)
        peer_device = ET.SubElement(
            root,
            "device",
            {"id": peer.device_id, "name": peer.name, "compression": "metadata"},
        )
        ET.SubElement(peer_device, "address").text = f"tcp://127.0.0.1:{peer.listen}"
        gui = root.find("gui")
        assert gui is not None
        gui.set("tls", "false")
        _set(gui, "address", f"127.0.0.1:{self.gui}")
        _set(gui, "apikey", self.api_key)
        options = root.find("options")
        assert options is not None
        for tag, value in {
            "listenAddress": f"tcp://127.0.0.1:{self.listen}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "urAccepted": "-1",
            "startBrowser": "false",
            "autoUpgradeIntervalH": "0",
            "crashReportingEnabled": "false",
            "setLowPriority": "false",
        }.items():
            for old in options.findall(tag):
                options.remove(old)
            ET.SubElement(options, tag).text = value
        tree.write(path)

    def start(self, binary: str) -> None:
        env = {**os.environ, "HOME": str(self.home), "STNODEFAULTFOLDER": "1", "STNOUPGRADE": "1"}
        log = open(self.home / "syncthing.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [binary, "serve", f"--home={self.home}", "--no-browser", "--no-restart"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        log.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def api(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui}{path}",
            data=data,
            method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # loopback only
            raw = response.read()
        return json.loads(raw) if raw.strip() else None

    def ready(self) -> bool:
        try:
            self.api("GET", "/rest/system/ping")
            return True
        except (urllib.error.URLError, ConnectionError, OSError):
            return False

    def connected(self, peer: Instance) -> bool:
        try:
            connections = self.api("GET", "/rest/system/connections")["connections"]
        except (urllib.error.URLError, ConnectionError, OSError, KeyError):
            return False
        return bool(connections.get(peer.device_id, {}).get("connected"))

    def idle(self) -> bool:
        try:
            status = self.api("GET", f"/rest/db/status?folder={FOLDER_ID}")
        except (urllib.error.URLError, ConnectionError, OSError):
            return False
        return bool(status.get("state") == "idle" and status.get("needTotalItems", 0) == 0)

    def rescan(self) -> None:
        self.api("POST", f"/rest/db/scan?folder={FOLDER_ID}")


def _set(parent: ET.Element, tag: str, text: str) -> None:
    element = parent.find(tag)
    if element is None:
        element = ET.SubElement(parent, tag)
    element.text = text


def shared_files(folder: Path) -> dict[str, bytes]:
    """What travels between the devices: every file but each device's own."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] in LOCAL or not path.is_file():
            continue
        if path.name.startswith((".syncthing.", "~syncthing~")):
            continue
        found[relative.as_posix()] = path.read_bytes()
    return found


class Pair:
    """Two Syncthing devices sharing one folder each (a and b)."""

    def __init__(self, root: Path, binary: str) -> None:
        self.binary = binary
        self.a = Instance("laptop", root / "laptop-home", root / "laptop" / "journal")
        self.b = Instance("desktop", root / "desktop-home", root / "desktop" / "journal")
        for device in (self.a, self.b):
            device.home.mkdir(parents=True)
            device.folder.mkdir(parents=True, mode=0o700)
            (device.folder / ".stfolder").mkdir()
            device.generate(binary)
        self.a.configure(self.b)
        self.b.configure(self.a)

    def start(self, deadline: float) -> None:
        for device in (self.a, self.b):
            device.start(self.binary)
        self.wait(lambda: self.a.ready() and self.b.ready(), deadline, "Syncthing's API")
        self.wait(
            lambda: self.a.connected(self.b) and self.b.connected(self.a),
            deadline,
            "the two devices to connect",
        )

    def stop(self) -> None:
        for device in (self.a, self.b):
            device.stop()

    def pause(self) -> None:
        """Take both devices offline from each other (each keeps scanning its folder)."""
        for device, peer in ((self.a, self.b), (self.b, self.a)):
            device.api("POST", f"/rest/system/pause?device={peer.device_id}")

    def resume(self, deadline: float) -> None:
        for device, peer in ((self.a, self.b), (self.b, self.a)):
            device.api("POST", f"/rest/system/resume?device={peer.device_id}")
        self.wait(
            lambda: self.a.connected(self.b) and self.b.connected(self.a),
            deadline,
            "the two devices to connect again",
        )

    def in_step(self) -> bool:
        """Both idle with the same files (checked twice, a moment apart: nothing moving)."""
        for _ in range(2):
            if not (self.a.idle() and self.b.idle()):
                return False
            if shared_files(self.a.folder) != shared_files(self.b.folder):
                return False
            time.sleep(0.5)
        return True

    def settle(self, deadline: float) -> None:
        for device in (self.a, self.b):
            device.rescan()
        self.wait(self.in_step, deadline, "the two folders to be the same")

    @staticmethod
    def wait(ready: Any, deadline: float, what: str) -> None:
        while not ready():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            time.sleep(0.3)


def binary() -> str | None:
    return shutil.which("syncthing")
