"""Admin commands: who is an admin, and /edit, /delete, /restore, /stats, /export, /audit, /admins.

Owners are the ADMIN_IDS setting; owners add and remove further admins, who are stored. Everyone else
gets a short refusal and nothing changes. Every change is written together with its audit entry.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.audit_details import edit_detail, export_detail
from bot.i18n import N_, format_published, plural_translator
from bot.metadata import (
    FIELDS,
    FieldError,
    Problem,
    parse_country,
    parse_date,
    parse_language,
    parse_source,
    parse_title,
)
from bot.services import Services
from bot.transfer import export_lines
from bot.understanding import latin_reading, search_terms
from handlers import admin_views
from handlers.context import gettext, services
from handlers.render import country_label, escape, language_name
from handlers.replies import reply_html
from storage.admins import AdminStore
from storage.audit import AuditLog
from storage.stats import database_size, delivery_figures

# Admin commands with their menu descriptions (translated where a menu is set), for the command menus
# of admins' chats.
ADMIN_COMMANDS = (
    ("add", N_("Add a document")),
    ("edit", N_("Change a document's title, country, date, source or language")),
    ("delete", N_("Delete a document (it can be restored)")),
    ("restore", N_("Bring back a deleted document")),
    ("stats", N_("Documents, subscriptions and the database in figures")),
    ("export", N_("All documents as a JSON Lines file")),
    ("audit", N_("Latest admin actions (owners)")),
    ("admins", N_("List, add or remove admins (owners)")),
)
STARTED_AT_KEY = "admin_started_at"
AUDIT_DEFAULT = 20
AUDIT_LIMIT = 100


async def admin_ids(found: Services) -> frozenset[int]:
    """Every admin's user id: the owners and the admins they added."""
    return found.settings.admin_ids | await AdminStore(found.database).ids()


