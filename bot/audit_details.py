"""The detail of an audit entry: written here when an action is recorded, and read back here to show it.

The stored text stays plain English-like data (``12 documents, deleted included``) so that rows written
by older versions read the same; /audit shows what is read back in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

EDIT_FIELDS = ("title", "country", "published", "date_precision", "language", "url", "source")
_EDIT_SEPARATOR = re.compile(r"; (?=(?:" + "|".join(EDIT_FIELDS) + ")=)")
_EXPORT = re.compile(r"(\d+) documents?(, deleted included)?")
_IMPORT = re.compile(r"(\d+) added, (\d+) already stored")


@dataclass(frozen=True)
class ExportDetail:
    """How many documents an export held, and whether deleted ones were among them."""

    documents: int
    deleted_included: bool


@dataclass(frozen=True)
class ImportDetail:
    """How many documents an import added, and how many it found stored already."""

    added: int
    already_stored: int


def edit_detail(changes: Mapping[str, str | None]) -> str:
    """``title=New title; country=KZ``: the fields an edit changed, with their new values."""
    return "; ".join(f"{name}={'' if value is None else value}" for name, value in changes.items())


def read_edit(detail: str) -> list[tuple[str, str]] | None:
    """The (field, new value) pairs of an edit's detail, or None when it is not one."""
    pairs = []
    for part in _EDIT_SEPARATOR.split(detail):
        name, equals, value = part.partition("=")
        if not equals or name not in EDIT_FIELDS:
            return None
        pairs.append((name, value))
    return pairs


def export_detail(documents: int, *, deleted_included: bool) -> str:
    """``12 documents`` or ``12 documents, deleted included``."""
    return f"{documents} documents" + (", deleted included" if deleted_included else "")


def read_export(detail: str) -> ExportDetail | None:
    """What an export's detail says, or None when it is not one."""
    found = _EXPORT.fullmatch(detail)
    return ExportDetail(int(found[1]), found[2] is not None) if found else None


def import_detail(added: int, already_stored: int) -> str:
    """``3 added, 1 already stored``."""
    return f"{added} added, {already_stored} already stored"


def read_import(detail: str) -> ImportDetail | None:
    """What an import's detail says, or None when it is not one."""
    found = _IMPORT.fullmatch(detail)
    return ImportDetail(int(found[1]), int(found[2])) if found else None
