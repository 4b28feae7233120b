"""Export and import of documents as JSON Lines: one document with all its metadata per line.

An export holds everything needed to store the documents again (the received text, the detected and
edited metadata, ids and dates); the search terms are derived again on import. An import is all or
nothing: every line is checked first, and the documents are stored in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.audit_details import import_detail
from bot.ingest import content_hash
from bot.understanding import document_terms
from storage.audit import AuditLog
from storage.documents import Document, DocumentStore, NewDocument, StoredAction

DATE_PRECISIONS = ("day", "month", "year", "unknown")
_REQUIRED_TEXT = ("title", "text", "raw_text", "language")
_OPTIONAL_TEXT = ("country", "published", "source", "url", "added_at", "deleted_at")
_TEXT_LISTS = ("countries_mentioned", "messengers", "platforms")


def document_record(document: Document, raw_text: str) -> dict[str, Any]:
    """A document as one export record."""
    record: dict[str, Any] = {
        "id": document.id,
        "title": document.title,
        "text": document.text,
        "raw_text": raw_text,
        "language": document.language,
        "country": document.country,
        "countries_mentioned": list(document.countries_mentioned),
        "published": document.published,
        "date_precision": document.date_precision,
        "messengers": list(document.messengers),
        "platforms": list(document.platforms),
        "actions": [
            {"kind": a.kind, "sentence": a.sentence, "messengers": list(a.messengers)}
            for a in document.actions
        ],
        "source": document.source,
        "url": document.url,
        "added_by": document.added_by,
        "added_at": document.added_at,
        "content_hash": document.content_hash,
    }
    if document.deleted_at is not None:
        record["deleted_at"] = document.deleted_at
    return record


async def export_lines(store: DocumentStore, *, include_deleted: bool = False) -> list[str]:
    """Every document (deleted ones only when asked for) as JSON Lines, in id order."""
    documents = await store.all(include_deleted=include_deleted)
    raw = await store.raw_texts([document.id for document in documents])
    return [
        json.dumps(document_record(document, raw[document.id]), ensure_ascii=False) + "\n"
        for document in documents
    ]


@dataclass(frozen=True)
class LineError:
    """A line of an export file that cannot be imported, and why."""

    line: int
    reason: str


class InvalidExportError(ValueError):
    """An export file with bad lines; nothing of it was imported."""

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__("; ".join(f"line {e.line}: {e.reason}" for e in errors[:5]))
        self.errors = errors


@dataclass(frozen=True)
class ExportedDocument:
    """One checked line of an export: the document to store, its former id and deletion time."""

    line: int
    new: NewDocument
    document_id: int | None
    deleted_at: str | None


@dataclass
class ImportReport:
    """What an import did."""

    added: list[int] = field(default_factory=list)
    already_stored: int = 0


def parse_record(line_number: int, line: str) -> ExportedDocument:
    """Check one line and turn it into a document to store; raises ValueError naming what is wrong."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    for name in _REQUIRED_TEXT:
        if not isinstance(record.get(name), str):
            raise ValueError(f"{name} is missing or not text")
    if not record["raw_text"].strip():
        raise ValueError("raw_text is empty")
    for name in _OPTIONAL_TEXT:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise ValueError(f"{name} is not text")
    for name in _TEXT_LISTS:
        value = record.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValueError(f"{name} is not a list of texts")
    precision = record.get("date_precision", "unknown" if not record.get("published") else "day")
    if precision not in DATE_PRECISIONS:
        raise ValueError(f"date_precision must be one of {', '.join(DATE_PRECISIONS)}")
    if record.get("published"):
        try:
            date.fromisoformat(record["published"])
        except ValueError:
            raise ValueError(f"published is not a date: {record['published']!r}") from None
    for name in ("id", "added_by"):
        value = record.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise ValueError(f"{name} is not a whole number")
    if record.get("id") is not None and record["id"] < 1:
        raise ValueError("id must be positive")
    title_terms, body_terms = document_terms(record["title"], record["text"])
    new = NewDocument(
        content_hash=content_hash(record["raw_text"]),
        title=record["title"],
        text=record["text"],
        raw_text=record["raw_text"],
        language=record["language"],
        country=record.get("country"),
        published=record.get("published"),
        date_precision=precision,
        title_terms=title_terms,
        body_terms=body_terms,
        countries_mentioned=tuple(record.get("countries_mentioned", [])),
        messengers=tuple(record.get("messengers", [])),
        platforms=tuple(record.get("platforms", [])),
        actions=_actions(record.get("actions", [])),
        source=record.get("source"),
        url=record.get("url"),
        added_by=record.get("added_by"),
        added_at=record.get("added_at"),
    )
    return ExportedDocument(line_number, new, record.get("id"), record.get("deleted_at"))


def _actions(value: object) -> tuple[StoredAction, ...]:
    if not isinstance(value, list):
        raise ValueError("actions is not a list")
    actions = []
    for item in value:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("kind"), str)
            or not isinstance(item.get("sentence"), str)
        ):
            raise ValueError("an action needs a kind and a sentence")
        messengers = item.get("messengers", [])
        if not isinstance(messengers, list) or not all(isinstance(m, str) for m in messengers):
            raise ValueError("an action's messengers are not a list of texts")
        actions.append(StoredAction(item["kind"], item["sentence"], tuple(messengers)))
    return tuple(actions)


def parse_export(lines: Iterable[str]) -> list[ExportedDocument]:
    """Check every line (blank lines are skipped); raises InvalidExportError listing all bad lines."""
    parsed: list[ExportedDocument] = []
    errors: list[LineError] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            parsed.append(parse_record(number, line))
        except ValueError as error:
            errors.append(LineError(number, str(error)))
    if errors:
        raise InvalidExportError(errors)
    return parsed


async def import_documents(
    store: DocumentStore, lines: Iterable[str], *, user_id: int | None = None
) -> ImportReport:
    """Store the documents of an export in one transaction; content stored already is skipped.

    Raises InvalidExportError (and stores nothing) when any line is bad.
    """
    documents = parse_export(lines)
    report = ImportReport()
    audit = AuditLog(store.database)
    async with store.database.transaction() as connection:
        for exported in documents:
            stored = await store.import_in(
                connection, exported.new, document_id=exported.document_id, deleted_at=exported.deleted_at
            )
            if stored is None:
                report.already_stored += 1
            else:
                report.added.append(stored)
        await audit.record_in(
            connection,
            "import",
            user_id=user_id,
            detail=import_detail(len(report.added), report.already_stored),
        )
    return report
