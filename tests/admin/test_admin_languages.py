"""/stats, /audit and /add speak the admin's language through and through: no English word left in them."""

from __future__ import annotations

import re
from typing import Any

from tests.admin.conftest import HELPER_ID, OWNER_ID, AdminBot, refuse_audit_entries
from tests.admin.texts import KZ_TEXT

IRAN_SEED = 4  # a seed document about Iran
_MARKUP_AND_COMMANDS = re.compile(r"<[^>]*>|/\w+")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def latin_words(reply: str) -> list[str]:
    """Words in Latin letters outside tags and commands (such as /doc_4): English left untranslated."""
    return _LATIN_WORD.findall(_MARKUP_AND_COMMANDS.sub(" ", reply))


def owner_speaking(admin_bot: AdminBot, language: str) -> dict[str, Any]:
    """The owner, with Telegram set to ``language``."""
    return admin_bot.api.user(OWNER_ID, "Olga", username="olga_owner", language_code=language)


async def test_an_owner_whose_telegram_is_russian_reads_stats_in_russian(admin_bot: AdminBot) -> None:
    reply = await admin_bot.say("/stats", user=owner_speaking(admin_bot, "ru"))
    assert "Документы: 5 (удалено: 0)" in reply
    assert "🇰🇿 Казахстан 3" in reply and "🇮🇷 Иран 2" in reply
    assert "персидский 2" in reply and "казахский 2" in reply
    assert re.search(r"База данных: \d+(,\d)? (КБ|МБ)", reply), reply
    assert re.search(r"Время работы: \d+ минут[аы]?", reply), reply
    assert "Uptime" not in reply and "min" not in reply
    assert latin_words(reply) == []


async def test_an_owner_whose_telegram_is_persian_reads_stats_in_persian(admin_bot: AdminBot) -> None:
    reply = await admin_bot.say("/stats", user=owner_speaking(admin_bot, "fa"))
    assert "📊 <b>آمار</b>" in reply
    assert "فارسی 2" in reply and "قزاقی 2" in reply
    assert re.search(r"پایگاه داده: [\d.]+ (کیلوبایت|مگابایت)", reply), reply
    assert re.search(r"مدت فعالیت: \d+ دقیقه", reply), reply
    assert "KB" not in reply and "MB" not in reply
    assert latin_words(reply) == []


async def test_an_owner_whose_telegram_is_russian_reads_the_audit_log_in_russian(admin_bot: AdminBot) -> None:
    owner = owner_speaking(admin_bot, "ru")
    await admin_bot.say(f"/edit {IRAN_SEED} title Новый заголовок", user=owner)
    await admin_bot.say(f"/edit {IRAN_SEED} country KZ", user=owner)
    await admin_bot.say(f"/edit {IRAN_SEED} date 2019-05", user=owner)
    await admin_bot.say(f"/edit {IRAN_SEED} language ru", user=owner)
    await admin_bot.say(f"/admins add {HELPER_ID}", user=owner)
    await admin_bot.say(f"/delete {IRAN_SEED}", user=owner)
    await admin_bot.press(f"admin:delete:{IRAN_SEED}", user=owner)
    await admin_bot.say("/export all", user=owner, reply="sendDocument")
    assert admin_bot.api.calls_of("sendDocument")[-1].params["caption"] == "5 документов"

    reply = await admin_bot.say("/audit", user=owner)
    assert "Последние действия администраторов" in reply
    assert "выгрузка · 5 документов, включая удалённые" in reply
    assert "удаление · /doc_4" in reply
    assert f"назначен администратор · {HELPER_ID}" in reply
    assert "правка · /doc_4 · язык: русский" in reply
    assert "дата: май 2019" in reply
    assert "страна: 🇰🇿 Казахстан" in reply
    assert "заголовок: Новый заголовок" in reply
    assert "export" not in reply and "deleted included" not in reply and "title=" not in reply
    assert latin_words(reply) == []


async def test_an_owner_whose_telegram_is_persian_reads_the_audit_log_in_persian(admin_bot: AdminBot) -> None:
    owner = owner_speaking(admin_bot, "fa")
    await admin_bot.say(f"/edit {IRAN_SEED} title تیتر تازه", user=owner)
    await admin_bot.say(f"/edit {IRAN_SEED} country KZ", user=owner)
    await admin_bot.say(f"/admins add {HELPER_ID}", user=owner)
    await admin_bot.say("/export", user=owner, reply="sendDocument")
    assert admin_bot.api.calls_of("sendDocument")[-1].params["caption"] == "5 سند"

    reply = await admin_bot.say("/audit", user=owner)
    assert "آخرین کارهای مدیران" in reply
    assert "خروجی‌گیری · 5 سند" in reply
    assert f"افزودن مدیر · {HELPER_ID}" in reply
    assert "ویرایش · /doc_4 · کشور: 🇰🇿 قزاقستان" in reply
    assert "ویرایش · /doc_4 · عنوان: تیتر تازه" in reply
    assert "edit" not in reply and "admin_add" not in reply and "documents" not in reply
    assert latin_words(reply) == []


async def test_a_russian_owner_sees_a_near_duplicate_preview_in_russian(admin_bot: AdminBot) -> None:
    owner = owner_speaking(admin_bot, "ru")
    await admin_bot.say(f"/add {KZ_TEXT}", user=owner)
    await admin_bot.press("add:publish", user=owner)
    reposted = KZ_TEXT.upper() + "\n\nПодписывайтесь на наш канал"
    preview = await admin_bot.say(f"/add {reposted}", user=owner)
    assert "Язык: русский" in preview and "Меры: блокировка" in preview
    assert re.search(r"\(сходство \d+\u00a0%\)", preview), preview
    assert "similar" not in preview and "Language: ru" not in preview


async def test_an_owner_whose_telegram_is_persian_is_told_in_persian_that_publishing_failed(
    admin_bot: AdminBot,
) -> None:
    owner = owner_speaking(admin_bot, "fa")
    await admin_bot.say("/add", user=owner)
    await admin_bot.say(KZ_TEXT, user=owner)
    await admin_bot.say("/done", user=owner)
    refuse_audit_entries(admin_bot.database_path)

    reply = await admin_bot.press("add:publish", user=owner)

    assert "چیزی منتشر نشد" in reply  # nothing was published
    assert "«انتشار»" in reply  # the Publish button, by its Persian label
    assert latin_words(reply) == []
