"""Policy actions stated in a text, each with the sentence that evidences it.

A sentence counts when it is about the topic (it names an app or a word such as internet,
messenger, پیام‌رسان) and contains a cue phrase of one of the fixed kinds. Longer cues win
over the shorter ones inside them (``رفع فیلتر`` is unblock, not block). A ban that is
denied, negated or only reported as a rumour is not a ban: such sentences yield ``deny``
or nothing. Naming a state-promoted messenger (Aitu, Soroush) together with a word of
promotion or mandate makes ``state_messenger``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from bot.knowledge import ACTION_KINDS, action_cues
from bot.understanding.messengers import AppMention, find_app_mentions
from bot.understanding.normalize import DETECTION_LIMIT, Token, normalize_word, tokenize, tokens_within, words
from bot.understanding.sentences import split_sentences

# Words allowed between two words of a cue phrase.
_MAX_GAP = 2
# How far before a ban cue a negation still applies ("не идёт о блокировке").
_NEGATION_REACH = 3
# Persian negates the verb that follows the cue ("فیلتر نمی‌شود").
_PERSIAN_NEGATED_VERBS = ("نمی", "نخواهد", "نشد", "نشده", "نکرد", "نکرده")
_SUPPRESSED_BY_DENIAL = ("block", "throttle", "unblock")

_TOPIC = "topic"
_HEDGE = "hedge"
_PROMOTION = "promotion"


@dataclass(frozen=True)
class PolicyAction:
    """A policy action of one ``kind``, the sentence stating it and the messengers it names."""

    kind: str
    sentence: str
    messengers: tuple[str, ...]


@dataclass(frozen=True)
class _Phrase:
    label: str
    parts: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class _PhraseMatch:
    label: str
    positions: tuple[int, ...]


def _parse(phrase: str, label: str) -> _Phrase | None:
    parts: list[tuple[str, bool]] = []
    for piece in phrase.split():
        prefix = piece.endswith("*")
        sub = [t.norm for t in tokenize(piece.removesuffix("*"))]
        parts += [(s, False) for s in sub[:-1]]
        if sub:
            parts.append((sub[-1], prefix))
    return _Phrase(label, tuple(parts)) if parts else None


def _part_matches(part: tuple[str, bool], token: str) -> bool:
    text, prefix = part
    return token.startswith(text) if prefix else token == text


class _PhraseIndex:
    """Cue phrases indexed by their first word, matched with small gaps."""

    def __init__(self, phrases: Iterable[tuple[str, str]]) -> None:
        self._exact: dict[str, list[_Phrase]] = {}
        self._prefixed: dict[str, list[_Phrase]] = {}
        for text, label in phrases:
            phrase = _parse(text, label)
            if phrase is None:
                continue
            first, prefix = phrase.parts[0]
            if prefix:
                self._prefixed.setdefault(first[:2], []).append(phrase)
            else:
                self._exact.setdefault(first, []).append(phrase)

    def _complete(self, phrase: _Phrase, tokens: Sequence[Token], start: int) -> tuple[int, ...] | None:
        positions = [start]
        for part in phrase.parts[1:]:
            last = positions[-1]
            following = range(last + 1, min(len(tokens), last + 2 + _MAX_GAP))
            found = next((k for k in following if _part_matches(part, tokens[k].norm)), None)
            if found is None:
                return None
            positions.append(found)
        return tuple(positions)

    def find(self, tokens: Sequence[Token]) -> list[_PhraseMatch]:
        found: list[_PhraseMatch] = []
        for index, token in enumerate(tokens):
            # Most words start no phrase: two look-ups, and no list is built for them.
            word = token.norm
            for phrase in self._exact.get(word, ()):
                self._add_completed(found, phrase, tokens, index)
            for phrase in self._prefixed.get(word[:2], ()):
                if word.startswith(phrase.parts[0][0]):
                    self._add_completed(found, phrase, tokens, index)
        return found

    def _add_completed(
        self, found: list[_PhraseMatch], phrase: _Phrase, tokens: Sequence[Token], start: int
    ) -> None:
        positions = self._complete(phrase, tokens, start)
        if positions is not None:
            found.append(_PhraseMatch(phrase.label, positions))


@cache
def _cue_index() -> _PhraseIndex:
    cues = action_cues()
    return _PhraseIndex((cue, kind) for kind, phrases in cues.kinds.items() for cue in phrases)


@cache
def _qualifier_index() -> _PhraseIndex:
    cues = action_cues()
    entries = [(w, _TOPIC) for w in cues.topic_words]
    entries += [(w, _HEDGE) for w in cues.hedges]
    entries += [(w, _PROMOTION) for w in cues.promotion_words]
    return _PhraseIndex(entries)


@cache
def _negations() -> tuple[frozenset[str], frozenset[str]]:
    cues = action_cues()
    return (
        frozenset(normalize_word(w) for w in cues.negations),
        frozenset(normalize_word(w) for w in cues.negation_breakers),
    )


def _non_overlapping(matches: list[_PhraseMatch]) -> list[_PhraseMatch]:
    """Longest cues first; a shorter cue inside a longer one is dropped."""
    taken: set[int] = set()
    kept = []
    for match in sorted(matches, key=lambda m: (-len(m.positions), m.positions[0])):
        if taken.isdisjoint(match.positions):
            kept.append(match)
            taken.update(match.positions)
    return kept


def _negated(match: _PhraseMatch, tokens: Sequence[Token]) -> bool:
    first, last = match.positions[0], match.positions[-1]
    # Before the cue or between its words: "не блокируется", "доступ не ограничивался".
    negations, breakers = _negations()
    for index in range(max(0, first - _NEGATION_REACH), last):
        if index in match.positions:
            continue  # the cue's own word: "no longer blocked" is an unblocking
        following = tokens[index + 1].norm if index + 1 < len(tokens) else ""
        if tokens[index].norm in negations and following not in breakers:
            return True
    after = tokens[last + 1 : last + 3]
    return any(t.norm.startswith(_PERSIAN_NEGATED_VERBS) for t in after)


def _sentence_spans(text: str) -> list[tuple[str, int, int]]:
    spans = []
    position = 0
    for sentence in split_sentences(text):
        start = text.find(sentence, position)
        if start < 0:
            start = position
        end = start + len(sentence)
        spans.append((sentence, start, end))
        position = end
    return spans


def _kinds_of(tokens: Sequence[Token], apps: list[AppMention]) -> list[str]:
    cues = _non_overlapping(_cue_index().find(tokens))
    if not cues and not apps:
        return []
    qualifiers = {m.label for m in _qualifier_index().find(tokens)}
    kinds: set[str] = set()
    for cue in cues:
        kind = cue.label
        # "Not blocked" and "no plan to lift the filter" are denials, not actions.
        if kind in ("block", "unblock") and _negated(cue, tokens):
            kind = "deny"
        kinds.add(kind)
    if _PROMOTION in qualifiers and any(m.app.state_promoted for m in apps):
        kinds.add("state_messenger")
    topical = bool(apps) or _TOPIC in qualifiers or "state_messenger" in kinds
    if not topical:
        return []
    if "deny" in kinds or _HEDGE in qualifiers:
        kinds.difference_update(_SUPPRESSED_BY_DENIAL)
    return [kind for kind in ACTION_KINDS if kind in kinds]


def detect_actions(text: str, language: str) -> tuple[PolicyAction, ...]:
    """Policy actions stated in ``text``, in text order, one per kind and sentence.

    ``language`` is accepted for symmetry; cues of every supported language are tried.
    """
    text = text[:DETECTION_LIMIT]
    mentions = find_app_mentions(text)
    # The whole text is tokenised once (and cached for the other detectors), not again per sentence.
    tokens = words(text)
    actions: list[PolicyAction] = []
    cursor = 0
    for sentence, start, end in _sentence_spans(text):
        # Mentions and sentences are both in text order: walk them together.
        while cursor < len(mentions) and mentions[cursor].start < start:
            cursor += 1
        inside = []
        while cursor < len(mentions) and mentions[cursor].start < end:
            inside.append(mentions[cursor])
            cursor += 1
        messengers = tuple(dict.fromkeys(m.app.name for m in inside if m.app.kind == "messenger"))
        # A sentence with a Persian compound joined across its edge is read alone, as before.
        sentence_tokens = tokens_within(tokens, start, end)
        if sentence_tokens is None:
            sentence_tokens = words(sentence)
        for kind in _kinds_of(sentence_tokens, inside):
            actions.append(PolicyAction(kind, sentence, messengers))
    return tuple(actions)
