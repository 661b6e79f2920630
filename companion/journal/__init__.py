"""The journal: storage, service and health checks. Faces use Journal, never files."""

from companion.journal.service import Journal

__all__ = ["Journal"]
