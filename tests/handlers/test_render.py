import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.search import Passage
from handlers.render import (
    RLM,
    action_name,
    directional,
    document_body,
    document_card,
    entries_within,
    escape,
    joined,
    marked,
    messenger_name,
    plain_text,
    split_message,
    trimmed,
    utf16_len,
)
from storage.documents import Document, StoredAction

TAG = re.compile(r"</?[a-z]+[^>]*>")


def test_document_text_with_markup_is_shown_literally() -> None:
    assert escape("<b>x</b> & <script>") == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;"


def test_marked_words_are_bold_and_the_rest_escaped() -> None:
    assert marked("a <Telegram> b", [(3, 11)]) == "a &lt;<b>Telegram</b>&gt; b"


def test_a_short_message_is_one_part() -> None:
    assert split_message("hello") == ["hello"]


def test_a_long_message_splits_at_paragraphs_never_inside_a_word() -> None:
    paragraphs = [("word " * 150).strip() for _ in range(10)]
    parts = split_message("\n\n".join(paragraphs))
    assert len(parts) > 1
    assert all(len(part) <= 4096 for part in parts)
    assert all(part.endswith("word") for part in parts)


def test_bold_text_cut_in_two_is_closed_and_reopened() -> None:
    text = "<b>" + ("слово " * 1500).strip() + "</b>"
    parts = split_message(text)
    assert len(parts) >= 2
    for part in parts:
        assert part.startswith("<b>") and part.endswith("</b>")
        assert len(part) <= 4096


def _balanced(part: str) -> bool:
    stack: list[str] = []
    for tag in TAG.findall(part):
        name = re.match(r"</?([a-z]+)", tag)
        assert name
        if tag.startswith("</"):
            if not stack or stack.pop() != name.group(1):
                return False
        else:
            stack.append(name.group(1))
    return not stack


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=900), min_size=1, max_size=30), st.integers(200, 4096))
def test_any_document_text_splits_into_balanced_parts_within_the_limit(chunks: list[str], limit: int) -> None:
    markup = "\n\n".join(f"<b>{escape(chunk[:20])}</b> {escape(chunk)}" for chunk in chunks)
    parts = split_message(markup, limit)
    assert all(len(part) <= limit for part in parts)
    assert all(_balanced(part) for part in parts)
    # Nothing is lost: apart from white space at the cuts, the parts hold exactly the whole text.
    assert "".join("".join(plain_text(p).split()) for p in parts) == "".join(plain_text(markup).split())


def test_plain_text_keeps_link_addresses() -> None:
    assert plain_text('<a href="https://x.kz">X &amp; Y</a>') == "X & Y (https://x.kz)"


def test_parts_are_measured_as_telegram_counts_them_in_utf16_units() -> None:
    flags = " ".join(["🇮🇷🇰🇿"] * 1500)  # each flag pair is 8 UTF-16 units but 4 characters
    parts = split_message(flags)
    assert len(parts) > 1
    assert all(utf16_len(part) <= 4096 for part in parts)


def test_persian_paragraphs_are_marked_right_to_left_and_kept_intact() -> None:
    text = "Telegram در ایران فیلتر شد.\n\n۲۰۱۸ سال"
    shown = directional(text, "fa")
    assert shown.replace(RLM, "") == text
    assert all(line.startswith(RLM) for line in shown.split("\n") if line)
    assert directional(text, "ru") == text


def test_a_trimmed_passage_ends_at_a_word_and_keeps_only_whole_marks() -> None:
    passage = Passage("Aitu is a state messenger and Aitu grows", ((0, 4), (30, 34)))
    cut = trimmed(passage, 20)
    assert cut.text == "Aitu is a state…"
    assert cut.highlights == ((0, 4),)


def test_a_list_fits_whole_entries_into_one_message() -> None:
    entries = ["x" * 1000 for _ in range(10)]
    text = entries_within(entries, "head")
    assert len(text) <= 4096
    assert text.count("x" * 1000) == 3


def test_persian_lists_use_the_persian_comma() -> None:
    assert joined(["تلگرام", "واتس‌اپ"], "fa") == "تلگرام، واتس‌اپ"
    assert joined(["Telegram", "WhatsApp"], "ru") == "Telegram, WhatsApp"


def test_action_and_messenger_names_follow_the_reader_and_unknown_kinds_stay_readable() -> None:
    assert action_name("block", "fa") == "فیلترینگ"
    assert action_name("block", "ru") == "блокировка"
    assert action_name("data_localisation", "en") == "data localisation"
    assert messenger_name("Telegram", "fa") == "تلگرام"
    assert messenger_name("Telegram", "kk") == "Telegram"
    assert messenger_name("Threema", "fa") == "Threema"


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=0, max_size=200), st.text(min_size=0, max_size=2000))
def test_no_document_text_reaches_a_card_unescaped(title: str, text: str) -> None:
    document = Document(
        id=1,
        content_hash="h",
        title=title,
        text=text,
        language="en",
        country="IR",
        countries_mentioned=(),
        published=None,
        date_precision="unknown",
        messengers=("<Telegram>",),
        platforms=(),
        actions=(StoredAction("<ban>", "s"),),
        source="<Source & co>",
        url='https://x.ir/?a=1&b="2"',
        added_by=None,
        added_at="",
    )
    card = document_card(document, "en", [text[:100]]) + document_body(document)
    # Only our own tags remain once every tag we add is removed.
    leftover = re.sub(r'</?b>|<a href="[^"<>]*">|</a>', "", card)
    assert "<" not in leftover and ">" not in leftover
