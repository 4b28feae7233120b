import re

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.render import escape, marked, plain_text, split_message

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
