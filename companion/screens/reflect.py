"""Reflect: one question at a time, saved as you go, with a review page before finishing."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Input, Static, TextArea

from companion.core.errors import AnswerError, CompanionError
from companion.core.model import Draft
from companion.core.session import FinishResult, Session
from companion.messages import AnswerChanged
from companion.screens.base import CompanionScreen
from companion.screens.dialogs import (
    DraftNotSavedDialog,
    LeaveReflectionDialog,
    UnfinishedDialog,
)
from companion.screens.review import ReviewScreen
from companion.widgets.answer_form import AnswerForm
from companion.widgets.footer import CompanionFooter
from companion.widgets.pause import AfterPause
from companion.widgets.text import literal
from companion.widgets.title_bar import TitleBar

AUTOSAVE_DELAY = 1.0


class ReflectScreen(CompanionScreen[None]):
    """Answer a script's steps; Esc asks whether to keep the draft."""

    BINDINGS = [
        Binding("ctrl+n", "next", "Next", priority=True),
        Binding("ctrl+b", "back", "Back", priority=True),
        Binding("ctrl+o", "skip", "Skip", priority=True),
        Binding("f2", "hint", "Hint"),
        Binding("f3", "example", "Example", show=False),
        Binding("f4", "private", "Private"),
        Binding("escape", "leave", "Leave"),
        Binding("f1", "app.help", "Help", key_display="F1"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.title = session.script.title
        self._autosave = AfterPause(self, AUTOSAVE_DELAY, self._save_typing)
        # True until the first question shows: keys typed while it opens go into its answer box.
        self._switching = True
        self._typed_ahead: list[str] = []
        self._typed: tuple[str, Any] | None = None
        self._to_review = False  # an answer picked on the review page: Next goes back there

    def compose(self) -> ComposeResult:
        yield TitleBar()
        # Not a focus stop of its own: Tab would land on it and show nothing (the focused
        # answer box scrolls into view by itself).
        with VerticalScroll(id="reflect", can_focus=False):
            yield Static("", id="progress")
            yield Static("", id="prompt")
            yield Static("", id="hint", classes="hint")
            yield Vertical(id="form-holder")
            yield Static("", id="problem", classes="problem")
        yield CompanionFooter()

    async def on_mount(self) -> None:
        self.sub_title = "Editing an entry" if self.session.editing else ""
        await self.show_step()

    # ------------------------------------------------------------ showing a step

    def _update_progress(self) -> None:
        session = self.session
        runtime = session.current
        notes = []
        if not runtime.answerable:
            notes.append("to read")
        elif not runtime.required:
            notes.append("optional")
        if runtime.answerable and session.is_private():
            notes.append("private")
        extra = f" ({', '.join(notes)})" if notes else ""
        self.query_one("#progress", Static).update(literal(f"Question {session.progress}{extra}"))

    async def show_step(self) -> None:
        """Swap in the current step's question and answer box without losing a keystroke."""
        self._given()  # moving on (or skipping) settles this step's answer
        self._switching = True
        self._typed_ahead = []
        self.app.set_focus(None)  # keys typed during the swap come to this screen, then replay
        session = self.session
        runtime = session.current
        holder = self.query_one("#form-holder", Vertical)
        await holder.remove_children()
        form = AnswerForm(runtime, session.value(), session.journal.today())
        await holder.mount(form)
        page = self.query_one("#reflect", VerticalScroll)
        page.scroll_home(animate=False)  # each question is read from its top
        form.focus_first()
        # A page to read is the one stop: focused, the arrow keys scroll it. With an answer box
        # the page takes no focus (it would be an invisible stop after the last field).
        page.can_focus = not runtime.answerable
        if not runtime.answerable:
            page.focus(scroll_visible=False)
        self.call_after_refresh(self._focus_in_view)
        self._update_progress()
        self.query_one("#prompt", Static).update(literal(runtime.prompt))
        hint = self.query_one("#hint", Static)
        hint.display = False
        hint.update("")
        self.query_one("#problem", Static).update("")
        self._switching = False
        self._replay_typed_ahead()

    def _focus_in_view(self) -> None:
        """Scroll the answer box into view in a short terminal: nobody types out of sight."""
        focused = self.focused
        if focused is not None and focused.id != "reflect":
            focused.scroll_visible(animate=False)

    def on_key(self, event: events.Key) -> None:
        if not (event.is_printable and event.character):
            return
        if self._switching:
            self._typed_ahead.append(event.character)
        elif isinstance(self.focused, (Input, TextArea)):
            # Typed as the screen opened, before its answer box had focus: the key came to
            # the screen itself (a box takes its own keys), and it belongs in the box.
            self._typed_ahead.append(event.character)
            self._replay_typed_ahead()
        else:
            return
        event.stop()
        event.prevent_default()

    def _replay_typed_ahead(self) -> None:
        typed = "".join(self._typed_ahead)
        self._typed_ahead = []
        if not typed:
            return
        focused = self.app.focused
        if isinstance(focused, Input):
            focused.insert_text_at_cursor(typed)
        elif isinstance(focused, TextArea):
            focused.insert(typed)

    @property
    def form(self) -> AnswerForm:
        return self.query(AnswerForm).last()

    def _problem(self, message: str) -> None:
        self.query_one("#problem", Static).update(literal(message))

    def _take_answer(self) -> bool:
        """Give the form's value to the engine; False (with the reason shown) if it won't do."""
        if not self.session.current.answerable:
            return True
        try:
            self.session.answer(self.form.value())
        except AnswerError as error:
            self._problem(str(error))
            return False
        self._given()
        return True

    def _given(self) -> None:
        """The engine has this step's answer: nothing typed is left waiting to be saved."""
        self._typed = None
        self._autosave.cancel()

    # ------------------------------------------------------------ saving as you go

    @on(AnswerChanged)
    def _answer_changed(self, event: AnswerChanged) -> None:
        event.stop()
        form = event.control
        if not isinstance(form, AnswerForm) or not form.is_attached:
            return  # a form being replaced: its answer was taken when the step moved on
        with contextlib.suppress(NoMatches):
            # Kept as typed, so leaving the screen by any route can still save it.
            self._typed = (form.runtime.id, form.value())
        self._autosave.changed()  # saved once the typing pauses

    def on_unmount(self) -> None:
        self._autosave.cancel()
        self._save_typing()

    def _save_typing(self) -> None:
        """Save what was typed since the last save, once it makes a valid answer."""
        typed, self._typed = self._typed, None
        if typed is None or self.session.editing is not None:
            return
        step_id, value = typed
        try:
            self.session.answer(value, step_id=step_id)
        except AnswerError:
            return  # half-typed: saved once it makes sense
        self.save_draft()

    def save_draft(self) -> None:
        if self.session.editing is None:
            self._save_in_background(self.session.snapshot())

    def _save_in_background(self, draft: Draft) -> None:
        self.companion.write_in_background(
            lambda: self.session.save_draft(draft),
            lambda _: self._saved(draft),
            on_error_extra="Your answer is still here; Companion will try again.",
        )

    def _saved(self, draft: Draft) -> None:
        if self.is_attached:
            self.sub_title = f"Saved {draft.updated:%H:%M:%S}"

    # ------------------------------------------------------------ moving

    async def _move(self, step: Callable[[], bool]) -> None:
        """Ask the engine to move; show the next question, or the review page after the last."""
        try:
            moved = step()
        except AnswerError as error:
            self._problem(str(error))
            return
        self.save_draft()
        if moved and not self._to_review:
            await self.show_step()
        else:
            self.open_review()

    async def action_next(self) -> None:
        if self._switching:
            return  # the next question is still coming in: one press moves one step
        if self._take_answer():
            await self._move(self.session.next)

    async def action_back(self) -> None:
        if self._switching:
            return
        self._take_answer()
        if self.session.back():
            self.save_draft()
            await self.show_step()

    async def action_skip(self) -> None:
        if self._switching:
            return
        await self._move(self.session.skip)

    def action_hint(self) -> None:
        self._toggle_help(self.session.current.step.hint, "There is no guidance for this question.")

    def action_example(self) -> None:
        example = self.session.current.step.example
        self._toggle_help(
            f"Example: {example}" if example else None, "There is no worked example here."
        )

    def _toggle_help(self, text: str | None, missing: str) -> None:
        hint = self.query_one("#hint", Static)
        hint.update(literal(text or missing))
        hint.display = not hint.display

    async def action_private(self) -> None:
        if self._switching or not self.session.current.answerable:
            return
        if not self._take_answer() or self.session.value() is None:
            self.notify("Answer first, then press F4 to mark the answer private.")
            return
        private = not self.session.is_private()
        self.session.set_private(private)
        self.save_draft()
        self.notify("Marked private: kept out of exports." if private else "No longer private.")
        self._update_progress()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if self._switching or not event.input.is_attached:
            return
        inputs = list(self.form.query(Input))
        if event.input in inputs and event.input is not inputs[-1]:
            self.focus_next()
            return
        await self.action_next()

    # ------------------------------------------------------------ review and finish

    @work
    async def open_review(self) -> None:
        self._to_review = False
        choice = await self.app.push_screen_wait(ReviewScreen(self.session))
        if choice is None:
            await self.show_step()
        elif choice == "finish":
            self.finish()
        else:
            self._jump(choice)
            self._to_review = True
            await self.show_step()

    def _jump(self, step_id: str) -> None:
        self.session.position = self.session.steps.index(self.session.step_by_id(step_id))

    def finish(self) -> None:
        def write() -> FinishResult | None:
            if self.session.editing is not None:
                self.session.save_edit()
                return None
            return self.session.finish()

        def failed(error: CompanionError) -> None:
            if isinstance(error, AnswerError):
                self._problem(str(error))
            else:
                self.companion.show_error(error, "Nothing is lost: your answers are still here.")

        self.companion.write_in_background(write, self._finished, on_error=failed)

    def _finished(self, result: FinishResult | None) -> None:
        if result is None:
            self.notify("Changes saved.")
        else:
            made = len(result.commitments)
            extra = f", with {made} commitment{'s' if made != 1 else ''}" if made else ""
            self.notify(f"Saved: {result.entry.script_title}{extra}.")
        if self.is_current:
            self.dismiss()

    # ------------------------------------------------------------ leaving

    @work
    async def action_leave(self) -> None:
        if self._switching:
            return  # Esc again once the question is showing
        if self.session.editing is not None:
            if await self._edit_settled(quitting=False):
                self.dismiss()
            return
        if not await self._unfinished_ok(self._take_typing(), quitting=False):
            return
        if not self.session.answers and not self.session.draft_saved:
            self.dismiss()
            return
        choice = await self.app.push_screen_wait(LeaveReflectionDialog())
        if choice == "keep" and await self._kept():
            self.notify("Kept as a draft: continue it from Home.")
            self.dismiss()
        elif choice == "discard":
            self._discard()

    def _take_typing(self) -> AnswerError | None:
        """Give the engine what is in the answer box now; the reason when it is no answer yet.

        Read from the box itself (its change message may still be queued); mid-switch, the
        last text typed stands in for it.
        """
        typed = self._typed
        if not self._switching:
            with contextlib.suppress(NoMatches):
                form = self.form
                value = form.value()
                kept = self.session.value(form.runtime.id)
                if value != kept and (value or kept is not None):  # untouched adds nothing
                    typed = (form.runtime.id, value)
        problem = None
        if typed is not None:
            try:
                self.session.answer(typed[1], step_id=typed[0])
            except AnswerError as error:
                problem = error if _has_words(typed[1]) else None
        self._given()
        return problem

    async def _unfinished_ok(self, problem: AnswerError | None, *, quitting: bool) -> bool:
        """True to go on; words in the box that are no answer yet are let go only when asked."""
        if problem is None:
            return True
        lose = "Quit and leave it out" if quitting else "Leave it out"
        question = f"This answer cannot be kept as it is: {problem} Go back to it, or leave it out?"
        choice = await self.app.push_screen_wait(UnfinishedDialog(question, lose=lose))
        return choice == "lose"

    async def _edit_settled(self, *, quitting: bool) -> bool:
        """True when leaving an edit loses nothing: unchanged, saved now, or let go when asked."""
        problem = self._take_typing()
        if problem is None and not self.session.edit_changed():
            return True
        question = "You have changed this entry, and the changes are not saved yet."
        if problem is not None:
            question += f" One answer cannot be saved as it is: {problem}"
        lose = "Quit without saving" if quitting else "Leave without saving"
        save = None if problem is not None else "Save changes"
        choice = await self.app.push_screen_wait(UnfinishedDialog(question, lose=lose, save=save))
        if choice == "save":
            return await self._save_edit_now()
        return choice == "lose"

    async def _save_edit_now(self) -> bool:
        """Save the edit and wait: True once it is on disk (a failure is said, and stays)."""
        done: asyncio.Future[CompanionError | None] = asyncio.get_running_loop().create_future()

        def write() -> CompanionError | None:
            try:
                self.session.save_edit()
            except CompanionError as error:
                return error
            return None

        def answered(result: CompanionError | None) -> None:
            if not done.done():
                done.set_result(result)

        self.companion.write_in_background(write, answered)
        error = await done
        if error is not None:
            self._problem(f"Not saved yet: {error}")
            return False
        self.notify("Changes saved.")
        return True

    async def _save_now(self) -> CompanionError | None:
        """Save the draft as it stands and wait for the answer: None once it is on disk."""
        draft = self.session.snapshot()
        done: asyncio.Future[CompanionError | None] = asyncio.get_running_loop().create_future()

        def write() -> CompanionError | None:
            try:
                self.session.save_draft(draft)
            except CompanionError as error:
                return error
            except Exception as error:  # a bug must not lose the words either
                return CompanionError(f"Companion could not save ({type(error).__name__}).")
            return None

        def answered(result: CompanionError | None) -> None:
            if not done.done():
                done.set_result(result)

        self.companion.write_in_background(write, answered)
        return await done

    async def _kept(self, *, quitting: bool = False) -> bool:
        """True once the draft is saved, or the leader chose to let it go; False to stay.

        A failed save never leaves silently: the words exist nowhere else.
        """
        while (error := await self._save_now()) is not None:
            choice = await self.app.push_screen_wait(
                DraftNotSavedDialog(str(error), quitting=quitting)
            )
            if choice == "discard":
                if not quitting:
                    self._discard()
                return quitting
            if choice != "retry":
                self._problem(f"Not saved yet: {error}")
                return False
        return True

    async def keep_before_quit(self) -> bool:
        """Asked before the app quits: True when nothing unsaved would be lost."""
        if self.session.editing is not None:
            return await self._edit_settled(quitting=True)
        if not await self._unfinished_ok(self._take_typing(), quitting=True):
            return False
        if not self.session.answers and not self.session.draft_saved:
            return True
        return await self._kept(quitting=True)

    def _discard(self) -> None:
        def discarded(_: None) -> None:
            self.notify("Draft discarded.")

        self.companion.write_in_background(self.session.discard, discarded)
        self.dismiss()


def _has_words(value: Any) -> bool:
    """Whether a typed value holds anything a leader wrote (an emptied box holds nothing)."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dict):
        return any(_has_words(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_words(v) for v in value)
    return value is not None
