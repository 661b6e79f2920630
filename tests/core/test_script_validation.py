"""What a facilitator sees when a script file is wrong, and how broken scripts are handled.

Each broken file in the table pins the exact lines `companion scripts validate` prints, so a
change to a message is a deliberate choice, not an accident.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from companion.core.errors import ScriptError
from companion.core.scripts import ScriptFileError, load_library, load_script

ROOT = Path(__file__).resolve().parent.parent.parent
PROMPTS = ROOT / "prompts"

# Line numbers matter: the expected messages below point into this text.
GOOD = '''\
id = "trio-check-in"
title = "Trio check-in"
version = 1
moment = "barriers-and-experiments"
summary = "A quick check-in after meeting your trio."
intro = """
Five minutes after your trio meets."""

[[steps]]
id = "how-it-went"
kind = "long"
prompt = "How did today's trio meeting go?"

[[steps]]
id = "energy"
kind = "scale"
prompt = "How much energy do I have?"
min = 1
max = 5

[[steps]]
id = "next-step"
kind = "choice"
prompt = "What next?"
options = [
  { value = "amplify", label = "Amplify" },
  { value = "stop", label = "Stop" },
]

[[steps]]
id = "commitment"
kind = "commitment"
prompt = "What will I do before we next meet?"
'''

KINDS = "text, long, choice, multi, scale, list, commitment, date, info, commitment-review"
MOMENT_LIST = "after-workshop, coaching, barriers-and-experiments, review"


def edited(*changes: tuple[str, str]) -> str:
    text = GOOD
    for old, new in changes:
        assert old in text, f"test setup: {old!r} is not in the good script"
        text = text.replace(old, new, 1)
    return text


BROKEN = [
    pytest.param(
        edited(('go?"', "go?")),
        [
            "{path}, line 12: the file is not valid TOML (column 43): a text in quotes is not "
            "closed before the end of its line (for text over several lines, use three quotes: "
            '""" ... """). Check quotes and brackets.'
        ],
        id="toml-syntax-unclosed-quote",
    ),
    pytest.param(
        edited(
            ('intro = """\nFive minutes after your trio meets."""', 'intro = """\nFive minutes.')
        ),
        [
            "{path}: the file is not valid TOML (noticed at the end of the file): three quotes "
            '(""") are opened but never closed. Check quotes and brackets.'
        ],
        id="toml-syntax-unclosed-triple-quote",
    ),
    pytest.param(
        edited(('id = "trio-check-in"\n', "")),
        ["{path}: 'id' is missing. Add id = \"...\"."],
        id="missing-id",
    ),
    pytest.param(
        edited(('title = "Trio check-in"\n', "")),
        ["{path}: 'title' is missing. Add title = \"...\"."],
        id="missing-title",
    ),
    pytest.param(
        edited(("version = 1\n", "")),
        ["{path}: 'version' is missing. Add version = 1."],
        id="missing-version",
    ),
    pytest.param(
        edited(('moment = "barriers-and-experiments"\n', "")),
        ["{path}: 'moment' is missing. Use one of: " + MOMENT_LIST + "."],
        id="missing-moment",
    ),
    pytest.param(
        edited(('intro = """\nFive minutes after your trio meets."""\n', "")),
        ["{path}: 'intro' is missing. Add intro = \"...\"."],
        id="missing-intro",
    ),
    pytest.param(
        edited(('summary = "A quick check-in after meeting your trio."\n', "")),
        ["{path}: 'summary' is missing. Add summary = \"...\"."],
        id="missing-summary",
    ),
    pytest.param(
        edited(('id = "trio-check-in"', 'id = "Trio Check-in"')),
        [
            "{path}, line 1: the id 'Trio Check-in' must be lowercase words joined by hyphens, "
            "like 'workshop-close-out'."
        ],
        id="bad-id-format",
    ),
    pytest.param(
        edited(("version = 1", 'version = "1"')),
        [
            "{path}, line 3: 'version' must be a whole number from 1 up, without quotes, "
            "such as version = 1."
        ],
        id="version-in-quotes",
    ),
    pytest.param(
        # Only the misspelling is reported, not also "'title' is missing".
        edited(("title =", "titel =")),
        ["{path}, line 2: unknown field 'titel'. Did you mean 'title'?"],
        id="unknown-top-level-key-misspelt",
    ),
    pytest.param(
        edited(('prompt = "How much energy do I have?"', 'promt = "How much energy do I have?"')),
        ["{path}, line 17, step 'energy': unknown field 'promt'. Did you mean 'prompt'?"],
        id="unknown-step-key-misspelt",
    ),
    pytest.param(
        edited(('id = "energy"', 'id = "how-it-went"')),
        [
            "{path}, line 15, step 'how-it-went': the step id 'how-it-went' is used twice "
            "(first used on line 10). Give each step its own id."
        ],
        id="duplicate-step-ids",
    ),
    pytest.param(
        edited(('kind = "long"', 'kind = "texte"')),
        [
            "{path}, line 11, step 'how-it-went': unknown kind 'texte'. Did you mean 'text'? "
            f"The kinds are: {KINDS}."
        ],
        id="unknown-kind",
    ),
    pytest.param(
        edited(('id = "how-it-went"', 'id = "How it went"')),
        [
            "{path}, line 10, step 'How it went': the step id must be lowercase words joined by "
            "hyphens, like 'what-i-learned'."
        ],
        id="bad-step-id",
    ),
    pytest.param(
        edited(
            (
                'options = [\n  { value = "amplify", label = "Amplify" },\n'
                '  { value = "stop", label = "Stop" },\n]\n',
                "",
            )
        ),
        [
            "{path}, line 21, step 'next-step': a 'choice' step needs options, such as "
            'options = [{ value = "yes", label = "Yes" }, { value = "no", label = "No" }].'
        ],
        id="choice-without-options",
    ),
    pytest.param(
        edited(("min = 1\nmax = 5\n", "")),
        [
            "{path}, line 14, step 'energy': a 'scale' step needs 'min' and 'max', "
            "such as min = 1 and max = 5."
        ],
        id="scale-without-min-max",
    ),
    pytest.param(
        edited(("min = 1", "min = 5")),
        ["{path}, line 18, step 'energy': 'min' (5) must be smaller than 'max' (5)."],
        id="min-not-below-max",
    ),
    pytest.param(
        edited(("min = 1", "min = 1\ntarget_words = 100")),
        [
            "{path}, line 19, step 'energy': 'target_words' only applies to 'long' steps, and "
            "this step is 'scale'. Remove it, or change the kind to 'long'."
        ],
        id="target-words-on-non-long-step",
    ),
    pytest.param(
        edited(('kind = "long"', 'kind = "long"\ntarget_words = 0')),
        ["{path}, line 12, step 'how-it-went': 'target_words' must be a number above 0."],
        id="target-words-zero",
    ),
    pytest.param(
        edited(("min = 1", 'min = 1\nlive = "since-last-coaching"')),
        [
            "{path}, line 19, step 'energy': 'live' only applies to 'info' steps, and this step "
            "is 'scale'."
        ],
        id="live-on-non-info-step",
    ),
    pytest.param(
        edited(('moment = "barriers-and-experiments"', 'moment = "coachng"')),
        [
            "{path}, line 4: the moment 'coachng' is not one Companion knows. Did you mean "
            f"'coaching'? Use one of: {MOMENT_LIST}."
        ],
        id="unknown-moment",
    ),
    pytest.param(
        edited(('{ value = "stop", label = "Stop" }', '{ value = "amplify", label = "Stop" }')),
        ["{path}, line 25, step 'next-step': the option value 'amplify' is used twice."],
        id="option-value-used-twice",
    ),
    pytest.param(
        edited(("max = 5", 'max = 5\nrequired = "yes"')),
        ["{path}, line 20, step 'energy': 'required' must be true or false (without quotes)."],
        id="required-in-quotes",
    ),
    pytest.param(
        GOOD.split("[[steps]]")[0],
        ["{path}: the script has no steps. Add at least one [[steps]] table."],
        id="no-steps",
    ),
]


