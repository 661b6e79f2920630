"""Following a key on its way: up from the focused widget to its screen, and waiting for each
stop to handle what is queued (see CompanionApp._settle_key: one key at a time)."""

from __future__ import annotations

import asyncio
import contextlib

from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen


def up_to_screen(node: MessagePump) -> list[MessagePump]:
    """node and its parents up to its screen: the way a key or a message bubbles."""
    chain: list[MessagePump] = []
    current: MessagePump | None = node
    while current is not None and not isinstance(current, App):
        chain.append(current)
        if isinstance(current, Screen):
            break
        current = current._parent
    return chain


async def after_queue(node: MessagePump, deadline: float) -> None:
    """Wait until node has handled what is queued for it now (or until the deadline)."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()

    def mark() -> None:
        if not done.done():
            done.set_result(None)

    if not node.call_later(mark):
        return  # closed or closing: nothing more will be handled there
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(done, max(deadline - loop.time(), 0.0))
