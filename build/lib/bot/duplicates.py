"""Near-duplicate detection: the same story told in nearly the same words (pure).

Texts are normalised (case, punctuation, digits' form, whitespace), cut into overlapping runs of
``SHINGLE_WORDS`` words, and compared by the Jaccard similarity of those sets. Exact shingle sets are
cheap at this corpus size (hundreds to a few thousand documents per country and language), and unlike
MinHash they give the same answer every time.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

SHINGLE_WORDS = 3
NEAR_DUPLICATE = 0.9

_WORD = re.compile(r"\w+", re.UNICODE)
# Arabic-script letters that Persian and Arabic keyboards type differently for the same word.
# Russian ё is often written е.
_FOLD = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی", "ة": "ه", "ۀ": "ه", "ـ": "", "ё": "е"})


@dataclass(frozen=True)
class NearDuplicate:
    """A stored document that tells the same story, and how similar it is (0–1)."""

    document_id: int
    similarity: float


def normalised_words(text: str) -> list[str]:
    """The words of a text, case-folded and with compatibility forms, diacritics marks and ZWNJ removed."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    folded = folded.replace("\u200c", "").replace("\u200d", "")
    decomposed = unicodedata.normalize("NFD", folded)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _WORD.findall(unicodedata.normalize("NFC", stripped))


def fingerprint(text: str, *, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """The set of hashed word shingles of a text (a short text is one shingle of all its words)."""
    words = normalised_words(text)
    if not words:
        return frozenset()
    if len(words) < size:
        return frozenset({_hash(" ".join(words))})
    return frozenset(_hash(" ".join(words[i : i + size])) for i in range(len(words) - size + 1))


def similarity(first: frozenset[int], second: frozenset[int]) -> float:
    """Jaccard similarity of two fingerprints; two empty texts are not similar."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def find_near_duplicate(
    text: str, candidates: Iterable[tuple[int, str]], *, threshold: float = NEAR_DUPLICATE
) -> NearDuplicate | None:
    """The most similar candidate ``(id, text)`` at or above the threshold, if any."""
    mine = fingerprint(text)
    best: NearDuplicate | None = None
    for document_id, other in candidates:
        score = similarity(mine, fingerprint(other))
        if score >= threshold and (best is None or score > best.similarity):
            best = NearDuplicate(document_id, score)
    return best


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
