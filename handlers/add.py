"""/add: an admin adds a document from the chat — text, several messages, a forward, a file or a link.

The conversation: /add → the admin sends the document (text parts end with /done) → a preview with
Publish / Change country / Change date / Cancel → publish through ``bot.publishing.publish_document``.
Bad input gets a message and stores nothing; the admin may then send the document again.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram import Message, MessageOrigin, MessageOriginChannel, MessageOriginChat, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.briefs import summarize
from bot.drafts import (
    Draft,
    as_document,
    build_document,
    draft_from_article,
    draft_from_forward,
    draft_from_text,
)
from bot.duplicates import NearDuplicate, find_near_duplicate
from bot.extraction import (
    MAX_FILE_BYTES,
    FileProblem,
    NoArticleError,
    UnreadableFileError,
    article_text,
    file_to_article,
    html_to_article,
)
from bot.fetching import FetchError, fetch_page
from bot.ingest import EmptyDocumentError
from bot.metadata import FieldError, Source, is_link, parse_country, parse_date, parse_header
from bot.publishing import PublishingFailed, publish_document
from handlers import admin_views
from handlers.admin import require_admin
from handlers.context import gettext, services
from handlers.delivery import wake_worker
from handlers.replies import reply_html
from storage.documents import Document, NewDocument

log = logging.getLogger(__name__)

COLLECTING, REVIEWING, ASKING_COUNTRY, ASKING_DATE = range(4)
SESSION_KEY = "add_session"
END = ConversationHandler.END


@dataclass
class AddSession:
    """One admin's /add in progress: text parts so far, the draft under review, its preview message."""

    parts: dict[int, str] = field(default_factory=dict)
    draft: Draft | None = None
    preview: Message | None = None


def _session(context: ContextTypes.DEFAULT_TYPE) -> AddSession:
    data = context.user_data if context.user_data is not None else {}
    found = data.get(SESSION_KEY)
    if not isinstance(found, AddSession):
        found = AddSession()
        data[SESSION_KEY] = found
    return found


def _end_session(context: ContextTypes.DEFAULT_TYPE) -> AddSession:
    if context.user_data is not None:
        found = context.user_data.pop(SESSION_KEY, None)
        if isinstance(found, AddSession):
            return found
    return AddSession()


def _user_id(update: Update) -> int | None:
    return update.effective_user.id if update.effective_user else None


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """``/add``: explain what to send (``/add <text or link>`` goes straight to the preview)."""
    if await require_admin(update, context) is None:
        return END
    _end_session(context)
    _session(context)
    message = update.effective_message
    rest = (message.text or "").split(maxsplit=1)[1:] if message else []
    if rest and rest[0].strip():
        return await _take_text(update, context, rest[0])
    _lang, _ = gettext(update, context)
    text = "\n".join(
        [
            _("📥 <b>Send the document</b>"),
            _("• paste its text — a long one in several messages, then /done"),
            _("• or forward a post (from a channel too)"),
            _("• or send a .txt, .md or .html file up to 1 MB"),
            _("• or send a link to the article"),
            "",
            _("Header lines at the start set what I would otherwise detect:"),
            "<code>title: …\ncountry: KZ\ndate: 2024-03-05\nsource: …\nlanguage: ru</code>",
            "",
            _("/cancel stops without storing anything."),
        ]
    )
    await reply_html(update, text)
    return COLLECTING


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A text message: a link (fetched at once) or one part of the document's text."""
    message = update.effective_message
    if message is None or not message.text:
        return COLLECTING
    session = _session(context)
    if not session.parts and _is_link_message(message.text):
        return await _take_link(update, context, message.text)
    session.parts[message.message_id] = message.text
    _lang, _ = gettext(update, context)
    await reply_html(
        update,
        _("📝 Part {n} received. Send more, or /done for the preview (/cancel stops).").format(
            n=len(session.parts)
        ),
        keyboard=admin_views.done_keyboard(_),
    )
    return COLLECTING


def _is_link_message(text: str) -> bool:
    try:
        return is_link(parse_header(text).body)
    except FieldError:
        return is_link(text.strip().splitlines()[-1]) if text.strip() else False


