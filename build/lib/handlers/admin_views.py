"""What the admin tools show: previews, statistics, the audit log and every refusal, as Telegram HTML.

Built only from the escaping helpers of handlers/render.py; all wording goes through gettext.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.duplicates import NearDuplicate
from bot.extraction import MAX_FILE_BYTES, FileProblem
from bot.fetching import FetchError, FetchProblem
from bot.i18n import format_published
from bot.metadata import FIELDS, FieldError, Problem
from handlers.render import country_label, escape, source_link
from storage.audit import AuditEntry
from storage.documents import CountryCount, Document
from storage.stats import DeliveryFigures

Gettext = Callable[[str], str]


def preview(
    document: Document, summary: Sequence[str], language: str, _: Gettext, near: NearDuplicate | None
) -> str:
    """A draft as the admin reviews it before publishing."""
    date_text = format_published(document.published, document.date_precision, language)
    actions = ", ".join(dict.fromkeys(action.kind for action in document.actions)) or "—"
    lines = [
        _("📝 <b>Preview</b>"),
        "",
        f"<b>{escape(document.title)}</b>",
        _("Language: {language}").format(language=escape(document.language)),
        _("Country: {country}").format(country=country_label(document.country, language)),
        _("Date: {date}").format(date=escape(date_text)),
        _("Source: {source}").format(source=source_link(document, language)),
        _("Messengers: {messengers}").format(messengers=escape(", ".join(document.messengers) or "—")),
        _("Actions: {actions}").format(actions=escape(actions)),
    ]
    if summary:
        lines += ["", _("<b>Summary</b>"), *(f"• {escape(sentence)}" for sentence in summary)]
    if near is not None:
        lines += [
            "",
            _("⚠️ This looks like the same story as /doc_{id} ({percent}% similar).").format(
                id=near.document_id, percent=int(near.similarity * 100)
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


def size_text(size: int) -> str:
    """A byte count as a short human figure."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def duration_text(seconds: float) -> str:
    """An uptime as days, hours and minutes."""
    minutes = int(seconds // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h {minutes} min"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


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
    by_language = [f"{escape(code)} {count}" for code, count in languages]
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
    lines.append(_("Database: {size}").format(size=size_text(database_bytes)))
    lines.append(_("Uptime: {time}").format(time=duration_text(uptime_seconds)))
    return "\n".join(lines)


def audit_log(entries: Sequence[AuditEntry], _: Gettext) -> str:
    """The latest audit entries, newest first."""
    if not entries:
        return _("The audit log is empty.")
    lines = [_("🧾 <b>Latest admin actions</b>"), ""]
    for entry in entries:
        parts = [escape(entry.at.replace("T", " ").removesuffix("Z")), str(entry.user_id or "—")]
        parts.append(escape(entry.action))
        if entry.document_id is not None:
            parts.append(f"/doc_{entry.document_id}")
        if entry.detail:
            parts.append(escape(entry.detail[:200]))
        lines.append(" · ".join(parts))
    return "\n".join(lines)
