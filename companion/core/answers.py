"""Read an answers file (TOML or JSON) for `companion reflect ID --answers FILE`."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.core import limits
from companion.core.errors import AnswerError, Hint, UsageError
from companion.core.session import Session


@dataclass(frozen=True)
class GivenAnswer:
    value: Any
    private: bool | None


def read_answers(path: Path) -> dict[str, GivenAnswer]:
    """Step id -> answer, from a TOML or JSON file; `{value = …, private = true}` marks private."""
    try:
        raw = limits.read_regular(path, limits.SMALL_FILE)
    except FileNotFoundError:
        raise UsageError(f"There is no answers file at {path}.") from None
    except limits.LimitExceeded as error:
        raise _beyond(path, error) from None
    except OSError as error:
        raise UsageError(f"The answers file {path} cannot be read ({error.strerror}).") from None
    text = _utf8_text(path, raw)
    data: Any
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            data = limits.loads_json(text)
        except limits.LimitExceeded as error:
            raise _beyond(path, error) from None
        except json.JSONDecodeError as error:
            raise UsageError(
                f"The answers file {path} is not valid JSON (line {error.lineno}, column "
                f"{error.colno}: {error.msg})."
            ) from None
    else:
        try:
            data = limits.loads_toml(text)
        except limits.LimitExceeded as error:
            raise _beyond(path, error) from None
        except tomllib.TOMLDecodeError as error:
            from companion.core.scripts import explain_toml_error

            line, where, plain = explain_toml_error(str(error))
            at = ", ".join(p for p in (f"line {line}" if line else "", where) if p)
            raise UsageError(
                f"The answers file {path} is not valid TOML ({at}): {plain}."
            ) from None
    if not isinstance(data, dict):
        raise UsageError(f"The answers file {path} should map step ids to answers.")
    given: dict[str, GivenAnswer] = {}
    for step_id, value in data.items():
        if isinstance(value, dict) and "value" in value:
            extra = [k for k in value if k not in ("value", "private")]
            if extra:
                raise UsageError(
                    f"The answer to '{step_id}' has '{extra[0]}'; an answer given as a table "
                    "takes only value and private."
                )
            private = value.get("private")
            if private is not None and not isinstance(private, bool):
                raise UsageError(f"'private' for '{step_id}' must be true or false.")
            given[str(step_id)] = GivenAnswer(value["value"], private)
        else:
            given[str(step_id)] = GivenAnswer(value, None)
    return given


def _utf8_text(path: Path, raw: bytes) -> str:
    """The file's text, read strictly as UTF-8 (a BOM allowed): a wrong guess would save
    mangled words ("caf\ufffd") without a word of warning."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    looks = "Latin-1/Windows-1252"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4]:
        looks = "UTF-16"
    raise UsageError(
        f"{path} is not UTF-8 text (it looks like {looks}); save it as UTF-8 and try again."
    ) from None


def _beyond(path: Path, error: limits.LimitExceeded) -> UsageError:
    """One sentence for an answers file beyond Companion's limits (a folder, too deep, ...)."""
    return UsageError(f"The answers file {path} {error}, so it was not used; nothing was saved.")


def apply_answers(session: Session, given: dict[str, GivenAnswer]) -> None:
    """Give every answer to the session, naming the step in any error."""
    known = {step.id for step in session.steps}
    review_ids = {step.id.split("/", 1)[1]: step.id for step in session.steps if "/" in step.id}
    for step_id in given:
        if step_id not in known and not any(step_id == s.step.id for s in session.steps):
            session.step_by_id(step_id)  # raises an error listing the real step ids
    for step_id, answer in given.items():
        runtime_steps = [s for s in session.steps if s.id == step_id]
        if not runtime_steps and not isinstance(answer.value, dict):
            raise AnswerError(
                f"'{step_id}' goes through each open commitment, so its answer is a table from "
                "each commitment's id (or its first characters) to a decision, such as "
                f'{step_id} = {{ 01abc = {{ decision = "done", note = "..." }} }}.'
            )
        if not runtime_steps and isinstance(answer.value, dict):
            # A weekly review: { commitment-id-or-prefix = decision, … } under the review step.
            for prefix, decision in answer.value.items():
                matches = [full for short, full in review_ids.items() if short.startswith(prefix)]
                if not matches:
                    raise AnswerError(
                        f"In '{step_id}', '{prefix}' is not the id of an open commitment. ",
                        Hint.SHOW_COMMITMENT_IDS,
                        ".",
                    )
                if len(matches) > 1:
                    raise AnswerError(
                        f"In '{step_id}', '{prefix}' matches {len(matches)} open commitments; "
                        "use more of its id: ",
                        Hint.SHOW_COMMITMENT_IDS,
                        ".",
                    )
                _give(session, matches[0], decision, answer.private)
            continue
        if not runtime_steps:
            raise AnswerError(
                f"The step '{step_id}' asks nothing here: there is nothing to answer."
            )
        _give(session, step_id, answer.value, answer.private)
    missing = session.missing()
    if missing:
        names = "; ".join(f"'{s.id}' ({s.prompt})" for s in missing)
        if len(missing) == 1:
            message = f"The answers file has no answer for the required step {names}. Add one."
        else:
            message = (
                f"The answers file has no answers for these required steps: {names}. Add them."
            )
        raise AnswerError(message)


def _give(session: Session, step_id: str, value: Any, private: bool | None) -> None:
    try:
        session.answer(value, private=private, step_id=step_id)
    except AnswerError as error:
        raise AnswerError(f"Step '{step_id}': {error}") from None
