"""Reading what admins send: file encodings, binary files, Markdown, HTML, boilerplate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.extraction import (
    FileProblem,
    NoArticleError,
    UnreadableFileError,
    decode_text,
    file_to_article,
    has_article,
    html_to_article,
    markdown_to_text,
)
from tests.admin.texts import ARTICLE_PAGE, BOILERPLATE_PAGE, BOILERPLATE_TEXT, IR_TEXT, KZ_TEXT


@pytest.mark.parametrize(
    "data",
    [
        KZ_TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + KZ_TEXT.encode("utf-8"),
        KZ_TEXT.encode("utf-16"),
        KZ_TEXT.encode("utf-16-le"),
        KZ_TEXT.encode("utf-16-be"),
        KZ_TEXT.encode("cp1251"),
        KZ_TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
)
def test_every_supported_encoding_decodes_to_the_same_text(data: bytes) -> None:
    assert decode_text(data) == KZ_TEXT


def test_persian_text_in_utf8_and_utf16_decodes() -> None:
    assert decode_text(IR_TEXT.encode("utf-16")) == IR_TEXT
    assert decode_text(IR_TEXT.encode()) == IR_TEXT


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", FileProblem.EMPTY),
        (b"\n \t", FileProblem.EMPTY),
        (b"%PDF-1.4\n%\xe2\xe3", FileProblem.BINARY),
        (b"\x89PNG\r\n\x1a\n\x00\x00", FileProblem.BINARY),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", FileProblem.BINARY),
        (b"PK\x03\x04" + bytes(30), FileProblem.BINARY),
        (b"\x1f\x8b\x08\x00" + bytes(20), FileProblem.BINARY),
        (bytes(range(256)) * 4, FileProblem.BINARY),
        (b"x" * (1024 * 1024 + 1), FileProblem.TOO_LARGE),
    ],
)
def test_empty_binary_and_oversized_files_are_refused(data: bytes, problem: FileProblem) -> None:
    with pytest.raises(UnreadableFileError) as raised:
        decode_text(data)
    assert raised.value.problem is problem


@given(st.binary(max_size=2000))
def test_decoding_any_bytes_gives_text_or_a_clear_refusal(data: bytes) -> None:
    try:
        text = decode_text(data)
    except UnreadableFileError:
        return
    assert text == text.strip() and "\x00" not in text


def test_markdown_keeps_words_and_drops_markup() -> None:
    text = markdown_to_text(
        "# Title\n\n> **Bold** and *em* with [a link](https://x.org) ![img](i.png)\n```\n"
    )
    assert text == "Title\n\nBold and em with a link"


def test_an_article_page_gives_its_text_title_date_and_site() -> None:
    article = html_to_article(ARTICLE_PAGE)
    assert article.title == "Казахстан ограничил доступ к Telegram в трёх регионах"
    assert article.site_name == "Степной вестник"
    assert article.published is not None and article.published.isoformat() == "2024-03-05"
    assert "антитеррористической" in article.text
    assert "Контакты" not in article.text and "©" not in article.text
    assert article.as_raw_text().count(article.title) == 1


def test_a_page_of_menus_and_footers_holds_no_article() -> None:
    with pytest.raises(NoArticleError):
        html_to_article(BOILERPLATE_PAGE)


def test_boilerplate_lines_are_not_an_article_in_any_language() -> None:
    assert not has_article(BOILERPLATE_TEXT)
    assert not has_article("Басты бет | Байланыс\nБарлық құқықтар қорғалған\nhttps://t.me/x #жаңалықтар")
    assert not has_article("صفحه اصلی | تماس با ما\nکلیه حقوق محفوظ است")
    assert has_article(KZ_TEXT) and has_article(IR_TEXT)


def test_a_file_of_an_unsupported_kind_is_refused_by_its_name() -> None:
    with pytest.raises(UnreadableFileError) as raised:
        file_to_article(b"plain words in a file", "notes.rtf")
    assert raised.value.problem is FileProblem.UNSUPPORTED