async def on_done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """``/done`` (or its button): the text parts, in the order they were sent, become the draft."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    session = _session(context)
    if not session.parts:
        _lang, _ = gettext(update, context)
        await reply_html(update, _("Nothing received yet: send the document's text first, or /cancel."))
        return COLLECTING
    joined = "\n".join(session.parts[number] for number in sorted(session.parts))
    session.parts.clear()
    return await _take_text(update, context, joined)


async def _take_text(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> int:
    if _is_link_message(text):
        return await _take_link(update, context, text)
    added_by = _user_id(update)
    return await _propose(update, context, lambda: draft_from_text(text, added_by=added_by))


async def _take_link(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> int:
    _lang, _ = gettext(update, context)
    try:
        header = parse_header(text)
    except FieldError as error:
        return await _reject(update, context, admin_views.field_problem(error, _))
    settings = services(context).settings
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_chat_action(chat.id, ChatAction.TYPING)
    try:
        page = await fetch_page(
            header.body, allow_private=settings.allow_private_urls, timeout=settings.fetch_timeout_seconds
        )
    except FetchError as error:
        log.info("link not fetched: %s", error)
        return await _reject(update, context, admin_views.fetch_problem(error, _))
    added_by = _user_id(update)

    def make() -> Draft:
        article = html_to_article(page.text(), url=page.url)
        return draft_from_article(article, header, url=page.url, added_by=added_by)

    return await _propose(update, context, make)


async def on_forward(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A forwarded post: its text, with where it was first posted as the source."""
    message = update.effective_message
    if message is None or message.forward_origin is None:
        return COLLECTING
    text = message.text or message.caption or ""
    origin = forward_source(message.forward_origin)
    added_by = _user_id(update)
    return await _propose(update, context, lambda: draft_from_forward(text, origin, added_by=added_by))


def forward_source(origin: MessageOrigin) -> Source:
    """Where a forwarded post comes from: a channel or chat (linked when public), or a person."""
    if isinstance(origin, MessageOriginChannel):
        chat = origin.chat
        username = chat.username
        url = f"https://t.me/{username}/{origin.message_id}" if username else None
        return Source(name=chat.title or (f"@{username}" if username else None), url=url)
    if isinstance(origin, MessageOriginChat):
        chat = origin.sender_chat
        username = chat.username
        return Source(
            name=chat.title or (f"@{username}" if username else None),
            url=f"https://t.me/{username}" if username else None,
        )
    sender_user = getattr(origin, "sender_user", None)
    if sender_user is not None:
        return Source(name=sender_user.full_name)
    hidden_name = getattr(origin, "sender_user_name", None)
    return Source(name=hidden_name if isinstance(hidden_name, str) else None)


async def on_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A .txt, .md or .html file up to 1 MB; its caption may hold header lines."""
    message = update.effective_message
    if message is None or message.document is None:
        return COLLECTING
    _lang, _ = gettext(update, context)
    document = message.document
    if document.file_size is not None and document.file_size == 0:
        return await _reject(update, context, admin_views.file_problem(FileProblem.EMPTY, _))
    if document.file_size is not None and document.file_size > MAX_FILE_BYTES:
        return await _reject(update, context, admin_views.file_problem(FileProblem.TOO_LARGE, _))
    try:
        header = parse_header(message.caption or "")
    except FieldError as error:
        return await _reject(update, context, admin_views.field_problem(error, _))
    telegram_file = await document.get_file()
    data = bytes(await telegram_file.download_as_bytearray())
    added_by = _user_id(update)

    def make() -> Draft:
        article = file_to_article(data, document.file_name)
        return draft_from_article(article, header, added_by=added_by)

    return await _propose(update, context, make)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Anything else (a photo, a sticker, a voice message): say what can be added."""
    _lang, _ = gettext(update, context)
    message = update.effective_message
    if message is not None and (message.photo or message.sticker or message.animation):
        text = _("That is an image; I can only add text. Nothing was added.")
    else:
        text = _("I can add text, forwarded posts, .txt/.md/.html files and links. Nothing was added.")
    await reply_html(update, text)
    return COLLECTING


async def _reject(update: Update, context: ContextTypes.DEFAULT_TYPE, problem: str) -> int:
    _lang, _ = gettext(update, context)
    _session(context).parts.clear()
    await reply_html(update, problem + "\n" + _("Send the document again, or /cancel."))
    return COLLECTING


