"""Admin commands end to end: who may use them, and what /edit, /delete, /restore, /stats, /export,
/audit and /admins do."""

from __future__ import annotations

import json

from bot.i18n import translator
from handlers.admin import ADMIN_COMMANDS
from storage.admins import AdminStore
from storage.database import Database
from tests.admin.conftest import HELPER_ID, AdminBot, snapshot

IRAN_SEED = 4  # a seed document about Iran
# The helper admin writes in Persian, so the bot answers them in Persian.
PERSIAN = translator("fa")
ADMINS_ONLY_FA = PERSIAN("Sorry, that command is for the bot's admins only.")
OWNERS_ONLY_FA = PERSIAN("Only the bot's owners can do that.")
COMMANDS = ["/add", "/edit 4 title New", "/delete 4", "/restore 4", "/stats", "/export", "/audit", "/admins"]


async def test_a_non_admin_is_refused_every_admin_command_and_nothing_changes(admin_bot: AdminBot) -> None:
    before = snapshot(admin_bot.database_path)
    for command in [*COMMANDS, "/admins add 10001", "/admins remove 777000"]:
        reply = await admin_bot.say(command, user=admin_bot.stranger)
        assert reply == "Sorry, that command is for the bot's admins only.", command
    assert snapshot(admin_bot.database_path) == before
    assert admin_bot.api.calls_of("sendDocument") == []


async def test_a_non_admin_cannot_press_a_delete_button(admin_bot: AdminBot) -> None:
    await admin_bot.say(f"/delete {IRAN_SEED}")
    question = admin_bot.message_with_button(f"admin:delete:{IRAN_SEED}", admin_bot.owner)
    before = snapshot(admin_bot.database_path)
    admin_bot.api.press_button(f"admin:delete:{IRAN_SEED}", question, user=admin_bot.stranger)
    [answer] = await admin_bot.api.wait_for("answerCallbackQuery")
    assert "admins only" in answer.params["text"]
    assert snapshot(admin_bot.database_path) == before


async def test_admin_commands_are_listed_for_menus() -> None:
    names = [name for name, _description in ADMIN_COMMANDS]
    assert names == ["add", "edit", "delete", "restore", "stats", "export", "audit", "admins"]
    assert all(description for _name, description in ADMIN_COMMANDS)


async def test_an_owner_adds_an_admin_who_can_then_add_documents(admin_bot: AdminBot) -> None:
    helper = admin_bot.helper
    assert await admin_bot.say("/add", user=helper) == ADMINS_ONLY_FA
    assert f"{HELPER_ID} is now an admin" in await admin_bot.say(f"/admins add {HELPER_ID}")
    assert PERSIAN("📥 <b>Send the document</b>") in await admin_bot.say("/add", user=helper)
    assert await admin_bot.say("/cancel", user=helper) == PERSIAN("Cancelled. Nothing was stored.")
    listing = await admin_bot.say("/admins")
    assert "777000" in listing and f"{HELPER_ID} — added by 777000" in listing
    database = await Database.open(admin_bot.database_path)
    try:
        assert await AdminStore(database).ids() == frozenset({HELPER_ID})
    finally:
        await database.close()


async def test_an_added_admin_cannot_manage_admins_or_read_the_audit(admin_bot: AdminBot) -> None:
    await admin_bot.say(f"/admins add {HELPER_ID}")
    before = snapshot(admin_bot.database_path)
    assert await admin_bot.say("/admins add 5", user=admin_bot.helper) == OWNERS_ONLY_FA
    assert await admin_bot.say("/audit", user=admin_bot.helper) == OWNERS_ONLY_FA
    assert snapshot(admin_bot.database_path) == before


async def test_a_removed_admin_is_refused_again(admin_bot: AdminBot) -> None:
    await admin_bot.say(f"/admins add {HELPER_ID}")
    assert "no longer an admin" in await admin_bot.say(f"/admins remove {HELPER_ID}")
    assert await admin_bot.say("/stats", user=admin_bot.helper) == ADMINS_ONLY_FA
    assert "was not an admin" in await admin_bot.say(f"/admins remove {HELPER_ID}")


async def test_owners_cannot_be_removed_in_the_chat(admin_bot: AdminBot) -> None:
    before = snapshot(admin_bot.database_path)
    assert "is an owner" in await admin_bot.say("/admins remove 777000")
    assert "Usage" in await admin_bot.say("/admins promote 5")
    assert snapshot(admin_bot.database_path) == before


async def test_edit_changes_a_field_and_records_who_did_it(admin_bot: AdminBot) -> None:
    reply = await admin_bot.say(f"/edit {IRAN_SEED} country KZ")
    assert "country is now 🇰🇿 Kazakhstan" in reply
    assert "Kazakhstan — 4 documents" in await admin_bot.say("/countries")
    await admin_bot.say(f"/edit {IRAN_SEED} date 2019-05")
    await admin_bot.say(f"/edit {IRAN_SEED} source https://example.org/story")
    await admin_bot.say(f"/edit {IRAN_SEED} language en")
    shown = await admin_bot.say(f"/doc {IRAN_SEED}")
    assert "Language: English" in shown
    assert "May 2019" in shown
    audit = snapshot(admin_bot.database_path)["audit"]
    assert [row[3] for row in audit] == ["edit"] * 4
    assert all(row[2] == admin_bot.owner["id"] and row[4] == IRAN_SEED for row in audit)