def write(folder: Path, text: str | bytes, name: str = "trio-check-in.toml") -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_the_good_script_in_this_table_is_good(tmp_path: Path) -> None:
    script = load_script(write(tmp_path, GOOD))
    assert [s.id for s in script.steps] == ["how-it-went", "energy", "next-step", "commitment"]
    assert script.builtin is False


@pytest.mark.parametrize(("text", "expected"), BROKEN)
def test_each_broken_script_gets_its_exact_message(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ScriptFileError) as caught:
        load_script(path)
    assert [str(p) for p in caught.value.problems] == [
        line.replace("{path}", str(path)) for line in expected
    ]


def test_a_file_that_is_not_utf8_says_so_and_where(tmp_path: Path) -> None:
    text = GOOD.replace("Five minutes after", "Cinq minutes au café après")
    path = write(tmp_path, text.encode("latin-1"))
    with pytest.raises(ScriptFileError) as caught:
        load_script(path)
    assert str(caught.value) == (
        f"{path}, line 7: it is not saved as UTF-8 text (the first character that is not UTF-8 "
        "is on this line). Save it as UTF-8 in your editor."
    )


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(ScriptFileError) as caught:
        load_script(path)
    assert str(caught.value) == f"{path}: there is no such file. Check the file's name and folder."


