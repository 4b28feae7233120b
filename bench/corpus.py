"""A synthetic corpus for benchmarks: documents recombined from the sentences of real news (the seeds
and, when it is beside the project, the dev corpus), with random metadata. Deterministic for a seed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.ingest import content_hash, read_text_file
from bot.understanding import SENTENCE_BREAK, analyze_document, search_terms, split_sentences
from storage.documents import NewDocument, StoredAction

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "seeds", ROOT.parent / "shared" / "corpus")
COUNTRIES = ("KZ", "IR", "RU", "CN", "TJ", "KG", "UZ", "TR", "BY", "AF")
MESSENGERS = ("Telegram", "WhatsApp", "Signal", "Viber", "Aitu", "Soroush", "Gap", "Bale", "Eitaa", "Max")
ACTIONS = ("block", "throttle", "unblock", "deny", "state_messenger", "legal", "cooperation")


@dataclass(frozen=True)
class Sentence:
    """A sentence of real news with its language and search terms."""

    text: str
    language: str
    terms: tuple[str, ...]


def source_texts() -> list[str]:
    """The raw texts the synthetic documents are made from."""
    texts = []
    for folder in SOURCES:
        if folder.is_dir():
            texts += [read_text_file(path) for path in sorted(folder.glob("*.txt"))]
    return texts


def sentence_pool(texts: list[str] | None = None) -> list[Sentence]:
    """Every sentence of the source texts, analysed once."""
    pool = []
    for raw in texts if texts is not None else source_texts():
        analysis = analyze_document(raw)
        for sentence in split_sentences(analysis.text):
            if len(sentence) >= 30:
                pool.append(Sentence(sentence, analysis.language, tuple(search_terms(sentence))))
    return pool


def synthetic_documents(count: int, pool: list[Sentence], *, seed: int = 7) -> Iterator[NewDocument]:
    """``count`` documents of 6 to 14 sentences each, with random country, date, messengers, actions."""
    rng = random.Random(seed)
    known = {sentence.text: sentence.terms for sentence in pool}
    for number in range(count):
        chosen = rng.sample(pool, rng.randint(6, 14))
        text = " ".join(sentence.text for sentence in chosen)
        title = chosen[0].text[:120]
        messengers = tuple(rng.sample(MESSENGERS, rng.randint(0, 3)))
        actions = tuple(
            StoredAction(kind, chosen[rng.randrange(len(chosen))].text, messengers[:1])
            for kind in rng.sample(ACTIONS, rng.randint(0, 2))
        )
        year = rng.randint(2014, 2026)
        yield NewDocument(
            content_hash=content_hash(f"{number}:{text}"),
            title=title,
            text=text,
            raw_text=text,
            language=chosen[0].language,
            country=rng.choice(COUNTRIES),
            published=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            date_precision="day",
            title_terms=" ".join(chosen[0].terms),
            body_terms=stored_body_terms(text, known),
            messengers=messengers,
            actions=actions,
            source=f"Synthetic outlet {number % 50}",
        )


def stored_body_terms(text: str, known: dict[str, tuple[str, ...]]) -> str:
    """The body terms ingest would store for ``text`` (a line per sentence), from the pool's terms where
    the text's cut gives back a pool sentence (almost always)."""
    lines = []
    for sentence in split_sentences(text):
        terms = known.get(sentence)
        lines.append(" ".join(terms if terms is not None else search_terms(sentence)))
    return SENTENCE_BREAK.join(lines)


BASE_QUERIES = (
    "Telegram",
    "Iran Telegram ban",
    "Telegram blocked in Iran",
    "Is Kazakhstan banning WhatsApp and Telegram?",
    "national messenger for civil servants",
    "Aitu",
    "Russia national messenger Max law",
    "China WhatsApp block",
    "Kyrgyzstan fines for Telegram channels",
    "internet shutdown protests",
    "блокировка Telegram в Иране",
    "Замедление Telegram в России",
    "национальный мессенджер Aitu для госслужащих",
    "запрет WhatsApp в Казахстане",
    "Минцифры опровергло блокировку мессенджеров",
    "отключение интернета в январе",
    "Таганский суд Telegram",
    "звонки через Viber",
    "Роскомнадзор замедление",
    "мессенджер Max",
    "Қазақстан WhatsApp",
    "Telegram Иранда бұғатталды ма?",
    "ұлттық мессенджер",
    "әлеуметтік желілер мен мессенджерлерге кіру қиындығы",
    "Қазақстанда онлайн-платформаларға шектеу",
    "Цифрлық даму министрі Telegram",
    "мессенджерлерге тыйым",
    "ҰҚК интернет",
    "Дуров Қазақстан",
    "Telegram командасымен ынтымақтастық",
    "ایران تلگرام",
    "فیلتر تلگرام",
    "رفع فیلتر واتس‌اپ",
    "پیام‌رسان‌های داخلی",
    "پیام رسان سروش و گپ",
    "مرکز ملی فضای مجازی",
    "تلگرام طلایی",
    "قوه قضاییه تلگرام را فیلتر کرد",
    "روبیکا و ایتا",
    "مذاکره با تلگرام",
)
QUERY_SUFFIXES = ("", " 2018", " 2025", " Kazakhstan", " Iran")


def query_mix(count: int = 200) -> list[str]:
    """A fixed mix of questions in four languages (each base question with a few variations)."""
    mix = [base + suffix for suffix in QUERY_SUFFIXES for base in BASE_QUERIES]
    return mix[:count]
