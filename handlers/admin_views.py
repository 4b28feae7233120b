"""What the admin tools show: previews, statistics, the audit log and every refusal, as Telegram HTML.

Built only from the escaping helpers of handlers/render.py; all wording goes through gettext.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.audit_details import read_edit, read_export, read_import
from bot.duplicates import NearDuplicate
from bot.extraction import MAX_FILE_BYTES, FileProblem
from bot.fetching import FetchError, FetchProblem
from bot.i18n import (
    N_,
    format_duration,
    format_moment,
    format_published,
    format_share,
    format_size,
    plural_translator,
)
from bot.metadata import FIELDS, FieldError, Problem
from handlers.render import (
    action_name,
    country_label,
    country_text,
    escape,
    joined,
    language_name,
    messenger_name,
    source_link,
)
from storage.audit import AuditEntry
from storage.documents import CountryCount, Document
from storage.stats import DeliveryFigures

Gettext = Callable[[str], str]


def preview(
    document: Document, summary: Sequence[str], language: str, _: Gettext, near: NearDuplicate | None
) -> str:
    """A draft as the admin reviews it before publishing."""
    date_text = format_published(document.published, document.date_precision, language)
    messengers = joined([messenger_name(name, language) for name in document.messengers], language) or "—"
    kinds = dict.fromkeys(action.kind for action in document.actions)
    actions = joined([action_name(kind, language) for kind in kinds], language) or "—"
    lines = [
        _("📝 <b>Preview</b>"),
        "",
        f"<b>{escape(document.title)}</b>",
        _("Language: {language}").format(language=escape(language_name(document.language, language))),
        _("Country: {country}").format(country=country_label(document.country, language)),
        _("Date: {date}").format(date=escape(date_text)),
        _("Source: {source}").format(source=source_link(document, language)),
        _("Messengers: {messengers}").format(messengers=escape(messengers)),
        _("Actions: {actions}").format(actions=escape(actions)),
    ]
    if summary:
        lines += ["", _("<b>Summary</b>"), *(f"• {escape(sentence)}" for sentence in summary)]
    if near is not None:
        lines += [
            "",
            _("⚠️ This looks like the same story as /doc_{id} ({similarity} similar).").format(
                id=near.document_id, similarity=format_share(near.similarity, language)
            ),
        ]
    return "\n".join(lines)


def preview_keyboard(_: Gettext, *, near_duplicate: bool) -> InlineKeyboardMarkup:
    """Publish (or publish anyway), change country, change date, cancel."""
    publish = (
        InlineKeyboardButton(_("✅ Publish anyway"), callback_data="add:publish:force")
        if near_duplicate
        else InlineKeyboardButton(_("✅ Publish"), callback_data="add:publish")
    )
    return InlineKeyboardMarkup(
        [
            [publish, InlineKeyboardButton(_("✖️ Cancel"), callback_data="add:cancel")],
            [
                InlineKeyboardButton(_("🌍 Change country"), callback_data="add:country"),
                InlineKeyboardButton(_("📅 Change date"), callback_data="add:date"),
            ],
        ]
    )


def done_keyboard(_: Gettext) -> InlineKeyboardMarkup:
    """One button that does what /done does."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(_("👁 Preview"), callback_data="add:done")]])