def test_several_problems_are_all_reported_at_once(tmp_path: Path) -> None:
    text = edited(
        ("title =", "titel ="), ('kind = "long"', 'kind = "texte"'), ("min = 1", "min = 9")
    )
    path = write(tmp_path, text)
    with pytest.raises(ScriptFileError) as caught:
        load_script(path)
    lines = str(caught.value).splitlines()
    assert len(lines) == 3
    assert "line 2: unknown field 'titel'" in lines[0]
    assert "line 11, step 'how-it-went': unknown kind 'texte'" in lines[1]
    assert "line 18, step 'energy': 'min' (9) must be smaller than 'max' (5)." in lines[2]


# ---------------------------------------------------------------------- the command line


def test_validate_good_and_bad_exits_1_and_prints_the_problems(
    tmp_path: Path, companion_cli
) -> None:  # type: ignore[no-untyped-def]
    good = write(tmp_path, GOOD)
    bad = write(tmp_path, edited(('kind = "long"', 'kind = "texte"')), name="bad.toml")
    missing = tmp_path / "missing.toml"
    result = companion_cli("scripts", "validate", str(good), str(bad), str(missing))
    assert result.returncode == 1
    assert f"{good}: fine (trio-check-in, version 1, 4 steps)" in result.stdout
    assert (
        f"{bad}, line 11, step 'how-it-went': unknown kind 'texte'. Did you mean 'text'?"
        in result.stderr
    )
    assert f"{missing}: there is no such file." in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_a_good_file_exits_0(tmp_path: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    good = write(tmp_path, GOOD)
    result = companion_cli("scripts", "validate", str(good))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{good}: fine (trio-check-in, version 1, 4 steps)"
    assert result.stderr == ""


def test_every_builtin_validates_through_the_command(companion_cli) -> None:  # type: ignore[no-untyped-def]
    files = sorted(str(p) for p in PROMPTS.glob("*.toml"))
    assert len(files) == 12
    result = companion_cli("scripts", "validate", *files)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": fine (") == 12


@pytest.mark.parametrize("path", sorted(PROMPTS.glob("*.toml")), ids=lambda p: p.stem)
def test_every_builtin_loads_and_its_file_is_named_after_its_id(path: Path) -> None:
    script = load_script(path, builtin=True)
    assert script.id == path.stem
    assert script.steps
    assert len({s.id for s in script.steps}) == len(script.steps)


def test_the_library_holds_the_twelve_builtins_the_readme_lists(library) -> None:  # type: ignore[no-untyped-def]
    readme = (PROMPTS / "README.md").read_text(encoding="utf-8")
    assert not library.broken
    assert len(library.scripts) == 12
    for script_id in library.scripts:
        assert f"`{script_id}`" in readme


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    (folder / "scripts").mkdir(parents=True)
    return folder