async def test_a_new_title_is_searchable_at_once(admin_bot: AdminBot) -> None:
    assert "Nothing found" in await admin_bot.say("/search zeppelin")
    await admin_bot.say(f"/edit {IRAN_SEED} title Zeppelin over Tehran")
    assert "Zeppelin over Tehran" in await admin_bot.say("/search zeppelin")


async def test_a_bad_edit_says_why_and_changes_nothing(admin_bot: AdminBot) -> None:
    before = snapshot(admin_bot.database_path)
    for command, expected in [
        ("/edit 4 colour red", "Unknown field “colour”"),
        ("/edit 4 date 2023-02-29", "not a possible date"),
        ("/edit 4 country Narnia", "I don't know the country"),
        ("/edit 4 language zz", "not a language code"),
        ("/edit 4 title  ", "Usage: /edit"),
        ("/edit 999 title Nothing", "There is no document number 999"),
        ("/edit 4", "Usage: /edit"),
        ("/edit four title X", "Usage: /edit"),
    ]:
        assert expected in await admin_bot.say(command), command
    assert snapshot(admin_bot.database_path) == before


async def test_a_deleted_document_is_hidden_everywhere_until_restored(admin_bot: AdminBot) -> None:
    assert "Iran — 2 documents" in await admin_bot.say("/countries")
    question = await admin_bot.say(f"/delete {IRAN_SEED}")
    assert "/restore 4" in question
    assert "is deleted" in await admin_bot.press(f"admin:delete:{IRAN_SEED}")

    assert "There is no document number 4" in await admin_bot.say(f"/doc {IRAN_SEED}")
    assert "Iran — 1 document" in await admin_bot.say("/countries")
    assert "/doc_4" not in await admin_bot.say("/country Iran")
    assert "/doc_4" not in await admin_bot.say("/search تلگرام")
    assert "Documents: 4 (deleted: 1)" in await admin_bot.say("/stats")
    await admin_bot.say("/export", reply="sendDocument")
    exported = admin_bot.api.calls_of("sendDocument")[-1].files["document"].content.decode()
    assert IRAN_SEED not in [json.loads(line)["id"] for line in exported.splitlines()]

    assert "is back" in await admin_bot.say(f"/restore {IRAN_SEED}")
    assert "Iran — 2 documents" in await admin_bot.say("/countries")
    assert "/doc_4" in await admin_bot.say("/country Iran")
    actions = [row[3] for row in snapshot(admin_bot.database_path)["audit"]]
    assert actions == ["delete", "export", "restore"]


async def test_keeping_a_document_deletes_nothing(admin_bot: AdminBot) -> None:
    await admin_bot.say(f"/delete {IRAN_SEED}")
    before = snapshot(admin_bot.database_path)
    assert "Kept /doc_4" in await admin_bot.press(f"admin:keep:{IRAN_SEED}")
    assert snapshot(admin_bot.database_path) == before


async def test_restoring_a_document_that_is_not_deleted_says_so(admin_bot: AdminBot) -> None:
    assert "is not deleted" in await admin_bot.say(f"/restore {IRAN_SEED}")
    assert "There is no document number 99" in await admin_bot.say("/delete 99")


async def test_export_all_includes_deleted_documents(admin_bot: AdminBot) -> None:
    await admin_bot.say(f"/delete {IRAN_SEED}")
    await admin_bot.press(f"admin:delete:{IRAN_SEED}")
    await admin_bot.say("/export all", reply="sendDocument")
    exported = admin_bot.api.calls_of("sendDocument")[-1].files["document"].content.decode()
    records = [json.loads(line) for line in exported.splitlines()]
    assert [record["id"] for record in records] == [1, 2, 3, 4, 5]
    assert records[3]["deleted_at"]


async def test_stats_count_documents_by_country_and_language(admin_bot: AdminBot) -> None:
    reply = await admin_bot.say("/stats")
    assert "Documents: 5 (deleted: 0)" in reply
    assert "🇰🇿 Kazakhstan 3" in reply and "🇮🇷 Iran 2" in reply
    assert "Persian 2" in reply and "Kazakh 2" in reply
    assert "Database:" in reply and "Uptime:" in reply


async def test_audit_shows_the_latest_entries_to_owners(admin_bot: AdminBot) -> None:
    assert "The audit log is empty" in await admin_bot.say("/audit")
    await admin_bot.say(f"/edit {IRAN_SEED} title First")
    await admin_bot.say(f"/edit {IRAN_SEED} title Second")
    await admin_bot.say(f"/admins add {HELPER_ID}")
    reply = await admin_bot.say("/audit 2")
    assert f"admin added · {HELPER_ID}" in reply and "edited · /doc_4 · title: Second" in reply
    assert "First" not in reply
