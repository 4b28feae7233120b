"""/backup: an owner gets a gzip-compressed copy of the live database as a document, in a private chat."""

from __future__ import annotations

import logging
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from telegram import Update
from telegram.constants import ChatAction, ChatType
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.backup import BackupError, backup_name, write_backup
from bot.i18n import format_size
from handlers.context import gettext, services
from handlers.render import escape
from handlers.replies import reply_html

log = logging.getLogger(__name__)

# Bots may upload documents of up to 50 MB.
UPLOAD_LIMIT = 50 * 1000 * 1000


async def backup_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the owner a consistent, compressed copy of the database; refuse anyone else, and groups."""
    lang, _ = gettext(update, context)
    found = services(context)
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if user is None or chat is None or message is None:
        return
    if user.id not in found.settings.admin_ids:
        await reply_html(update, escape(_("Only the bot's owners can ask for a backup.")))
        return
    if chat.type != ChatType.PRIVATE:
        await reply_html(
            update,
            escape(_("I send backups only in a private chat with an owner: write /backup to me there.")),
        )
        return
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
    moment = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="mpbot-backup-") as folder:
        try:
            made = await write_backup(found.database.path, Path(folder) / backup_name(moment))
        except BackupError as error:
            log.error("backup for user %s failed: %s", user.id, error)
            await reply_html(update, escape(_("The backup failed. The details are in the bot's log.")))
            return
        if made.size > UPLOAD_LIMIT:
            await reply_html(
                update,
                escape(
                    _(
                        "The backup is {size}, too large to send through Telegram. "
                        "Run “mpbot backup PATH” on the server instead."
                    ).format(size=format_size(made.size, lang))
                ),
            )
            return
        caption = _("Database backup of {moment} UTC, {size}. To restore it, see “Backups” in the README.")
        with made.path.open("rb") as handle:
            await message.reply_document(
                handle,
                filename=made.path.name,
                caption=escape(
                    caption.format(moment=f"{moment:%Y-%m-%d %H:%M}", size=format_size(made.size, lang))
                ),
                do_quote=False,
            )
    log.info("backup of %d bytes sent to owner %s", made.size, user.id)


def register(application: Application) -> None:
    """Add this feature's handlers."""
    application.add_handler(CommandHandler("backup", backup_command))
