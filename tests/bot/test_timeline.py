"""Timeline data (pure) and its picture."""

from io import BytesIO

import pytest
from PIL import Image

from bot.timeline import action_category, build_timeline
from bot.timeline_picture import MAX_ROWS, PictureRow, TimelinePicture, can_shape_arabic, draw_timeline
from storage.documents import Document, StoredAction


def document(
    number: int, published: str | None, kinds: tuple[str, ...] = (), messengers: tuple[str, ...] = ()
) -> Document:
    return Document(
        id=number,
        content_hash=str(number),
        title=f"Report {number}",
        text="Text.",
        language="en",
        country="IR",
        countries_mentioned=(),
        published=published,
        date_precision="day" if published else "unknown",
        messengers=messengers,
        platforms=(),
        actions=tuple(StoredAction(kind, "Sentence.", ("Gap",)) for kind in kinds),
        source="Wire",
        url=None,
        added_by=None,
        added_at="",
    )


def test_events_run_oldest_first_and_undated_documents_stand_apart() -> None:
    timeline = build_timeline("IR", [document(3, "2024-01-02"), document(1, None), document(2, "2018-04-30")])
    assert [event.document_id for event in timeline.events] == [2, 3]
    assert [event.document_id for event in timeline.undated] == [1]
    assert (timeline.start, timeline.end) == ("2018-04-30", "2024-01-02")
    assert [event.document_id for event in timeline.latest(1)] == [3]


def test_an_event_lists_the_documents_and_the_actions_messengers_once() -> None:
    [event] = build_timeline("IR", [document(1, "2020-01-01", ("block", "block"), ("Telegram",))]).events
    assert event.messengers == ("Telegram", "Gap")
    assert event.actions == ("block",)


def test_restricting_actions_outweigh_the_others() -> None:
    assert action_category(["deny", "block"]) == "restricting"
    assert action_category(["state_messenger"]) == "state"
    assert action_category(["unblock"]) == "easing"
    assert action_category([]) == "report"
    assert action_category(["something_new"]) == "report"


def picture(rows: int, *, rtl: bool = False, label: str = "Telegram — blocking") -> TimelinePicture:
    return TimelinePicture(
        title="Iran: timeline",
        subtitle=f"{rows} dated documents",
        rows=tuple(
            PictureRow(f"{day} Jan 2020", label, f"#{day} · Wire", "restricting") for day in range(rows)
        ),
        legend=(("restricting", "Restricting messengers"),),
        right_to_left=rtl,
    )


def test_the_picture_is_a_phone_width_png_whose_height_follows_the_rows() -> None:
    small = Image.open(BytesIO(draw_timeline(picture(2))))
    large = Image.open(BytesIO(draw_timeline(picture(40))))
    assert small.format == "PNG" and small.width == 1080
    assert small.height < large.height
    assert large.height == Image.open(BytesIO(draw_timeline(picture(MAX_ROWS)))).height  # capped


def ink(image: Image.Image, xs: range, ys: range) -> int:
    return sum(1 for x in xs for y in ys if image.getpixel((x, y)) < 100)


@pytest.mark.skipif(not can_shape_arabic(), reason="Persian shaping needs raqm (libfribidi)")
def test_a_persian_picture_mirrors_the_axis_and_right_aligns_its_labels() -> None:
    rtl = Image.open(BytesIO(draw_timeline(picture(3, rtl=True, label="تلگرام — فیلترینگ"))))
    ltr = Image.open(BytesIO(draw_timeline(picture(3))))
    first_row = 200 + 116 // 2
    assert rtl.getpixel((1080 - 300, first_row)) == (214, 69, 69)  # the dot on the axis, near the right
    assert ltr.getpixel((300, first_row)) == (214, 69, 69)
    label_band = range(first_row - 40, first_row)
    grey_rtl, grey_ltr = rtl.convert("L"), ltr.convert("L")
    assert ink(grey_rtl, range(650, 744), label_band) > 0  # the label ends just left of the axis
    assert ink(grey_rtl, range(340, 400), label_band) == 0
    assert ink(grey_ltr, range(340, 400), label_band) > 0