def delete_keyboard(document_id: int, _: Gettext) -> InlineKeyboardMarkup:
    """Confirm or cancel a deletion."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("🗑 Delete"), callback_data=f"admin:delete:{document_id}"),
                InlineKeyboardButton(_("Keep it"), callback_data=f"admin:keep:{document_id}"),
            ]
        ]
    )


def field_problem(error: FieldError, _: Gettext) -> str:
    """Why a stated field or value cannot be used."""
    value = escape(error.value.strip()[:100])
    if error.problem is Problem.UNKNOWN_FIELD:
        return _("Unknown field “{field}”. You can change: {fields}.").format(
            field=escape(error.field[:50]), fields=", ".join(FIELDS)
        )
    if error.problem is Problem.IMPOSSIBLE_DATE:
        return _("“{value}” is not a possible date. Write it as 2024-03-05, 2024-03 or 2024.").format(
            value=value
        )
    if error.problem is Problem.UNKNOWN_COUNTRY:
        return _("I don't know the country “{value}”. Use a code such as KZ or IR, or a name.").format(
            value=value
        )
    if error.problem is Problem.UNKNOWN_LANGUAGE:
        return _("“{value}” is not a language code. Use one such as ru, kk, fa or en.").format(value=value)
    if error.problem is Problem.TOO_LONG:
        return _("The {field} is too long.").format(field=escape(error.field))
    return _("The {field} is empty.").format(field=escape(error.field))


def file_problem(problem: FileProblem, _: Gettext) -> str:
    """Why a file cannot be added."""
    if problem is FileProblem.EMPTY:
        return _("The file is empty. Nothing was added.")
    if problem is FileProblem.TOO_LARGE:
        return _("The file is larger than {size} MB. Nothing was added.").format(size=MAX_FILE_BYTES // 2**20)
    if problem is FileProblem.BINARY:
        return _(
            "This is not a text file (a PDF, an image or an archive?). Send .txt, .md or .html. "
            "Nothing was added."
        )
    return _("I read .txt, .md and .html files only. Nothing was added.")


def fetch_problem(error: FetchError, _: Gettext) -> str:
    """Why a link could not be fetched."""
    messages = {
        FetchProblem.INVALID_URL: _("That is not an http or https link."),
        FetchProblem.PRIVATE_ADDRESS: _(
            "That link points to a private or local address; I don't fetch those."
        ),
        FetchProblem.TIMEOUT: _("The page did not answer in time."),
        FetchProblem.UNREACHABLE: _("I could not reach that site."),
        FetchProblem.NOT_HTML: _("That link is not a web page (HTML)."),
        FetchProblem.TOO_LARGE: _("That page is larger than 2 MB."),
        FetchProblem.TOO_MANY_REDIRECTS: _("That link redirects too many times."),
    }
    if error.problem is FetchProblem.HTTP_STATUS:
        text = _("The site answered with error {status}.").format(status=error.status)
    else:
        text = messages[error.problem]
    return text + " " + _("Nothing was added.")


def statistics(
    *,
    total: int,
    deleted: int,
    countries: Sequence[CountryCount],
    languages: Sequence[tuple[str, int]],
    deliveries: DeliveryFigures,
    database_bytes: int,
    uptime_seconds: float,
    language: str,
    _: Gettext,
) -> str:
    """The /stats report."""
    lines = [_("📊 <b>Statistics</b>"), ""]
    lines.append(_("Documents: {total} (deleted: {deleted})").format(total=total, deleted=deleted))
    without_country = total - sum(entry.documents for entry in countries)
    by_country = [f"{country_label(entry.country, language)} {entry.documents}" for entry in countries]
    if without_country:
        by_country.append(f"{country_label(None, language)} {without_country}")
    lines.append(_("By country: {list}").format(list=" · ".join(by_country) or "—"))
    by_language = [f"{escape(language_name(code, language))} {count}" for code, count in languages]
    lines.append(_("By language: {list}").format(list=" · ".join(by_language) or "—"))
    if deliveries.subscriptions is not None:
        lines.append(_("Subscriptions: {n}").format(n=deliveries.subscriptions))
    if deliveries.deliveries_by_status is not None:
        statuses = deliveries.deliveries_by_status
        lines.append(
            _("Deliveries: pending {pending}, failed {failed}").format(
                pending=statuses.get("pending", 0), failed=statuses.get("failed", 0)
            )
        )
    lines.append(_("Database: {size}").format(size=escape(format_size(database_bytes, language))))
    lines.append(_("Uptime: {time}").format(time=escape(format_duration(uptime_seconds, language))))
    return "\n".join(lines)


# Audit actions as recorded (storage.audit), shown in the reader's language.
AUDIT_ACTIONS = {
    "publish": N_("published"),
    "edit": N_("edited"),
    "delete": N_("deleted"),
    "restore": N_("restored"),
    "export": N_("exported"),
    "import": N_("imported"),
    "admin_add": N_("admin added"),
    "admin_remove": N_("admin removed"),
}
# Fields an edit records (bot.audit_details), as /audit names them; date_precision goes with the date.
EDITED_FIELDS = {
    "title": N_("title"),
    "country": N_("country"),
    "published": N_("date"),
    "language": N_("language"),
    "url": N_("address"),
    "source": N_("source"),
}


def audit_log(entries: Sequence[AuditEntry], language: str, _: Gettext) -> str:
    """The latest audit entries, newest first: when, who, what, on which document, and the detail."""
    if not entries:
        return _("The audit log is empty.")
    lines = [_("🧾 <b>Latest admin actions</b>"), ""]
    for entry in entries:
        known = AUDIT_ACTIONS.get(entry.action)
        parts = [
            escape(format_moment(entry.at, language)),
            str(entry.user_id or "—"),
            escape(_(known) if known else entry.action),
        ]
        if entry.document_id is not None:
            parts.append(f"/doc_{entry.document_id}")
        detail = audit_detail(entry, language, _)
        if detail:
            parts.append(escape(detail[:200]))
        lines.append(" · ".join(parts))
    return "\n".join(lines)


def audit_detail(entry: AuditEntry, language: str, _: Gettext) -> str:
    """An entry's detail in the reader's language (plain text); as stored when it cannot be read."""
    ngettext = plural_translator(language)
    if entry.action == "edit" and (changes := read_edit(entry.detail)) is not None:
        values = dict(changes)
        shown = []
        for name, value in changes:
            if name == "date_precision":
                continue
            if name == "country":
                value = country_text(value or None, language)
            elif name == "published":
                value = format_published(value, values.get("date_precision", "day"), language)
            elif name == "language":
                value = language_name(value, language)
            shown.append(_("{field}: {value}").format(field=_(EDITED_FIELDS[name]), value=value))
        return joined(shown, language)
    if entry.action == "export" and (exported := read_export(entry.detail)) is not None:
        parts = [ngettext("{n} document", "{n} documents", exported.documents).format(n=exported.documents)]
        if exported.deleted_included:
            parts.append(_("deleted ones included"))
        return joined(parts, language)
    if entry.action == "import" and (imported := read_import(entry.detail)) is not None:
        added = _("new: {n}").format(n=imported.added)
        return joined([added, _("already stored: {n}").format(n=imported.already_stored)], language)
    return entry.detail
