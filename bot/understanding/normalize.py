"""Normalisation, tokenising and light stemming shared by every detector and by search.

One function decides how a word is compared, so that a document and a query typed by a
user meet: ``پیام‌رسان``, ``پیامرسان`` and ``پیام رسان`` become one token, ``Tеlegram``
(with a Cyrillic ``е``) becomes ``telegram``, ``Қазақстанда`` stems to ``қазақстан``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from operator import attrgetter
from typing import NamedTuple

from bot.knowledge import apps, fingerprint, search_knowledge

# Bump by hand whenever a change to the code here (or to document_terms, or to split_sentences, which
# cuts stored terms into sentences) changes the stored terms of some text: stored documents' terms are
# then derived again (see terms_version). search.toml and cleaning.toml (abbreviations) count by themselves.
TERMS_CODE_VERSION = 4

# Persian and Arabic-Indic digits read as ASCII digits.
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

# Arabic letter forms folded into the Persian letters a Persian reader would type; alef and
# hamza carriers folded to their bare letter, tatweel dropped.
_LETTERS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "آ": "ا",
        "ؤ": "و",
        "ё": "е",
        "ـ": None,
        # Apostrophes inside a word (Uzbek oʻ, English Iran's) carry no meaning for matching.
        "'": None,
        "’": None,
        "ʻ": None,
        "ʼ": None,
        "‘": None,
    }
)

# Cyrillic letters that look like Latin ones, and the reverse, for words typed with a
# mixture of both keyboards (``Tеlegram``, ``Мaх``).
_CYRILLIC_TO_LATIN = str.maketrans("аеорсухкмтнвіјѕ", "aeopcyxkmthbijs")
_LATIN_TO_CYRILLIC = str.maketrans("aeopcyxkmthbi", "аеорсухкмтнві")
_CONFUSABLE_CYRILLIC = frozenset("аеорсухкмтнвіјѕ")
_CONFUSABLE_LATIN = frozenset("aeopcyxkmthbi")

# A word: letters, digits and the marks that live inside words (combining marks, Arabic
# harakat, ZWNJ/ZWJ, tatweel, soft hyphen), optionally joined by an apostrophe.
_WORD_CHARS = (
    r"\w\u00ad\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    r"\u06d6-\u06ed\u200c\u200d\u0640"
)
WORD_RE = re.compile(rf"[{_WORD_CHARS}]+(?:['’][{_WORD_CHARS}]+)*")


class Token(NamedTuple):
    """A word of the original text: its exact characters, normalised form and position."""

    raw: str
    norm: str
    start: int
    end: int


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff" or "\u0500" <= char <= "\u052f"


def _is_latin(char: str) -> bool:
    return "a" <= char <= "z" or "\u00e0" <= char <= "\u024f"


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f" or "\ufb50" <= char <= "\ufefc"


def _unmix_scripts(word: str) -> str:
    """Rewrite a word typed with both Latin and Cyrillic letters into its majority script.

    Only done when every minority letter has a look-alike, so a real suffix such as the
    Kazakh ``-да`` in ``telegramда`` stays as written.
    """
    if not (_LATIN_LETTER.search(word) and _CYRILLIC_LETTER.search(word)):
        return word
    latin = [c for c in word if _is_latin(c)]
    cyrillic = [c for c in word if _is_cyrillic(c)]
    if len(latin) >= len(cyrillic):
        if all(c in _CONFUSABLE_CYRILLIC for c in cyrillic):
            return word.translate(_CYRILLIC_TO_LATIN)
    elif all(c in _CONFUSABLE_LATIN for c in latin):
        return word.translate(_LATIN_TO_CYRILLIC)
    return word


# Combining marks (Arabic harakat, accents, Cyrillic titlo) and format characters (ZWNJ,
# ZWJ, bidi marks, soft hyphen, BOM); removing ZWNJ joins Persian compounds.
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
_LATIN_LETTER = re.compile("[a-z\u00e0-\u024f]")
_CYRILLIC_LETTER = re.compile("[\u0400-\u052f]")


def _drop_marks(text: str) -> str:
    return _MARKS.sub("", text)


def fold_text(text: str) -> str:
    """Fold letters, digits and case like :func:`normalize_word` but keep punctuation and spaces.

    Offsets may shift (NFKC, removed marks), so use it for reading values, not for positions.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _drop_marks(folded.translate(_LETTERS).translate(_DIGITS))


