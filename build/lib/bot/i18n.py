"""Interface languages: gettext catalogs kept as .po files, compiled in memory with Babel at first use."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "mpbot"
LANGUAGES = ("en", "ru", "kk", "fa")
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша", "fa": "فارسی"}


def interface_language(code: str | None, default: str = "en") -> str:
    """The interface language for a Telegram language code such as ``ru`` or ``fa-IR``."""
    if code:
        base = code.split("-")[0].split("_")[0].lower()
        if base in LANGUAGES:
            return base
    return default


_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def language_of_script(text: str) -> str | None:
    """An interface language guessed from the letters of a message: Persian, Kazakh or Russian."""
    if _ARABIC_SCRIPT.search(text):
        return "fa"
    if _KAZAKH_LETTERS.search(text):
        return "kk"
    if _CYRILLIC.search(text):
        return "ru"
    return None


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of a language (English, the source language, needs none)."""
    po_path = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language not in LANGUAGES or not po_path.is_file():
        return gettext.NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translator(language: str) -> Callable[[str], str]:
    """``_`` for one language."""
    return translations(language).gettext


def plural_translator(language: str) -> Callable[[str, str, int], str]:
    """``ngettext`` for one language."""
    return translations(language).ngettext


def format_published(value: str | None, precision: str, language: str) -> str:
    """A publication date as readers of that language write it, no more precise than it is known."""
    _ = translator(language)
    if not value:
        return _("date unknown")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    locale = language if language in LANGUAGES else "en"
    if precision == "year":
        return format_date(day, "y", locale=locale)
    if precision == "month":
        return format_date(day, "LLLL y", locale=locale)
    return format_date(day, "d MMM y", locale=locale)


def N_(message: str) -> str:
    """Mark a message for translation where it is defined; it is translated where it is shown."""
    return message
