"""Gathering: several leaders' contributions made into a report for the trio or the cohort.

model: a contribution, and many gathered with each counted once; reports: the learning report,
the impact report and the Culture Book, as Markdown or one inert HTML page. Reading a
contribution file (checked, sealed or not) is companion.importing.contributions.
"""

from __future__ import annotations

from companion.export.gather.model import (
    FORMAT,
    MARKER,
    Contribution,
    Gathered,
    SharedAnswer,
    SharedEntry,
    gather,
)
from companion.export.gather.reports import FORMS, Form, report_document, report_form

__all__ = [
    "FORMAT",
    "FORMS",
    "MARKER",
    "Contribution",
    "Form",
    "Gathered",
    "SharedAnswer",
    "SharedEntry",
    "gather",
    "report_document",
    "report_form",
]
