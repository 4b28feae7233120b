"""/timeline <country>: a country's documents and policy actions in time, as a picture and as text."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.i18n import N_, format_published, plural_translator, translator
from bot.timeline import Timeline, build_timeline
from bot.timeline_picture import MAX_ROWS, PictureRow, TimelinePicture, can_shape_arabic, draw_timeline
from bot.understanding import country_name
from handlers.context import gettext, services
from handlers.countries import asked_country
from handlers.flood import admit
from handlers.keyboards import pressed_country
from handlers.render import (
    action_name,
    country_label,
    date_span,
    joined,
    messenger_name,
    timeline_text,
)
from handlers.replies import reply_html, reply_picture

TIMELINE_DOCUMENTS = 500
CATEGORY_NAMES = {
    "restricting": N_("Restricting messengers"),
    "state": N_("State messengers, mandates, laws"),
    "easing": N_("Denials and easing"),
    "report": N_("Reports without a policy action"),
}


def timeline_picture(timeline: Timeline, language: str) -> TimelinePicture:
    """The picture's labels in the reader's language (English where Persian cannot be drawn here)."""
    if language == "fa" and not can_shape_arabic():
        language = "en"
    _ = translator(language)
    ngettext = plural_translator(language)
    events = timeline.latest(MAX_ROWS)
    rows = []
    for event in events:
        names = [messenger_name(name, language) for name in event.messengers[:3]]
        what = joined(names, language) or _("messengers")
        if event.actions:
            what += " — " + joined([action_name(kind, language) for kind in event.actions[:2]], language)
        detail = f"#{event.document_id}" + (f" · {event.source}" if event.source else "")
        day = format_published(event.date, event.precision, language)
        rows.append(PictureRow(date=day, label=what, detail=detail, category=event.category))
    total = len(timeline.events)
    subtitle = ngettext("{n} dated document", "{n} dated documents", total).format(n=total)
    span = date_span(timeline.start, timeline.end)
    if span:
        subtitle += f" · {span}"
    if total > len(events):
        subtitle += " · " + _("the newest {n} shown").format(n=len(events))
    present = dict.fromkeys(event.category for event in events)
    legend = tuple(
        (category, _(CATEGORY_NAMES[category])) for category in CATEGORY_NAMES if category in present
    )
    # No flag in the picture: emoji need a colour emoji font the fonts shipped here do not have.
    title = _("{country}: timeline").format(country=country_name(timeline.country, language))
    return TimelinePicture(
        title=title, subtitle=subtitle, rows=tuple(rows), legend=legend, right_to_left=language == "fa"
    )


async def timeline_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/timeline <country>``."""
    _lang, _ = gettext(update, context)
    code = await asked_country(
        update, context, _("Which country? For example: /timeline Iran or /timeline kz")
    )
    if code:
        await send_timeline(update, context, code)


async def timeline_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``tl:<CC>`` under a country brief."""
    code = await pressed_country(update, context, "tl")
    if code and update.callback_query and await admit(update, context):
        await update.callback_query.answer()
        await send_timeline(update, context, code, admitted=True)


async def send_timeline(
    update: Update, context: ContextTypes.DEFAULT_TYPE, code: str, *, admitted: bool = False
) -> None:
    """Send the timeline picture, then the same timeline as text (screen readers, full titles)."""
    if not admitted and not await admit(update, context):
        return
    lang, _ = gettext(update, context)
    documents = await services(context).documents.by_country(code, limit=TIMELINE_DOCUMENTS)
    if not documents:
        await reply_html(
            update, _("I have no documents about {country} yet.").format(country=country_label(code, lang))
        )
        return
    timeline = build_timeline(code, documents)
    if timeline.events:
        if update.effective_message:
            await update.effective_message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
        png = await asyncio.to_thread(draw_timeline, timeline_picture(timeline, lang))
        caption = _(
            "🕒 {country}: documents and policy actions in time. The same timeline as text follows."
        ).format(country=country_label(code, lang))
        await reply_picture(update, png, caption=caption)
    await reply_html(update, timeline_text(timeline, lang))


def register(application: Application) -> None:
    """Add this feature's handlers."""
    application.add_handler(CommandHandler("timeline", timeline_command))
    application.add_handler(CallbackQueryHandler(timeline_button, pattern=r"^tl:"))
