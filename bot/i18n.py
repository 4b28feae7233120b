"""Interface languages: gettext catalogs kept as .po files, compiled in memory with Babel at first use."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

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


def _locale(language: str) -> str:
    return language if language in LANGUAGES else "en"


def format_size(size: int, language: str) -> str:
    """A byte count as readers of the language write it: ``812 KB``, ``3,4 МБ``, ``1.2 مگابایت``."""
    _ = translator(language)
    ngettext = plural_translator(language)
    if size < 1024:
        return ngettext("{n} byte", "{n} bytes", size).format(n=size)
    units = (_("{n} KB"), _("{n} MB"), _("{n} GB"))
    value, unit = size / 1024, 0
    while value >= 1024 and unit < len(units) - 1:
        value, unit = value / 1024, unit + 1
    return units[unit].format(n=format_decimal(value, "#,##0.#", locale=_locale(language)))


def format_duration(seconds: float, language: str) -> str:
    """A span of time in words, its largest part and the next one: ``3 дня и 4 часа``, ``12 دقیقه``."""
    ngettext = plural_translator(language)
    minutes = int(seconds // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [
        (days, ngettext("{n} day", "{n} days", days).format(n=days)),
        (hours, ngettext("{n} hour", "{n} hours", hours).format(n=hours)),
        (minutes, ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)),
    ]
    while len(parts) > 1 and parts[0][0] == 0:
        parts.pop(0)
    shown = [parts[0][1]] + [text for amount, text in parts[1:2] if amount]
    return format_list(shown, locale=_locale(language))


def format_moment(value: str, language: str) -> str:
    """A stored UTC timestamp (``2024-03-05T09:15:00Z``) as a short date and time in the language."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return format_datetime(moment, "short", tzinfo=moment.tzinfo, locale=_locale(language))


def format_share(fraction: float, language: str) -> str:
    """A fraction as a whole percentage, rounded down, as the language writes it: ``93 %``, ``93%``."""
    return format_percent(int(fraction * 100) / 100, locale=_locale(language))


def N_(message: str) -> str:
    """Mark a message for translation where it is defined; it is translated where it is shown."""
    return message
