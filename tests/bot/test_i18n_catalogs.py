"""The ru, kk and fa catalogs: complete, and every translation keeps its placeholders and markup."""

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR, interface_language, language_of_script, plural_translator, translator

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TAG = re.compile(r"</?[a-z]+>")
COMMAND = re.compile(r"(?<![\w/])/[a-z_]+")
# Translations may name the language itself instead of filling in {language}.
OPTIONAL_PLACEHOLDERS = {"{language}"}


def catalog(language: str) -> Catalog:
    with (LOCALES_DIR / language / "LC_MESSAGES" / "mpbot.po").open("rb") as handle:
        return read_po(handle, locale=language)


def messages(language: str) -> list[tuple[str, str]]:
    pairs = []
    for message in catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(ids[min(i, len(ids) - 1)], string) for i, string in enumerate(strings)]
    return pairs


@pytest.mark.parametrize("language", ["ru", "kk", "fa"])
def test_every_message_is_translated(language: str) -> None:
    template = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in read_po((LOCALES_DIR / "mpbot.pot").open("rb"))
        if m.id
    }
    translated = {original for original, string in messages(language) if string}
    assert template - translated == set()


@pytest.mark.parametrize("language", ["ru", "kk", "fa"])
def test_translations_keep_placeholders_tags_and_commands(language: str) -> None:
    for original, string in messages(language):
        wanted = set(PLACEHOLDER.findall(original)) - OPTIONAL_PLACEHOLDERS
        assert wanted <= set(PLACEHOLDER.findall(string)), (original, string)
        assert set(PLACEHOLDER.findall(string)) <= set(PLACEHOLDER.findall(original)), (original, string)
        assert sorted(TAG.findall(string)) == sorted(TAG.findall(original)), (original, string)
        assert set(COMMAND.findall(original)) <= set(COMMAND.findall(string)) | {"/language"}, (
            original,
            string,
        )


@pytest.mark.parametrize("language", ["ru", "kk", "fa"])
def test_babel_finds_no_placeholder_or_plural_problem_in_the_catalog(language: str) -> None:
    # What `pybabel compile` reports as errors: printf placeholders that differ, wrong plural counts.
    problems = [(message.id, str(error)) for message, errors in catalog(language).check() for error in errors]
    assert problems == []


def test_no_message_reads_as_a_printf_format_string() -> None:
    # A bare "%" before a letter ("90% similar" holds "% s") makes Babel compare printf placeholders.
    template = read_po((LOCALES_DIR / "mpbot.pot").open("rb"))
    assert [message.id for message in template if message.id and message.python_format] == []


def test_a_template_exists_beside_the_catalogs() -> None:
    assert Path(LOCALES_DIR / "mpbot.pot").is_file()


def test_telegram_language_codes_map_to_interface_languages() -> None:
    assert interface_language("fa-IR") == "fa"
    assert interface_language("kk") == "kk"
    assert interface_language("de", "ru") == "ru"
    assert interface_language(None) == "en"


def test_the_script_of_a_message_suggests_a_language() -> None:
    assert language_of_script("فیلترینگ تلگرام") == "fa"
    assert language_of_script("Қазақстанда Telegram") == "kk"
    assert language_of_script("Блокировка Telegram") == "ru"
    assert language_of_script("Telegram ban") is None


def test_plural_forms_follow_each_language() -> None:
    forms = [plural_translator("ru")("{n} document", "{n} documents", n).format(n=n) for n in (1, 3, 5, 21)]
    assert forms == ["1 документ", "3 документа", "5 документов", "21 документ"]
    assert plural_translator("fa")("{n} document", "{n} documents", 7).format(n=7) == "7 سند"
    assert translator("kk")("What I can do") == "Не істей аламын"