@lru_cache(maxsize=65536)
def normalize_word(word: str) -> str:
    """Normalise one word: NFKC, case folding, Persian letters, ASCII digits, no marks."""
    if word.isascii():
        return word.lower().replace("'", "")
    folded = unicodedata.normalize("NFKC", word).casefold()
    folded = _drop_marks(folded.translate(_LETTERS).translate(_DIGITS))
    return _unmix_scripts(folded)


# Detectors read at most this many characters: more than any news article, and it keeps
# hostile input (a megabyte of one character) fast. Normalisation for search reads all.
DETECTION_LIMIT = 200_000


def tokenize(text: str, reading: str | None = None) -> list[Token]:
    """Split text into words with their normalised forms and character offsets.

    The words of Kazakh written in Latin letters are read in Cyrillic: ``reading`` is the text's
    :func:`latin_reading`, worked out here when not given (give a piece of a document its document's).
    """
    tokens = []
    for match in WORD_RE.finditer(text):
        raw = match.group()
        norm = normalize_word(raw)
        if norm:
            tokens.append(Token(raw, norm, match.start(), match.end()))
    if reading is None:
        reading = latin_reading(text)
    if reading:
        kept = _latin_app_names()
        tokens = [
            token._replace(norm=_read_kazakh_latin(token.norm, reading))
            if _is_latin(token.norm[0]) and not token.norm.startswith(kept)
            else token
            for token in tokens
        ]
    return tokens


# The Kazakh Latin alphabets a text may be read in (tables of search.toml's [kazakh_latin]).
ACUTE = "acute"
OTHER = "other"


def kazakh_latin_alphabet(letters: Mapping[str, int], total: int) -> str:
    """Which Kazakh Latin alphabet a text is written in (``ACUTE`` or ``OTHER``), or "" when it is not
    Kazakh in Latin letters. ``letters`` counts its lower-case Latin letters, ``total`` is their sum.
    """
    knowledge = search_knowledge().kazakh_latin
    if any(letters.get(letter, 0) for letter in knowledge.not_with):
        return ""
    enough_letters = max(knowledge.letters_least, knowledge.letters_share * total)
    acute = sum(letters.get(letter, 0) for letter in knowledge.acute_letters)
    if letters.get("ı", 0) and acute >= enough_letters:
        return ACUTE
    if letters.get("q", 0) < max(knowledge.q_least, knowledge.q_share * total):
        return ""
    if sum(letters.get(letter, 0) for letter in knowledge.letters) < enough_letters:
        return ""
    return ACUTE if any(letters.get(letter, 0) for letter in knowledge.acute_marks) else OTHER


def latin_reading(text: str) -> str:
    """The Kazakh Latin alphabet ``text`` is written in, or "" (see :func:`kazakh_latin_alphabet`)."""
    # Most texts have neither a dotless ı nor a q beside another Turkic letter: quick scans decide them.
    if "ı" not in text and "q" not in text and "Q" not in text:
        return ""
    folded = text.casefold()
    knowledge = search_knowledge().kazakh_latin
    if not any(letter in folded for letter in knowledge.letters):
        return ""
    letters = Counter(char for char in folded if _is_latin(char))
    total = sum(letters.values())
    # Neighbours' letters outside the Latin range that _is_latin reads (ə, ʻ) count too.
    letters.update({letter: folded.count(letter) for letter in knowledge.not_with})
    return kazakh_latin_alphabet(letters, total)


_BACK_VOWELS = frozenset("aoıūw")
_FRONT_VOWELS = frozenset("eäöü")


@lru_cache(maxsize=65536)
def _read_kazakh_latin(word: str, alphabet: str) -> str:
    knowledge = search_knowledge().kazakh_latin
    table = knowledge.acute if alphabet == ACUTE else knowledge.other
    if (
        alphabet == OTHER
        and "i" in word
        and _BACK_VOWELS.intersection(word)
        and not _FRONT_VOWELS.intersection(word)
    ):
        # One letter i for і and и: a word of back vowels has no і (vowel harmony), so its i is и (қиын).
        table = {**table, "i": "и"}
    read = []
    position = 0
    while position < len(word):
        pair = word[position : position + 2]
        if len(pair) == 2 and pair in table:
            read.append(table[pair])
            position += 2
        else:
            read.append(table.get(word[position], word[position]))
            position += 1
    return normalize_word("".join(read))