async def _propose(update: Update, context: ContextTypes.DEFAULT_TYPE, make: Callable[[], Draft]) -> int:
    """Build the draft and show its preview, or say why there is nothing to add."""
    _lang, _ = gettext(update, context)
    try:
        draft = make()
        new = build_document(draft)
    except FieldError as error:
        return await _reject(update, context, admin_views.field_problem(error, _))
    except UnreadableFileError as error:
        return await _reject(update, context, admin_views.file_problem(error.problem, _))
    except EmptyDocumentError:
        return await _reject(update, context, _("The text is empty. Nothing was added."))
    except NoArticleError:
        return await _reject(
            update,
            context,
            _(
                "I found no article there: only site boilerplate (menus, share buttons, copyright) "
                "or too few words. Nothing was added."
            ),
        )
    if await _report_if_stored(update, context, new):
        _session(context).parts.clear()
        return COLLECTING
    return await _show_preview(update, context, draft, new)


async def _show_preview(
    update: Update, context: ContextTypes.DEFAULT_TYPE, draft: Draft, new: NewDocument
) -> int:
    lang, _ = gettext(update, context)
    session = _session(context)
    await _close_preview(session)
    near = await _near_duplicate(context, new)
    document = as_document(new)
    session.draft = draft
    session.preview = await reply_html(
        update,
        admin_views.preview(document, summarize(document), lang, _, near),
        keyboard=admin_views.preview_keyboard(_, near_duplicate=near is not None),
    )
    return REVIEWING


async def _near_duplicate(context: ContextTypes.DEFAULT_TYPE, new: NewDocument) -> NearDuplicate | None:
    candidates = await services(context).documents.texts_like(new.country, new.language)
    return find_near_duplicate(
        article_text(new.text), [(number, article_text(text)) for number, text in candidates]
    )


async def _report_if_stored(update: Update, context: ContextTypes.DEFAULT_TYPE, new: NewDocument) -> bool:
    """Tell the admin when exactly this text is stored already; True if it is."""
    existing: Document | None = await services(context).documents.find_by_hash(new.content_hash)
    if existing is None:
        return False
    _lang, _ = gettext(update, context)
    if existing.deleted_at:
        text = _("This exact text is stored already as document {id}, which is deleted: /restore {id}.")
    else:
        text = _("This exact text is stored already as /doc_{id}. Nothing was added.")
    await reply_html(update, text.format(id=existing.id))
    return True


async def _close_preview(session: AddSession) -> None:
    """Take the buttons off the previous preview, so only the current one can be pressed."""
    previous, session.preview = session.preview, None
    if previous is not None:
        with contextlib.suppress(BadRequest):  # already edited or deleted: nothing to take off
            await previous.edit_reply_markup(reply_markup=None)


