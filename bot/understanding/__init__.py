"""Temporary stand-in until the understanding branch lands (replaced by it in the merge)."""

# ruff: noqa
from __future__ import annotations
import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PolicyAction:
    kind: str
    sentence: str
    messengers: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentAnalysis:
    title: str
    text: str
    language: str
    country: str | None
    countries_mentioned: tuple[str, ...]
    published: date | None
    date_precision: str
    messengers: tuple[str, ...]
    platforms: tuple[str, ...]
    actions: tuple[PolicyAction, ...]


def analyze_document(raw: str) -> DocumentAnalysis:
    lines = [l.strip() for l in raw.strip().splitlines() if l.strip()]
    title = lines[0] if lines else ""
    text = "\n\n".join(lines[1:])
    lang = "fa" if re.search("[\u0600-\u06ff]", raw) else ("kk" if re.search("[әғқңөұүһі]", raw) else "ru")
    country = "IR" if lang == "fa" else "KZ"
    ms = tuple(m for m in ("Telegram", "WhatsApp", "Aitu") if m.lower() in raw.lower())
    return DocumentAnalysis(title, text, lang, country, (), None, "unknown", ms, (), ())


def search_terms(text: str) -> list[str]:
    return ["telegram" if w.lower() == "تلگرام" else w.lower() for w in re.findall(r"\w+", text)]


def split_sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?؟])\s+", text) if s]


def resolve_country(name: str) -> str | None:
    n = name.strip().lower()
    return {"iran": "IR", "ir": "IR", "kz": "KZ", "kazakhstan": "KZ"}.get(n)


def country_name(code: str, language: str) -> str:
    return {"IR": "Iran", "KZ": "Kazakhstan"}.get(code, code)


def country_flag(code: str) -> str:
    return "".join(chr(0x1F1E6 + ord(c) - 65) for c in code.upper())


@dataclass(frozen=True)
class CountryDetection:
    primary: str | None
    mentioned: tuple[str, ...] = ()


@dataclass(frozen=True)
class MessengerMentions:
    messengers: tuple[str, ...]
    platforms: tuple[str, ...] = ()


def detect_language(text: str) -> str:
    return "fa" if re.search("[\u0600-\u06ff]", text) else "en"


def detect_country(text: str, language: str) -> CountryDetection:
    for w in re.findall(r"\w+", text):
        c = resolve_country(w)
        if c:
            return CountryDetection(c, ())
    return CountryDetection(None, ())


def detect_messengers(text: str) -> MessengerMentions:
    return MessengerMentions(tuple(m for m in ("Telegram", "WhatsApp", "Aitu") if m.lower() in text.lower()))


def messenger_aliases(name: str) -> tuple[str, ...]:
    return {"Telegram": ("telegram", "تلگرام")}.get(name, (name,))
