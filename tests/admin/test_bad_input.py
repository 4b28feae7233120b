"""Every kind of bad input gets its own clear message and leaves the database exactly as it was."""

from __future__ import annotations

from tests.admin.conftest import AdminBot, PageServer, snapshot
from tests.admin.texts import ARTICLE_PAGE, BOILERPLATE_PAGE, BOILERPLATE_TEXT, KZ_TEXT

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(40))


async def test_empty_text_is_refused(admin_bot: AdminBot) -> None:
    before = snapshot(admin_bot.database_path)
    await admin_bot.say("/add")
    await admin_bot.say("title: Only a title\ncountry: KZ")
    assert "The text is empty" in await admin_bot.say("/done")
    assert snapshot(admin_bot.database_path) == before


async def test_text_that_is_only_boilerplate_is_refused(admin_bot: AdminBot) -> None:
    before = snapshot(admin_bot.database_path)
    assert "no article" in await admin_bot.say(f"/add {BOILERPLATE_TEXT}")
    assert snapshot(admin_bot.database_path) == before


async def test_a_file_that_cannot_be_a_document_is_refused(admin_bot: AdminBot) -> None:
    before = snapshot(admin_bot.database_path)
    await admin_bot.say("/add")
    for file_name, content, expected in [
        ("empty.txt", b"", "The file is empty"),
        ("blank.txt", b"  \n\n ", "The file is empty"),
        ("report.pdf", PDF, "not a text file"),
        ("photo.png", PNG, "not a text file"),
        ("archive.zip", ZIP, "not a text file"),
        ("disguised.txt", PDF, "not a text file"),
        ("huge.txt", b"a" * (1024 * 1024 + 1), "larger than 1 MB"),
        ("letter.docx", b"Just some words that are text but in a kind of file I do not read.", "I read .txt"),
        ("menu.html", BOILERPLATE_PAGE.encode(), "no article"),
    ]:
        reply = await admin_bot.send_file(content, file_name)
        assert expected in reply, file_name
        assert "Preview" not in reply
    assert snapshot(admin_bot.database_path) == before


async def test_a_header_line_with_an_impossible_value_is_refused(admin_bot: AdminBot) -> None:
    before = snapshot(admin_bot.database_path)
    for header, expected in [
        ("date: 2024-02-30", "“2024-02-30” is not a possible date"),
        ("date: 2024-13-01", "not a possible date"),
        ("date: 2999-01-01", "not a possible date"),
        ("date: yesterday", "not a possible date"),
        ("country: XX", "I don't know the country “XX”"),
        ("language: klingon", "not a language code"),
        ("title:", "The title is empty"),
    ]:
        assert expected in await admin_bot.say(f"/add {header}\n{KZ_TEXT}"), header
    assert snapshot(admin_bot.database_path) == before


async def test_a_link_that_cannot_be_a_document_is_refused(admin_bot: AdminBot, pages: PageServer) -> None:
    pages.add("/slow", ARTICLE_PAGE, delay=3.0)
    pages.add("/file.pdf", PDF, content_type="application/pdf")
    pages.add("/huge", b"<p>" + b"x" * (2 * 1024 * 1024 + 10))
    pages.add("/menu", BOILERPLATE_PAGE)
    before = snapshot(admin_bot.database_path)
    await admin_bot.say("/add")
    for path, expected in [
        ("/missing", "answered with error 404"),
        ("/slow", "did not answer in time"),
        ("/file.pdf", "not a web page"),
        ("/huge", "larger than 2 MB"),
        ("/menu", "no article"),
    ]:
        reply = await admin_bot.say(pages.url(path))
        assert expected in reply, path
        assert "Nothing was added" in reply
    assert snapshot(admin_bot.database_path) == before


async def test_a_link_to_a_private_address_is_refused_unless_allowed(
    admin_bot: AdminBot, pages: PageServer
) -> None:
    admin_bot.settings.allow_private_urls = False  # the running bot reads the same Settings object
    url = pages.add("/article", ARTICLE_PAGE)
    before = snapshot(admin_bot.database_path)
    for link in (url, "http://localhost/article", "http://[::1]/x", "http://169.254.169.254/latest"):
        await admin_bot.say("/add")
        assert "private or local address" in await admin_bot.say(link)
    assert pages.requests == []
    assert snapshot(admin_bot.database_path) == before


async def test_a_non_http_link_is_not_fetched(admin_bot: AdminBot) -> None:
    before = snapshot(admin_bot.database_path)
    await admin_bot.say("/add")
    await admin_bot.say("ftp://example.org/story.txt")
    reply = await admin_bot.say("/done")
    assert "no article" in reply
    assert snapshot(admin_bot.database_path) == before


async def test_after_a_refusal_the_admin_can_send_the_document_again(admin_bot: AdminBot) -> None:
    await admin_bot.say("/add")
    await admin_bot.send_file(b"", "empty.txt")
    assert "Preview" in await admin_bot.send_file(KZ_TEXT.encode(), "story.txt")


async def test_a_photo_is_not_a_document(admin_bot: AdminBot) -> None:
    before = snapshot(admin_bot.database_path)
    await admin_bot.say("/add")
    chat_id = admin_bot.owner["id"]
    sent = len(admin_bot.api.sent_messages(chat_id))
    admin_bot.api.inject(
        {
            "message": {
                "message_id": 9001,
                "date": 1_700_000_000,
                "chat": admin_bot.api.private_chat(admin_bot.owner),
                "from": admin_bot.owner,
                "photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}],
            }
        }
    )
    await admin_bot.api.wait_for("sendMessage", lambda c: str(c.chat_id) == str(chat_id), count=sent + 1)
    assert "image" in (admin_bot.api.sent_messages(chat_id)[-1].text or "")
    assert snapshot(admin_bot.database_path) == before