async def on_publish(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Publish: store the draft with its audit entry (one transaction) through the publishing entry point."""
    query = update.callback_query
    if query is None:
        return REVIEWING
    user_id = await require_admin(update, context)
    if user_id is None:
        return END
    await query.answer()
    _lang, _ = gettext(update, context)
    session = _session(context)
    draft, session.draft = session.draft, None  # taken before any await: a double tap publishes once
    if draft is None:
        await reply_html(update, _("There is nothing to publish. Start again with /add."))
        return END
    new = build_document(draft)
    if await _report_if_stored(update, context, new):
        await _close_preview(session)
        _end_session(context)
        return END
    if not (query.data or "").endswith(":force") and await _near_duplicate(context, new) is not None:
        return await _show_preview(update, context, draft, new)
    try:
        document_id = await publish_document(services(context).documents, new, audited_by=user_id)
    except PublishingFailed:
        log.exception("publishing a draft of admin %s failed; the draft is kept", user_id)
        session.draft = draft  # Publish again retries it
        await reply_html(
            update,
            _(
                "⚠️ The document could not be stored just now, so nothing was published. The draft is "
                "kept: press Publish again in a moment, or /cancel."
            ),
        )
        return REVIEWING
    if document_id is None:  # stored meanwhile
        await _report_if_stored(update, context, new)
        await _close_preview(session)
        _end_session(context)
        return END
    wake_worker(context.application)  # its deliveries go out now, not at the worker's next poll
    await _close_preview(session)
    _end_session(context)
    await reply_html(update, _("✅ Published as /doc_{id}.").format(id=document_id))
    return END


async def on_change_country(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Change country: ask for it."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    _lang, _ = gettext(update, context)
    await reply_html(update, _("Which country? Send a code such as KZ or IR, or its name."))
    return ASKING_COUNTRY


async def on_change_date(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Change date: ask for it."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    _lang, _ = gettext(update, context)
    await reply_html(update, _("Which date? Send it as 2024-03-05, 2024-03 or 2024."))
    return ASKING_DATE


async def on_country(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The country the admin sent: a new preview, or why it is not a country."""
    return await _change(update, context, lambda draft, text: draft.with_country(parse_country(text)))


async def on_date(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The date the admin sent: a new preview, or why it is not a possible date."""

    def change(draft: Draft, text: str) -> Draft:
        stated = parse_date(text)
        return draft.with_date(stated.day, stated.precision)

    return await _change(update, context, change)


async def _change(
    update: Update, context: ContextTypes.DEFAULT_TYPE, change: Callable[[Draft, str], Draft]
) -> int:
    _lang, _ = gettext(update, context)
    message = update.effective_message
    session = _session(context)
    if session.draft is None or message is None or not message.text:
        return END
    try:
        draft = change(session.draft, message.text)
    except FieldError as error:
        await reply_html(update, admin_views.field_problem(error, _))
        return ASKING_COUNTRY if error.field == "country" else ASKING_DATE
    return await _show_preview(update, context, draft, build_document(draft))


async def on_text_while_reviewing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Text while the preview waits: point at the buttons."""
    _lang, _ = gettext(update, context)
    await reply_html(update, _("Use the buttons under the preview, or /cancel."))
    return REVIEWING


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """``/cancel`` or the Cancel button: drop the draft, store nothing."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    await _close_preview(_end_session(context))
    _lang, _ = gettext(update, context)
    await reply_html(update, _("Cancelled. Nothing was stored."))
    return END


async def on_timeout(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The admin went quiet: drop the draft and say so."""
    session = _end_session(context)
    await _close_preview(session)
    if isinstance(update, Update) and update.effective_chat is not None:
        _lang, _ = gettext(update, context)
        await context.bot.send_message(
            update.effective_chat.id, _("The /add draft expired. Nothing was stored; start again with /add.")
        )


async def on_stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button of a draft that is no longer open."""
    if update.callback_query is not None:
        _lang, _ = gettext(update, context)
        await update.callback_query.answer(_("This draft is closed. Start again with /add."))


def conversation(timeout_seconds: float) -> ConversationHandler[ContextTypes.DEFAULT_TYPE]:
    """The /add conversation."""
    text = filters.TEXT & ~filters.COMMAND
    buttons: list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]] = [
        CallbackQueryHandler(on_publish, pattern=r"^add:publish(:force)?$"),
        CallbackQueryHandler(on_change_country, pattern=r"^add:country$"),
        CallbackQueryHandler(on_change_date, pattern=r"^add:date$"),
        CallbackQueryHandler(on_cancel, pattern=r"^add:cancel$"),
    ]
    with warnings.catch_warnings():
        # Buttons are tracked per chat and user on purpose (one draft per admin), not per message.
        warnings.filterwarnings("ignore", message=".*per_message.*", category=PTBUserWarning)
        return ConversationHandler(
            entry_points=[CommandHandler("add", start)],
            states={
                COLLECTING: [
                    CommandHandler("done", on_done),
                    CallbackQueryHandler(on_done, pattern=r"^add:done$"),
                    MessageHandler(filters.FORWARDED & (filters.TEXT | filters.CAPTION), on_forward),
                    MessageHandler(filters.Document.ALL, on_file),
                    MessageHandler(text, on_text),
                    MessageHandler(~filters.COMMAND, on_other),
                ],
                REVIEWING: [*buttons, MessageHandler(text, on_text_while_reviewing)],
                ASKING_COUNTRY: [MessageHandler(text, on_country), *buttons],
                ASKING_DATE: [MessageHandler(text, on_date), *buttons],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, on_timeout)],
            },
            fallbacks=[
                CommandHandler("cancel", on_cancel),
                CallbackQueryHandler(on_cancel, pattern=r"^add:cancel$"),
            ],
            allow_reentry=True,
            conversation_timeout=timeout_seconds,
            name="add",
        )


def register(application: Application) -> None:
    """Add the /add conversation (before the plain-text search, which would take its messages)."""
    settings = application.bot_data["settings"]
    application.add_handler(conversation(settings.add_timeout_seconds))
    application.add_handler(CallbackQueryHandler(on_stale_button, pattern=r"^add:"))
