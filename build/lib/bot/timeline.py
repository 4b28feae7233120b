"""A country's documents and policy actions in time order: the data a timeline is drawn from (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storage.documents import Document

# How a policy action weighs on people's use of messengers; the picture colours events by it.
# The kinds are those the understanding package detects (bot/knowledge/actions.toml).
RESTRICTING = frozenset({"block", "throttle", "legal"})
EASING = frozenset({"unblock", "deny", "cooperation"})
STATE = frozenset({"state_messenger"})


@dataclass(frozen=True)
class TimelineEvent:
    """One document on the time axis, with the messengers and action kinds it reports."""

    date: str | None
    precision: str
    document_id: int
    title: str
    language: str
    source: str | None
    messengers: tuple[str, ...]
    actions: tuple[str, ...]

    @property
    def category(self) -> str:
        """``restricting``, ``easing``, ``state`` or ``report`` (a document without a policy action)."""
        return action_category(self.actions)

    @property
    def year(self) -> str | None:
        """The event's year, when its date is known."""
        return self.date[:4] if self.date else None


@dataclass(frozen=True)
class Timeline:
    """A country's dated events, oldest first, and the documents without a known date."""

    country: str
    events: tuple[TimelineEvent, ...]
    undated: tuple[TimelineEvent, ...]

    @property
    def start(self) -> str | None:
        """The oldest date on the axis."""
        return self.events[0].date if self.events else None

    @property
    def end(self) -> str | None:
        """The newest date on the axis."""
        return self.events[-1].date if self.events else None

    def latest(self, count: int) -> tuple[TimelineEvent, ...]:
        """The newest ``count`` dated events, still oldest first."""
        return self.events[-count:] if count > 0 else ()


def action_category(kinds: Iterable[str]) -> str:
    """The strongest category among a document's action kinds (restricting wins over the others)."""
    found = {kind.lower() for kind in kinds}
    if found & RESTRICTING:
        return "restricting"
    if found & STATE:
        return "state"
    if found & EASING:
        return "easing"
    return "report"


def timeline_event(document: Document) -> TimelineEvent:
    """A document as a timeline event."""
    kinds = tuple(dict.fromkeys(action.kind for action in document.actions))
    messengers = list(document.messengers)
    for action in document.actions:
        messengers += [name for name in action.messengers if name not in messengers]
    return TimelineEvent(
        date=document.published,
        precision=document.date_precision,
        document_id=document.id,
        title=document.title,
        language=document.language,
        source=document.source,
        messengers=tuple(messengers),
        actions=kinds,
    )


def build_timeline(country: str, documents: Iterable[Document]) -> Timeline:
    """A country's timeline from its documents (any order in; oldest first out, undated apart)."""
    events = [timeline_event(document) for document in documents]
    dated = sorted((e for e in events if e.date), key=lambda e: (e.date or "", e.document_id))
    undated = sorted((e for e in events if not e.date), key=lambda e: e.document_id)
    return Timeline(country=country, events=tuple(dated), undated=tuple(undated))
