"""Sentence splitting for Russian, Kazakh, Persian and English news text.

A line break always ends a sentence. Inside a line, ``.`` ``!`` ``?`` ``…`` ``؟`` (and CJK
stops) end one when followed by a space and a word that does not start in lower case, or,
in Persian, directly by a Persian letter (``است.وی``). Decimals (``9.5``), abbreviations
(``г.``, ``Mr.``) and initials (``М. Аблязов``) do not end a sentence.
"""

from __future__ import annotations

import re
from functools import cache

from bot.knowledge import cleaning_knowledge

_TERMINATOR = re.compile(r"[.!?…؟。！？]+[\"'»”’)\]]*")
_LAST_WORD = re.compile(r"([\w.-]+)\Z")
_NEXT_WORD = re.compile(r"[\s\-–—«\"'„“]*(\S)?")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(a.casefold() for a in cleaning_knowledge().abbreviations)


def _is_arabic_letter(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff" and char.isalpha()


def _ends_sentence(line: str, match: re.Match[str]) -> bool:
    end = match.end()
    following = line[end : end + 1]
    if not following:
        return True
    marks = match.group()
    if not following.isspace():
        # "است.وی" — Persian often omits the space after a full stop.
        return (marks[0] == "." and _is_arabic_letter(following)) or marks[0] in "؟!?"
    # Skip the dash and quotes of reported speech: «…». – деп жазды министр.
    next_word = _NEXT_WORD.match(line, end)
    if next_word is None or next_word.group(1) is None:
        return True
    if next_word.group(1).islower():
        return False
    if marks == ".":
        # Look back a short window only: searching from the line start would be quadratic.
        before = _LAST_WORD.search(line[max(0, match.start() - 24) : match.start()])
        word = before.group(1) if before else ""
        if word.casefold() in _abbreviations():
            return False
        # An initial: one capital letter before the dot (М. Аблязов, J. Smith).
        if len(word) == 1 and word.isupper():
            return False
    return True


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` in order, stripped, without empty ones."""
    sentences: list[str] = []
    for line in text.splitlines():
        start = 0
        for match in _TERMINATOR.finditer(line):
            if _ends_sentence(line, match):
                sentences.append(line[start : match.end()])
                start = match.end()
        sentences.append(line[start:])
    return [s.strip() for s in sentences if any(map(str.isalnum, s))]