@cache
def _latin_app_names() -> tuple[str, ...]:
    """App names written in Latin letters (telegram, whatsapp), which a Kazakh Latin text keeps."""
    names = []
    for app in apps().apps:
        for alias in app.aliases:
            name = normalize_word(alias.lstrip("?=").rstrip("*"))
            if len(name) >= 3 and name.isascii() and name.isalpha():
                names.append(name)
    return tuple(sorted(set(names)))


def normalize_text(text: str) -> str:
    """Normalise text for indexing: normalised words separated by single spaces.

    NFKC, case folding, ``ё``→``е``, Arabic ``ي/ك/ى``→Persian ``ی/ک``, no tatweel or
    diacritics, Persian/Arabic digits→ASCII, ZWNJ removed (joining the parts), punctuation
    turned into word boundaries.
    """
    # NFKC first, so that a character that expands (¼ → 1⁄4) is split like its expansion.
    compatible = unicodedata.normalize("NFKC", text)
    normalized = (normalize_word(word) for word in WORD_RE.findall(compatible))
    return " ".join(word for word in normalized if word)


@cache
def _persian_word_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]:
    """Attached suffixes, attached prefixes, compound tails (with their endings), stem suffixes."""
    knowledge = search_knowledge()
    suffixes = frozenset(normalize_word(w) for w in knowledge.persian_attached_suffixes)
    prefixes = frozenset(normalize_word(w) for w in knowledge.persian_attached_prefixes)
    stem_suffixes = tuple(normalize_word(w) for w in knowledge.persian_stem_suffixes)
    bare_tails = [normalize_word(w) for w in knowledge.persian_compound_tails]
    tails = frozenset(tail + ending for tail in bare_tails for ending in ("", *stem_suffixes))
    return suffixes, prefixes, tails, stem_suffixes


def _is_persian_word(word: str) -> bool:
    return bool(word) and _is_arabic(word[0])


def join_persian_compounds(tokens: list[Token]) -> list[Token]:
    """Join Persian words that are one word written with a space.

    ``پیام رسان`` → ``پیامرسان``, ``می کنند`` → ``میکنند``, ``پیامرسان ها`` → ``پیامرسانها``:
    the same result as the ZWNJ and the no-space spellings.
    """
    suffixes, prefixes, tails, _ = _persian_word_lists()
    joined: list[Token] = []
    pending_prefix: Token | None = None
    for token in tokens:
        if not _is_persian_word(token.norm):
            if pending_prefix is not None:
                joined.append(pending_prefix)
                pending_prefix = None
            joined.append(token)
            continue
        if pending_prefix is not None:
            token = Token(
                pending_prefix.raw + " " + token.raw,
                pending_prefix.norm + token.norm,
                pending_prefix.start,
                token.end,
            )
            pending_prefix = None
        previous = joined[-1] if joined else None
        attaches = token.norm in suffixes or token.norm in tails
        if previous is not None and attaches and _is_persian_word(previous.norm):
            joined[-1] = Token(
                previous.raw + " " + token.raw, previous.norm + token.norm, previous.start, token.end
            )
        elif token.norm in prefixes:
            pending_prefix = token
        else:
            joined.append(token)
    if pending_prefix is not None:
        joined.append(pending_prefix)
    return joined


@lru_cache(maxsize=8)
def words(text: str) -> tuple[Token, ...]:
    """Tokens of ``text`` with Persian compounds joined: the unit every detector works on.

    Cached: the detectors of one document all read the same text.
    """
    return tuple(join_persian_compounds(tokenize(text)))


_START = attrgetter("start")


def tokens_within(tokens: Sequence[Token], start: int, end: int) -> Sequence[Token] | None:
    """``words(text[start:end])`` taken from ``tokens``, the words of the whole ``text``.

    None when a token crosses ``start`` or ``end``: a word cut by the edge, or a Persian
    compound joined across it (``انسداد. ها``) that the piece read alone leaves apart.
    Otherwise the piece read alone holds the same tokens (offsets aside).
    """
    first = bisect_left(tokens, start, key=_START)
    last = bisect_left(tokens, end, first, key=_START)
    if (first > 0 and tokens[first - 1].end > start) or (last > first and tokens[last - 1].end > end):
        return None
    return tokens[first:last]


_KAZAKH_LETTERS = frozenset("әғқңөұүһі")


class _StemLists(NamedTuple):
    russian: tuple[str, ...]
    kazakh: tuple[str, ...]
    kazakh_plain: tuple[str, ...]
    kazakh_protected: tuple[str, ...]
    persian: tuple[str, ...]
    persian_protected: tuple[str, ...]


