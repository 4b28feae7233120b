"""Messaging apps and social platforms named in a text.

Names that are also ordinary words (Persian گپ "chat", بله "yes", English "signal", the
name Max) count only in context: next to a messenger word or to another app, and, when
written in Latin or Cyrillic letters, only when capitalised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from bot.knowledge import App, apps
from bot.understanding.matching import AliasIndex, AliasMatch
from bot.understanding.normalize import DETECTION_LIMIT, Token, words

_CONTEXT = "messenger word"


@dataclass(frozen=True)
class MessengerMentions:
    """Canonical names found, in order of first appearance."""

    messengers: tuple[str, ...]
    platforms: tuple[str, ...]


@dataclass(frozen=True)
class AppMention:
    """One confirmed mention of an app, located by character offsets."""

    app: App
    start: int
    end: int


@cache
def _app_index() -> AliasIndex[App]:
    return AliasIndex((alias, app) for app in apps().apps for alias in app.aliases)


@cache
def _context_index() -> AliasIndex[str]:
    return AliasIndex((word, _CONTEXT) for word in apps().messenger_words)


def _capitalised(token: Token) -> bool:
    first = token.raw[:1]
    return first.isupper()


def _needs_capital(token: Token) -> bool:
    # Scripts with letter case; Persian and Arabic have none, so context alone decides there.
    first = token.norm[:1]
    return first.isascii() or "\u0400" <= first <= "\u052f"


def _confirm(
    found: list[AliasMatch[App]], context: list[AliasMatch[str]], tokens: Sequence[Token], window: int
) -> list[AliasMatch[App]]:
    """Keep unambiguous matches and the ambiguous ones that their surroundings support."""
    candidates = [
        m
        for m in found
        if not m.alias.ambiguous or not _needs_capital(tokens[m.first]) or _capitalised(tokens[m.first])
    ]
    confirmed = [not m.alias.ambiguous for m in candidates]
    # Ambiguous names may support each other (…گپ و سروش…): group every mention and messenger
    # word into runs whose neighbours stand at most ``window`` words apart; a run holding a
    # messenger word or an unambiguous name confirms all names in it.
    points = sorted(
        [(m.first, -1) for m in context] + [(m.first, index) for index, m in enumerate(candidates)]
    )
    run: list[int] = []
    anchored = False
    previous = None
    for position, index in points:
        if previous is not None and position - previous > window:
            if anchored:
                for member in run:
                    confirmed[member] = True
            run, anchored = [], False
        previous = position
        if index < 0 or confirmed[index]:
            anchored = True
        else:
            run.append(index)
    if anchored:
        for member in run:
            confirmed[member] = True
    # A capitalised Latin/Cyrillic name (Max) counts everywhere once the app is confirmed.
    known = {m.alias.target.name for m, ok in zip(candidates, confirmed, strict=True) if ok}
    for index, match in enumerate(candidates):
        if not confirmed[index] and match.alias.target.name in known and _needs_capital(tokens[match.first]):
            confirmed[index] = True
    return [m for m, ok in zip(candidates, confirmed, strict=True) if ok]


@lru_cache(maxsize=8)
def find_app_mentions(text: str) -> tuple[AppMention, ...]:
    """Every confirmed app mention in the opening of ``text``, in text order (cached per text)."""
    tokens = words(text[:DETECTION_LIMIT])
    found = _app_index().find_all(tokens)
    if not found:
        return ()
    context = _context_index().find_all(tokens) if any(m.alias.ambiguous for m in found) else []
    confirmed = _confirm(found, context, tokens, apps().window)
    return tuple(AppMention(m.alias.target, tokens[m.first].start, tokens[m.last - 1].end) for m in confirmed)


def _names(mentions: Sequence[AppMention], kind: str) -> tuple[str, ...]:
    ordered: dict[str, None] = {}
    for mention in mentions:
        if mention.app.kind == kind:
            ordered.setdefault(mention.app.name, None)
    return tuple(ordered)


def detect_messengers(text: str) -> MessengerMentions:
    """Messengers and, kept apart, platforms named in ``text`` (canonical English names)."""
    mentions = find_app_mentions(text)
    return MessengerMentions(messengers=_names(mentions, "messenger"), platforms=_names(mentions, "platform"))


def resolve_messenger(name: str) -> str | None:
    """Canonical name of the app a user typed (``телеграм``, ``واتساپ``, ``Aitu``), or None."""
    alias = _app_index().lookup(name)
    return alias.target.name if alias is not None else None


def messenger_aliases(name: str) -> tuple[str, ...]:
    """Every spelling of an app (by canonical name) in every script, without the table's markers."""
    for app in apps().apps:
        if app.name == name:
            return tuple(dict.fromkeys(alias.strip("=?*") for alias in app.aliases))
    return ()
