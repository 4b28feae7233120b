"""Finding curated names (countries, apps, cue words) in tokenised text.

An alias is written in the knowledge files as a user would write it. It is compared on
normalised words, and its words may appear joined, separated by a space or by a ZWNJ
(``واتس اپ`` = ``واتساپ``). Spelling marks: trailing ``*`` accepts inflection endings,
leading ``=`` compares case-sensitively, leading ``?`` flags a name that is also a common word.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.understanding.normalize import Token, join_persian_compounds, tokenize, words

T = TypeVar("T")

# Longest alias, in words, that is looked for.
_MAX_WORDS = 6
# Longest inflection ending accepted after a "*" alias (Kazakh stacks several: -стандағы).
_MAX_ENDING = 8
# Persian endings accepted after any Persian alias (plural, ezafe, indefinite, adjective).
_PERSIAN_ENDINGS = ("هایی", "های", "ها", "یی", "ای", "ی", "ش")


@dataclass(frozen=True)
class Alias(Generic[T]):
    """What an alias points to and how it may be matched."""

    target: T
    text: str
    inflectable: bool
    case_sensitive: bool
    ambiguous: bool


@dataclass(frozen=True)
class AliasMatch(Generic[T]):
    """An alias found in a token list: tokens ``first`` to ``last`` (exclusive)."""

    alias: Alias[T]
    first: int
    last: int


def _raw_key(tokens: Sequence[Token]) -> str:
    return "".join(unicodedata.normalize("NFKC", t.raw).replace("'", "") for t in tokens)


def _is_arabic_script(text: str) -> bool:
    return bool(text) and "\u0600" <= text[0] <= "\u06ff"


class AliasIndex(Generic[T]):
    """Leftmost-longest matching of many aliases over a token list, in linear time."""

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        self._exact: dict[str, Alias[T]] = {}
        self._inflectable: dict[str, Alias[T]] = {}
        self._case_sensitive: dict[str, Alias[T]] = {}
        # Normalised forms of the case-sensitive keys: the raw text is built only for these.
        self._case_folded: set[str] = set()
        self._prefixes: set[str] = set()
        # The first one to three characters of every key, and the keys shorter than three
        # characters: a word that starts with none of them begins no match (see _may_start).
        self._openings: set[str] = set()
        self._short_keys: set[str] = set()
        for spec, target in entries:
            self._add(spec, target)

    def _add(self, spec: str, target: T) -> None:
        text = spec
        ambiguous = text.startswith("?")
        text = text.removeprefix("?")
        case_sensitive = text.startswith("=")
        text = text.removeprefix("=")
        inflectable = text.endswith("*")
        text = text.removesuffix("*")
        # Not the cached ``words``: hundreds of aliases would evict the document being read.
        tokens = join_persian_compounds(tokenize(text))
        if not tokens:
            raise ValueError(f"alias {spec!r} has no words")
        alias = Alias(target, text, inflectable, case_sensitive, ambiguous)
        key = "".join(t.norm for t in tokens)
        self._openings.update(key[:end] for end in range(1, min(3, len(key)) + 1))
        if len(key) < 3:
            self._short_keys.add(key)
        if case_sensitive:
            self._case_sensitive.setdefault(_raw_key(tokens), alias)
            self._case_folded.add(key)
        elif inflectable:
            self._inflectable.setdefault(key, alias)
            self._exact.setdefault(key, alias)
        else:
            self._exact.setdefault(key, alias)
        # Every proper prefix of a key lets a match grow over the next word.
        for end in range(1, len(key)):
            self._prefixes.add(key[:end])

    def _match(self, key: str, tokens: Sequence[Token]) -> Alias[T] | None:
        if key in self._case_folded:
            found = self._case_sensitive.get(_raw_key(tokens))
            if found is not None:
                return found
        last_word = tokens[-1].norm
        found = self._exact.get(key)
        if found is not None:
            return found
        # An ending belongs to the last word only: "telegram, signal" is not "telegram" + ending.
        longest_ending = min(_MAX_ENDING, len(key) - 3, len(last_word) - 1)
        for cut in range(1, longest_ending + 1):
            found = self._inflectable.get(key[:-cut])
            if found is not None:
                return found
        if _is_arabic_script(key):
            for ending in _PERSIAN_ENDINGS:
                if key.endswith(ending) and len(ending) < len(last_word):
                    found = self._exact.get(key[: -len(ending)])
                    if found is not None:
                        return found
        return None

    def _may_start(self, word: str) -> bool:
        """False when no alias match can begin with ``word``: a few set lookups skip most words.

        A match begins with its key (a longer word may add an ending), and a match still
        growing over the next words is a prefix of a key, so the word and the key agree on
        their first three characters, or the word is a prefix of a key, or (Persian endings
        after a short name: گپ → گپی) a key shorter than three characters begins the word.
        """
        return word[:3] in self._openings or word[:2] in self._short_keys or word[:1] in self._short_keys

    def find_all(self, tokens: Sequence[Token]) -> list[AliasMatch[T]]:
        """Every alias occurrence, leftmost-longest, non-overlapping, in text order."""
        matches: list[AliasMatch[T]] = []
        count = len(tokens)
        i = 0
        while i < count:
            best: AliasMatch[T] | None = None
            if not self._may_start(tokens[i].norm):
                i += 1
                continue
            key = ""
            for j in range(i, min(count, i + _MAX_WORDS)):
                key += tokens[j].norm
                alias = self._match(key, tokens[i : j + 1])
                if alias is not None:
                    best = AliasMatch(alias, i, j + 1)
                if key not in self._prefixes:
                    break
            if best is None:
                i += 1
            else:
                matches.append(best)
                i = best.last
        return matches

    def lookup(self, phrase: str) -> Alias[T] | None:
        """The alias that covers the whole phrase, if any (for names typed by users)."""
        tokens = words(phrase)
        if not tokens or len(tokens) > _MAX_WORDS:
            return None
        return self._match("".join(t.norm for t in tokens), tokens)