def test_a_broken_user_script_does_not_stop_scripts_list(config_dir: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    broken = write(config_dir / "scripts", edited(("title =", "titel =")))
    result = companion_cli("scripts", "list", env={"COMPANION_CONFIG_DIR": str(config_dir)})
    assert result.returncode == 0, result.stderr
    assert "workshop-close-out" in result.stdout
    assert "review-commitments" in result.stdout
    assert "trio-check-in" not in result.stdout.split("Not loaded:")[0]
    assert (
        f"Not loaded: {broken}, line 2: unknown field 'titel'. Did you mean 'title'?"
        in result.stdout
    )
    assert "Traceback" not in result.stderr


def test_scripts_list_json_lists_scripts_and_broken_ones(config_dir: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    broken = write(config_dir / "scripts", edited(("title =", "titel =")))
    result = companion_cli(
        "scripts", "list", "--json", env={"COMPANION_CONFIG_DIR": str(config_dir)}
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    ids = [s["id"] for s in data["scripts"]]
    assert ids[0] == "workshop-close-out"
    assert len(ids) == 12
    assert all("steps" not in s for s in data["scripts"])
    assert data["broken"] == [f"{broken}, line 2: unknown field 'titel'. Did you mean 'title'?"]


def test_load_library_lists_a_broken_user_script_and_keeps_the_rest(config_dir: Path) -> None:
    broken = write(config_dir / "scripts", edited(('kind = "long"', 'kind = "texte"')))
    write(config_dir / "scripts", GOOD.replace("trio-check-in", "my-own"), name="my-own.toml")
    library = load_library(user_dir=config_dir / "scripts")
    assert len(library.broken) == 1
    assert str(broken) in str(library.broken[0])
    assert "unknown kind 'texte'" in str(library.broken[0])
    assert "my-own" in library.scripts
    assert library.scripts["my-own"].builtin is False
    assert "workshop-close-out" in library.scripts


def test_a_user_script_with_a_builtins_id_overrides_it(config_dir: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    original = (PROMPTS / "coaching-debrief.toml").read_text(encoding="utf-8")
    changed = original.replace('title = "Coaching debrief"', 'title = "Our debrief"').replace(
        "version = 1", "version = 2"
    )
    user_file = write(config_dir / "scripts", changed, name="coaching-debrief.toml")

    library = load_library(user_dir=config_dir / "scripts")
    script = library.get("coaching-debrief")
    assert (script.title, script.version, script.builtin, script.path) == (
        "Our debrief",
        2,
        False,
        str(user_file),
    )
    assert library.overridden["coaching-debrief"].title == "Coaching debrief"

    env = {"COMPANION_CONFIG_DIR": str(config_dir)}
    listed = companion_cli("scripts", "list", env=env)
    assert "coaching-debrief       Our debrief  (your script)" in listed.stdout
    shown = json.loads(
        companion_cli("scripts", "show", "coaching-debrief", "--json", env=env).stdout
    )
    assert (shown["title"], shown["version"], shown["path"], shown["builtin"]) == (
        "Our debrief",
        2,
        str(user_file),
        False,
    )


def test_scripts_show_json_has_each_steps_details_and_the_file(companion_cli) -> None:  # type: ignore[no-untyped-def]
    result = companion_cli("scripts", "show", "review-experiment", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == "review-experiment"
    assert data["path"] == str(PROMPTS / "review-experiment.toml")
    assert [(s["id"], s["kind"]) for s in data["steps"]] == [
        ("happened", "long"),
        ("worked", "long"),
        ("learned", "long"),
        ("decision", "choice"),
        ("next", "commitment"),
    ]
    decision = data["steps"][3]
    assert decision["prompt"] == "Should we amplify it, adapt it or stop it?"
    assert [o["value"] for o in decision["options"]] == ["amplify", "adapt", "stop"]
    assert decision["options"][0]["label"] == "Amplify: do more of it, or spread it further"
    assert data["steps"][0]["options"] == []


def test_scripts_show_of_an_unknown_id_suggests_the_right_one(companion_cli) -> None:  # type: ignore[no-untyped-def]
    result = companion_cli("scripts", "show", "coaching-prepp")
    assert result.returncode == 2
    assert (
        "There is no script called 'coaching-prepp'. Did you mean 'coaching-prep'?" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_library_get_unknown_id_is_a_script_error(library) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ScriptError, match="`companion scripts list` shows the ones you can run"):
        library.get("nothing-like-it")
