"""Drawing a timeline as a PNG that reads well on a phone (Pillow; fonts shipped as pip packages).

Labels arrive already translated; this module only lays them out. Persian and other Arabic-script
labels are shaped and ordered right-to-left by Pillow's raqm layout; where raqm is not available
(it needs the system's libfribidi), Arabic-script text cannot be drawn correctly, so callers ask
:func:`can_shape_arabic` first and fall back to labels in another script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

import fontpkg
from PIL import Image, ImageDraw, ImageFont, features

WIDTH = 1080
MAX_ROWS = 12
_PADDING = 48
_ROW = 116
_AXIS = 300
_TOP = 200
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
COLOURS = {
    "restricting": (214, 69, 69),
    "state": (47, 111, 214),
    "easing": (46, 158, 91),
    "report": (138, 143, 152),
}
_INK = (31, 35, 40)
_MUTED = (96, 103, 112)
_LINE = (208, 212, 218)


@dataclass(frozen=True)
class PictureRow:
    """One event: its date, what happened (messengers and actions), and the document it comes from."""

    date: str
    label: str
    detail: str
    category: str


@dataclass(frozen=True)
class TimelinePicture:
    """Everything drawn, in the reader's language."""

    title: str
    subtitle: str
    rows: tuple[PictureRow, ...]
    legend: tuple[tuple[str, str], ...]
    right_to_left: bool = False


def can_shape_arabic() -> bool:
    """Whether Persian labels can be drawn joined and right-to-left on this machine."""
    return bool(features.check("raqm"))


def has_arabic_script(text: str) -> bool:
    """Whether the text holds Persian or other Arabic-script letters."""
    return bool(_ARABIC_SCRIPT.search(text))


@lru_cache(maxsize=16)
def _font(size: int, bold: bool, arabic: bool) -> ImageFont.FreeTypeFont:
    # Noto Sans covers Latin, Cyrillic and Kazakh letters; Noto Sans Arabic covers Persian and Latin.
    path = fontpkg.path("Noto Sans Arabic" if arabic else "Noto Sans")
    layout = ImageFont.Layout.RAQM if can_shape_arabic() else ImageFont.Layout.BASIC
    font = ImageFont.truetype(str(path), size, layout_engine=layout)
    try:
        axes = font.get_variation_axes()
    except OSError:  # a static font: keep its weight
        return font
    font.set_variation_by_axes(
        [
            (700 if bold else 400) if axis["name"] in (b"Weight", "Weight") else int(axis["default"] or 0)
            for axis in axes
        ]
    )
    return font


def _drawable(text: str) -> str:
    if can_shape_arabic() or not has_arabic_script(text):
        return text
    # Unshaped Arabic script would be drawn as isolated letters in the wrong order: leave it out.
    return " ".join(_ARABIC_SCRIPT.sub("", text).split()) or "…"


def _fitted(text: str, font: ImageFont.FreeTypeFont, width: float) -> str:
    if font.getlength(text) <= width:
        return text
    while len(text) > 1 and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    *,
    size: int,
    bold: bool = False,
    fill: tuple[int, int, int] = _INK,
    anchor: str = "lm",
    width: float | None = None,
) -> None:
    text = _drawable(text)
    font = _font(size, bold, has_arabic_script(text))
    if width is not None:
        text = _fitted(text, font, width)
    draw.text(xy, text, font=font, fill=fill, anchor=anchor)


def draw_timeline(picture: TimelinePicture) -> bytes:
    """The picture as PNG bytes: a vertical time axis, newest at the bottom, one row per event."""
    rows = picture.rows[-MAX_ROWS:]
    legend_top = _TOP + max(len(rows), 1) * _ROW + 24
    height = legend_top + 56 * _legend_lines(picture) + _PADDING
    image = Image.new("RGB", (WIDTH, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    rtl = picture.right_to_left
    edge = WIDTH - _PADDING if rtl else _PADDING
    start_anchor = "r" if rtl else "l"
    axis = WIDTH - _AXIS if rtl else _AXIS
    toward_text = -1 if rtl else 1

    _text(
        draw,
        (edge, 64),
        picture.title,
        size=52,
        bold=True,
        anchor=start_anchor + "m",
        width=WIDTH - 2 * _PADDING,
    )
    _text(
        draw,
        (edge, 128),
        picture.subtitle,
        size=32,
        fill=_MUTED,
        anchor=start_anchor + "m",
        width=WIDTH - 2 * _PADDING,
    )

    if rows:
        first, last = _TOP + _ROW // 2, _TOP + (len(rows) - 1) * _ROW + _ROW // 2
        draw.line([(axis, first), (axis, last)], fill=_LINE, width=6)
    label_x = axis + toward_text * 36
    date_x = axis - toward_text * 32
    label_width = (WIDTH - _PADDING - label_x) if not rtl else (label_x - _PADDING)
    date_width = _AXIS - _PADDING - 40
    for index, row in enumerate(rows):
        middle = _TOP + index * _ROW + _ROW // 2
        colour = COLOURS.get(row.category, COLOURS["report"])
        draw.ellipse(
            [(axis - 15, middle - 15), (axis + 15, middle + 15)],
            fill=colour,
            outline=(255, 255, 255),
            width=4,
        )
        date_anchor = ("l" if rtl else "r") + "m"
        _text(draw, (date_x, middle), row.date, size=30, fill=_MUTED, anchor=date_anchor, width=date_width)
        _text(
            draw,
            (label_x, middle - 20),
            row.label,
            size=36,
            bold=True,
            anchor=start_anchor + "m",
            width=label_width,
        )
        _text(
            draw,
            (label_x, middle + 26),
            row.detail,
            size=28,
            fill=_MUTED,
            anchor=start_anchor + "m",
            width=label_width,
        )

    _draw_legend(draw, picture, legend_top)
    out = BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _legend_lines(picture: TimelinePicture) -> int:
    return max(1, len(picture.legend))


def _draw_legend(draw: ImageDraw.ImageDraw, picture: TimelinePicture, top: int) -> None:
    rtl = picture.right_to_left
    column = WIDTH - 2 * _PADDING
    for line, (category, label) in enumerate(picture.legend):
        middle = top + line * 56 + 28
        dot = WIDTH - _PADDING - 12 if rtl else _PADDING + 12
        draw.ellipse(
            [(dot - 12, middle - 12), (dot + 12, middle + 12)], fill=COLOURS.get(category, COLOURS["report"])
        )
        x = dot - 24 if rtl else dot + 24
        _text(
            draw,
            (x, middle),
            label,
            size=28,
            fill=_MUTED,
            anchor=("r" if rtl else "l") + "m",
            width=column - 56,
        )
