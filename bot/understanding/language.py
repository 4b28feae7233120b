"""Language of a text (ISO 639-1) from its letters, with frequent words as a tie-breaker.

Letters separate most languages that share a script: Kazakh has ә ұ қ ғ ң ө ү һ і that
Russian lacks, Persian has پ چ ژ گ that Arabic lacks. A letter count is small, fast and
measurable; no model is needed for the languages the bot serves.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from bot.knowledge import language_evidence
from bot.understanding.normalize import WORD_RE, kazakh_latin_alphabet, normalize_word

UNDETERMINED = "und"

# Languages are decided on the beginning of a text; a whole book would say nothing more.
_SAMPLE = 20_000

_SCRIPTS: tuple[tuple[str, int, int], ...] = (
    ("latin", 0x0041, 0x024F),
    ("latin", 0x0250, 0x02AF),  # IPA extensions: Azerbaijani ə
    ("latin", 0x1E00, 0x1EFF),
    ("cyrillic", 0x0400, 0x052F),
    ("arabic", 0x0600, 0x06FF),
    ("arabic", 0x0750, 0x077F),
    ("arabic", 0xFB50, 0xFDFF),
    ("arabic", 0xFE70, 0xFEFF),
    ("greek", 0x0370, 0x03FF),
    ("armenian", 0x0530, 0x058F),
    ("hebrew", 0x0590, 0x05FF),
    ("devanagari", 0x0900, 0x097F),
    ("thai", 0x0E00, 0x0E7F),
    ("georgian", 0x10A0, 0x10FF),
    ("hangul", 0xAC00, 0xD7AF),
    ("kana", 0x3040, 0x30FF),
    ("han", 0x4E00, 0x9FFF),
    ("han", 0x3400, 0x4DBF),
)

# Scripts used by one language only (among those the bot meets).
_SINGLE_LANGUAGE_SCRIPTS = {
    "greek": "el",
    "armenian": "hy",
    "hebrew": "he",
    "devanagari": "hi",
    "thai": "th",
    "georgian": "ka",
    "hangul": "ko",
}


def _script(char: str) -> str | None:
    code = ord(char)
    for name, low, high in _SCRIPTS:
        if low <= code <= high:
            return name
    if char == "\u02bb":  # Uzbek oʻ/gʻ
        return "latin"
    return None


@cache
def _normalized_stopwords() -> dict[str, frozenset[str]]:
    evidence = language_evidence()
    return {lang: frozenset(normalize_word(w) for w in ws) for lang, ws in evidence.stopwords.items()}


def _stopword_hits(text: str, languages: tuple[str, ...]) -> Counter[str]:
    stopwords = _normalized_stopwords()
    lists = [(lang, stopwords.get(lang, frozenset())) for lang in languages]
    hits: Counter[str] = Counter()
    # The words of ``tokenize``, without building tokens: only their normalised forms count.
    for word in WORD_RE.findall(text):
        norm = normalize_word(word)
        if not norm:
            continue
        for lang, words in lists:
            if norm in words:
                hits[lang] += 1
    return hits


def _count(letters: Counter[str], alphabet: str) -> int:
    return sum(letters[c] for c in alphabet)


def _cyrillic_language(letters: Counter[str], total: int) -> str:
    evidence = language_evidence()
    marks = evidence.cyrillic
    threshold = max(1.0, evidence.cyrillic_marker_share * total)
    if _count(letters, marks["tajik_only"]) >= threshold:
        return "tg"
    if _count(letters, marks["uzbek_or_belarusian"]) >= threshold:
        return "uz" if _count(letters, marks["uzbek_with_u"]) else "be"
    kazakh = _count(letters, marks["kazakh"])
    if _count(letters, marks["kazakh_only"]) >= threshold or (
        kazakh >= threshold and _count(letters, "қғ") > 0
    ):
        return "kk"
    if _count(letters, marks["kyrgyz"]) >= threshold:
        return "ky"
    if (
        _count(letters, marks["ukrainian"]) >= threshold
        and _count(letters, marks["russian_only"]) < threshold
    ):
        return "uk"
    return "ru"


def _arabic_language(letters: Counter[str], total: int, text: str) -> str:
    marks = language_evidence().arabic
    threshold = max(1.0, 0.01 * total)
    if _count(letters, marks["urdu"]) >= threshold:
        return "ur"
    if _count(letters, marks["pashto"]) >= threshold:
        return "ps"
    persian = _count(letters, marks["persian"]) + letters["ی"] / 2 + letters["ک"] / 2
    arabic = _count(letters, marks["arabic"]) / 2
    hits = _stopword_hits(text, ("fa", "ar"))
    persian += 3 * hits["fa"]
    arabic += 3 * hits["ar"]
    return "ar" if arabic > persian else "fa"


def _latin_language(letters: Counter[str], total: int, text: str) -> str:
    # Kazakh in Latin letters: the same test that has its words read in Cyrillic.
    if kazakh_latin_alphabet(letters, total):
        return "kk"
    evidence = language_evidence()
    candidates = ("en", "tr", "uz", "az", "de", "fr", "es")
    scores: Counter[str] = _stopword_hits(text, candidates)
    for lang, alphabet in evidence.latin_letters.items():
        scores[lang] += 2 * _count(letters, alphabet)
    # Uzbek Latin writes oʻ/gʻ with an apostrophe when the modifier letter is missing.
    lowered = text.casefold()
    scores["uz"] += 2 * (lowered.count("o'") + lowered.count("g'"))
    if not scores or max(scores.values()) == 0:
        return "en"
    best = max(candidates, key=lambda lang: scores[lang])
    return best


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or ``"und"`` when it has no letters.

    Covers at least kk (Cyrillic and Latin), ru, fa, en, uk, uz, ar, tr, tg, ky, be, zh; Kazakh vs
    Russian and Persian vs Arabic are told apart by the letters only one of each pair uses.
    """
    sample = text[:_SAMPLE]
    scripts: Counter[str] = Counter()
    letters: Counter[str] = Counter()
    # Counted per distinct character: a text has few, and this runs on every document.
    for char, count in Counter(sample).items():
        if not char.isalpha() and char != "\u02bb":
            continue
        script = _script(char)
        if script is None:
            continue
        # One Chinese or Japanese character carries about a word: weigh it like one.
        scripts[script] += count * (3 if script in ("han", "kana") else 1)
        letters[char.lower()] += count
    if not scripts:
        return UNDETERMINED
    dominant, total = scripts.most_common(1)[0]
    if dominant in ("han", "kana"):
        return "ja" if scripts["kana"] else "zh"
    if dominant in _SINGLE_LANGUAGE_SCRIPTS:
        return _SINGLE_LANGUAGE_SCRIPTS[dominant]
    if dominant == "cyrillic":
        return _cyrillic_language(letters, total)
    if dominant == "arabic":
        return _arabic_language(letters, total, sample)
    return _latin_language(letters, total, sample)