def is_owner(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> bool:
    """Whether the user is an owner (listed in ADMIN_IDS)."""
    return user_id in services(context).settings.admin_ids


async def is_admin(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> bool:
    """Whether the user is an owner or an admin an owner added."""
    found = services(context)
    return user_id in found.settings.admin_ids or await AdminStore(found.database).is_admin(user_id)


async def require_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """The admin's user id, or None after telling a non-admin this command is not for them."""
    user = update.effective_user
    if user is not None and await is_admin(context, user.id):
        return user.id
    await refuse(update, context)
    return None


async def require_owner(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """The owner's user id, or None after a refusal."""
    user = update.effective_user
    if user is not None and is_owner(context, user.id):
        return user.id
    if user is not None and await is_admin(context, user.id):
        _lang, _ = gettext(update, context)
        await reply_html(update, _("Only the bot's owners can do that."))
        return None
    await refuse(update, context)
    return None


async def refuse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The short refusal everyone who is not an admin gets."""
    _lang, _ = gettext(update, context)
    if update.callback_query is not None:
        await update.callback_query.answer(_("Sorry, that is for the bot's admins only."), show_alert=True)
        return
    await reply_html(update, _("Sorry, that command is for the bot's admins only."))


def _document_id(text: str) -> int | None:
    digits = text.strip().lstrip("#")
    return int(digits) if digits.isdigit() and 0 < len(digits) < 12 else None


def _user_id(text: str) -> int | None:
    return int(text) if text.isdigit() and 0 < len(text) < 16 else None


def _command_rest(update: Update) -> str:
    """The message text after the command, line breaks kept."""
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=1) if message else []
    return parts[1] if len(parts) > 1 else ""


async def edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/edit <id> <field> <value>``: change one field of a document."""
    user_id = await require_admin(update, context)
    if user_id is None:
        return
    lang, _ = gettext(update, context)
    parts = _command_rest(update).split(maxsplit=2)
    usage = _("Usage: /edit <id> <field> <value>, where the field is one of: {fields}.").format(
        fields=", ".join(FIELDS)
    )
    if len(parts) < 3 or _document_id(parts[0]) is None:
        await reply_html(update, escape(usage))
        return
    document_id, field, value = _document_id(parts[0]) or 0, parts[1].lower(), parts[2]
    found = services(context)
    try:
        if field not in FIELDS:
            raise FieldError(field, value, Problem.UNKNOWN_FIELD)
        document = await found.documents.get(document_id)
        if document is None:
            await reply_html(update, _("There is no document number {id}.").format(id=document_id))
            return
        changes: dict[str, str | None] = {}
        title_terms = None
        if field == "title":
            title = parse_title(value)
            changes["title"] = title
            # Read as the document's own words are (a Kazakh text in Latin letters, in Cyrillic).
            title_terms = " ".join(search_terms(title, latin_reading(document.text)))
            shown = escape(title)
        elif field == "country":
            changes["country"] = parse_country(value)
            shown = country_label(changes["country"], lang)
        elif field == "date":
            stated = parse_date(value)
            changes["published"] = stated.day.isoformat()
            changes["date_precision"] = stated.precision
            shown = escape(format_published(stated.day.isoformat(), stated.precision, lang))
        elif field == "language":
            language = parse_language(value)
            changes["language"] = language
            shown = escape(language_name(language, lang))
        else:
            source = parse_source(value)
            if source.url:
                changes["url"] = source.url
                if not document.source:
                    changes["source"] = source.name
                shown = escape(source.url)
            else:
                changes["source"] = source.name
                shown = escape(source.name or "")
    except FieldError as error:
        await reply_html(update, admin_views.field_problem(error, _))
        return
    async with found.database.transaction() as connection:
        changed = await found.documents.update_in(connection, document_id, changes, title_terms=title_terms)
        if changed:
            await AuditLog(found.database).record_in(
                connection, "edit", user_id=user_id, document_id=document_id, detail=edit_detail(changes)
            )
    if not changed:
        await reply_html(update, _("There is no document number {id}.").format(id=document_id))
        return
    await reply_html(
        update,
        _("✏️ /doc_{id}: the {field} is now {value}.").format(id=document_id, field=field, value=shown),
    )


async def delete(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/delete <id>``: ask for confirmation with a button."""
    if await require_admin(update, context) is None:
        return
    _lang, _ = gettext(update, context)
    document_id = _document_id(_command_rest(update))
    if document_id is None:
        await reply_html(update, _("Which document? For example: /delete 12"))
        return
    document = await services(context).documents.get(document_id)
    if document is None:
        await reply_html(update, _("There is no document number {id}.").format(id=document_id))
        return
    text = _("Delete /doc_{id} “{title}”? It will be hidden everywhere; /restore {id} brings it back.")
    await reply_html(
        update,
        text.format(id=document_id, title=escape(document.title)),
        keyboard=admin_views.delete_keyboard(document_id, _),
    )


async def delete_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The Delete or Keep button under a /delete question."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    user_id = await require_admin(update, context)
    if user_id is None:
        return
    _lang, _ = gettext(update, context)
    _prefix, choice, number = query.data.split(":", 2)
    document_id = int(number)
    await query.answer()
    if choice == "keep":
        await query.edit_message_text(_("Kept /doc_{id}.").format(id=document_id))
        return
    found = services(context)
    async with found.database.transaction() as connection:
        deleted = await found.documents.soft_delete_in(connection, document_id)
        if deleted:
            await AuditLog(found.database).record_in(
                connection, "delete", user_id=user_id, document_id=document_id
            )
    if deleted:
        text = _("🗑 Document {id} is deleted. /restore {id} brings it back.")
    else:
        text = _("Document {id} is already deleted, or does not exist.")
    await query.edit_message_text(text.format(id=document_id))


async def restore(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/restore <id>``: undo a deletion."""
    user_id = await require_admin(update, context)
    if user_id is None:
        return
    _lang, _ = gettext(update, context)
    document_id = _document_id(_command_rest(update))
    if document_id is None:
        await reply_html(update, _("Which document? For example: /restore 12"))
        return
    found = services(context)
    async with found.database.transaction() as connection:
        restored = await found.documents.restore_in(connection, document_id)
        if restored:
            await AuditLog(found.database).record_in(
                connection, "restore", user_id=user_id, document_id=document_id
            )
    if restored:
        await reply_html(update, _("♻️ /doc_{id} is back.").format(id=document_id))
    else:
        await reply_html(update, _("Document {id} is not deleted, or does not exist.").format(id=document_id))


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/stats``: documents by country and language, deliveries, database size, uptime."""
    if await require_admin(update, context) is None:
        return
    lang, _ = gettext(update, context)
    found = services(context)
    started = context.bot_data.get(STARTED_AT_KEY, time.monotonic())
    report = admin_views.statistics(
        total=await found.documents.count(),
        deleted=await found.documents.deleted_count(),
        countries=await found.documents.country_counts(),
        languages=await found.documents.language_counts(),
        deliveries=await delivery_figures(found.database),
        database_bytes=database_size(found.database.path),
        uptime_seconds=time.monotonic() - started,
        language=lang,
        _=_,
    )
    await reply_html(update, report)


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/export`` (``/export all`` with deleted documents): every document as a JSON Lines file."""
    user_id = await require_admin(update, context)
    if user_id is None:
        return
    lang, _ = gettext(update, context)
    ngettext = plural_translator(lang)
    include_deleted = _command_rest(update).strip().lower() == "all"
    found = services(context)
    lines = await export_lines(found.documents, include_deleted=include_deleted)
    message = update.effective_message
    if not lines or message is None:
        await reply_html(update, _("There are no documents to export."))
        return
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    await message.reply_document(
        document="".join(lines).encode("utf-8"),
        filename=f"mpbot-documents-{stamp}.jsonl",
        caption=ngettext("{n} document", "{n} documents", len(lines)).format(n=len(lines)),
        do_quote=False,
    )
    await AuditLog(found.database).record(
        "export",
        user_id=user_id,
        detail=export_detail(len(lines), deleted_included=include_deleted),
    )


async def audit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/audit [n]``: the latest admin actions, for owners."""
    if await require_owner(update, context) is None:
        return
    lang, _ = gettext(update, context)
    rest = _command_rest(update).strip()
    count = int(rest) if rest.isdigit() and len(rest) < 6 else AUDIT_DEFAULT
    entries = await AuditLog(services(context).database).latest(max(1, min(count, AUDIT_LIMIT)))
    await reply_html(update, admin_views.audit_log(entries, lang, _))


async def admins(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/admins``, ``/admins add <user_id>``, ``/admins remove <user_id>``: for owners."""
    owner_id = await require_owner(update, context)
    if owner_id is None:
        return
    lang, _ = gettext(update, context)
    found = services(context)
    store = AdminStore(found.database)
    parts = _command_rest(update).split()
    if not parts:
        owners = ", ".join(str(user) for user in sorted(found.settings.admin_ids))
        added = await store.list()
        lines = [_("👑 Owners (ADMIN_IDS): {ids}").format(ids=owners)]
        if added:
            lines.append(_("Admins:"))
            lines += [
                _("{id} — added by {by} on {day}").format(
                    id=admin.user_id,
                    by=admin.added_by or "—",
                    day=format_published(admin.added_at[:10], "day", lang),
                )
                for admin in added
            ]
        else:
            lines.append(_("No other admins. Add one with /admins add <user_id>."))
        await reply_html(update, escape("\n".join(lines)))
        return
    action = parts[0].lower()
    user_id = _user_id(parts[1]) if len(parts) == 2 else None
    if action not in ("add", "remove") or user_id is None:
        await reply_html(update, escape(_("Usage: /admins, /admins add <user_id>, /admins remove <user_id>")))
        return
    if user_id in found.settings.admin_ids:
        await reply_html(
            update, _("{id} is an owner (ADMIN_IDS); owners are changed in the settings.").format(id=user_id)
        )
        return
    log = AuditLog(found.database)
    async with found.database.transaction() as connection:
        if action == "add":
            changed = await store.add_in(connection, user_id, added_by=owner_id)
        else:
            changed = await store.remove_in(connection, user_id)
        if changed:
            await log.record_in(connection, f"admin_{action}", user_id=owner_id, detail=str(user_id))
    if action == "add":
        text = _("✅ {id} is now an admin.") if changed else _("{id} is an admin already.")
    else:
        text = _("{id} is no longer an admin.") if changed else _("{id} was not an admin.")
    await reply_html(update, text.format(id=user_id))


def register(application: Application) -> None:
    """Add the admin commands (the /add conversation is registered by handlers.add)."""
    application.bot_data.setdefault(STARTED_AT_KEY, time.monotonic())
    application.add_handler(CommandHandler("edit", edit))
    application.add_handler(CommandHandler("delete", delete))
    application.add_handler(CallbackQueryHandler(delete_button, pattern=r"^admin:(delete|keep):\d+$"))
    application.add_handler(CommandHandler("restore", restore))
    application.add_handler(CommandHandler("stats", stats))
    application.add_handler(CommandHandler("export", export))
    application.add_handler(CommandHandler("audit", audit))
    application.add_handler(CommandHandler("admins", admins))
