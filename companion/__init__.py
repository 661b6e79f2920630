"""Companion: a private coaching companion for leaders who change systems."""

__version__ = "0.1.0"