@cache
def _stem_lists() -> _StemLists:
    knowledge = search_knowledge()
    _, _, _, persian = _persian_word_lists()
    return _StemLists(
        russian=knowledge.russian_endings,
        kazakh=knowledge.kazakh_endings,
        kazakh_plain=knowledge.kazakh_plain_script_endings,
        kazakh_protected=knowledge.kazakh_protected_tails,
        persian=tuple(sorted(persian, key=len, reverse=True)),
        persian_protected=tuple(normalize_word(tail) for tail in knowledge.persian_protected_tails),
    )


def _strip_one(word: str, endings: tuple[str, ...], min_stem: int) -> str:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= min_stem:
            return word[: -len(ending)]
    return word


# Cached like normalize_word: articles repeat their words, and each stem tries many endings.
@lru_cache(maxsize=65536)
def _stem_normalized(word: str) -> str:
    if len(word) < 4 or word.isdigit():
        return word
    lists = _stem_lists()
    first = word[0]
    if _is_cyrillic(first):
        if any(c in _KAZAKH_LETTERS for c in word):
            # Kazakh stacks endings (мессенджер-лер-і-нің), so strip up to three of them.
            for _ in range(3):
                if word.endswith(lists.kazakh_protected):
                    break
                shorter = _strip_one(word, lists.kazakh, 4)
                if shorter == word:
                    break
                word = shorter
            return word
        shorter = _strip_one(word, lists.kazakh_plain, 4)
        if shorter != word:
            return shorter
        return _strip_one(word, lists.russian, 3)
    if _is_arabic(first):
        if word.endswith(lists.persian_protected):
            return word
        stemmed = _strip_one(word, lists.persian, 3)
        # After a long vowel the adjective and indefinite ی is written یی (طلایی, اجرایی, گفتگویی):
        # both letters go, so that طلایی meets طلا and طلای.
        if stemmed == word[:-1] and word.endswith(("ایی", "ویی")) and len(stemmed) > 3:
            return stemmed[:-1]
        return stemmed
    if "a" <= first <= "z":
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        # Past and present participles meet their verb (blocked, blocking → block; banned → ban), when
        # at least four letters are left; a silent e goes too (restore, restored, restoring → restor).
        for ending in ("ing", "ed"):
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                verb = word[: -len(ending)]
                if verb[-1] == verb[-2] and verb[-1] not in "lsfzaeiou":
                    verb = verb[:-1]
                return verb
        if word.endswith("e") and len(word) >= 5 and not word.endswith("ee"):
            return word[:-1]
    return word


def stem(token: str) -> str:
    """Light, conservative stem of one word (Russian, Kazakh, Persian, English inflection)."""
    return _stem_normalized(normalize_word(token))


@cache
def _all_stopwords() -> frozenset[str]:
    lists = search_knowledge().stopwords.values()
    return frozenset(normalize_word(word) for words_ in lists for word in words_)


def search_terms(text: str, reading: str | None = None) -> list[str]:
    """Search terms of a document or a query: normalised, compound-joined, stemmed words.

    Stop words are left out. Documents and queries go through this same function so
    that their terms meet. ``reading``: see :func:`tokenize`.
    """
    return terms_of(join_persian_compounds(tokenize(unicodedata.normalize("NFKC", text), reading)))


def terms_of(tokens: Iterable[Token]) -> list[str]:
    """The search terms of words already read: ``search_terms(text)`` is ``terms_of(words(text))``
    for a text that NFKC leaves unchanged."""
    stopwords = _all_stopwords()
    return [_stem_normalized(t.norm) for t in tokens if t.norm not in stopwords]


@cache
def terms_version() -> str:
    """A fingerprint of everything that decides a text's stored search terms: this module's code version,
    the word lists of ``search.toml``, the abbreviations of ``cleaning.toml`` (sentence cuts), the app
    names of ``messengers.toml`` (kept in Latin letters in Kazakh Latin texts) and the Unicode tables
    behind NFKC, case folding and word characters.

    Terms stored under another fingerprint no longer meet the terms of today's questions.
    """
    knowledge = fingerprint("search.toml", "cleaning.toml", "messengers.toml")
    parts = f"{TERMS_CODE_VERSION}:{unicodedata.unidata_version}:{knowledge}"
    return hashlib.sha256(parts.encode("utf-8")).hexdigest()[:16]
