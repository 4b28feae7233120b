"""/doc and /latest end to end: metadata, summary, full text, long texts, escaping."""

from bot.settings import Settings
from tests.botapi.server import FakeBotApi
from tests.conftest import ask
from tests.handlers.library import add_document


async def test_doc_shows_metadata_and_summary_before_the_full_text(
    bot: FakeBotApi, settings: Settings
) -> None:
    document_id = await add_document(
        settings,
        "Court orders Telegram blocked",
        "A court ordered Telegram blocked. The order takes effect at once. Officials declined to comment.",
        published="2018-04-30",
        messengers=("Telegram",),
        actions=("block",),
        source="Court Wire",
    )
    reply = await ask(bot, f"/doc {document_id}")
    for label in (
        "Court Wire",
        "30 Apr 2018",
        "Country: 🇮🇷 Iran",
        "Language: English",
        "Messengers: Telegram",
    ):
        assert label in reply
    assert "Actions: blocking" in reply
    assert reply.index("Summary") < reply.rindex("Officials declined to comment.")


async def test_a_title_with_markup_is_shown_literally(bot: FakeBotApi, settings: Settings) -> None:
    document_id = await add_document(settings, "<b>x</b> & <script>", "Body with <i>tags</i> & ampersands.")
    reply = await ask(bot, f"/doc {document_id}")
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;" in reply
    assert "<script>" not in reply
    assert "&lt;i&gt;tags&lt;/i&gt;" in reply
    sent = bot.sent_messages()[-1]
    assert sent.result["text"].startswith("<b>x</b> & <script>")  # what the reader sees


async def test_a_long_document_arrives_as_a_text_file_after_its_summary(
    bot: FakeBotApi, settings: Settings
) -> None:
    text = "\n\n".join(
        " ".join(
            f"In week {p * 6 + s} the regulator extended the blocking of Telegram again." for s in range(6)
        )
        for p in range(50)
    )
    assert len(text) > 20_000
    document_id = await add_document(settings, "Long report", text)
    chat = bot.private_chat(bot.default_user)["id"]
    bot.send_text(f"/doc {document_id}")
    [file] = await bot.wait_for("sendDocument")
    [card] = bot.sent_messages(chat)[:1]
    assert "Summary" in (card.text or "")
    upload = next(iter(file.files.values()))
    assert upload.filename == f"document_{document_id}.txt"
    assert upload.content.decode("utf-8").count("Telegram") == text.count("Telegram")
    assert len(file.params["caption"]) <= 1024


async def test_a_text_of_three_messages_arrives_in_ordered_parts_never_cut_inside_a_word(
    bot: FakeBotApi, settings: Settings
) -> None:
    words = " ".join(f"Aitu{number}" for number in range(1000))
    document_id = await add_document(settings, "Medium report", words)
    chat = bot.private_chat(bot.default_user)["id"]
    await ask(bot, f"/doc {document_id}")
    parts = bot.sent_messages(chat)
    assert bot.calls_of("sendDocument") == []
    assert 2 <= len(parts) <= 3
    assert all(len(part.text or "") <= 4096 for part in parts)
    assert all((part.text or "").count("<b>") == (part.text or "").count("</b>") for part in parts)
    assert [p.result["message_id"] for p in parts] == sorted(p.result["message_id"] for p in parts)
    shown = " ".join(part.result["text"] for part in parts)
    numbers = [int(token[4:]) for token in shown.split() if token.startswith("Aitu") and token[4:].isdigit()]
    assert numbers[-1000:] == list(range(1000))


async def test_a_full_text_button_opens_the_document(bot: FakeBotApi) -> None:
    await ask(bot, "/latest 2")
    listing = bot.sent_messages()[-1]
    assert listing.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "doc:5"
    bot.press_button("doc:5", listing)
    await bot.wait_for("sendMessage", count=2)
    assert "ISCA News" in (bot.sent_messages()[-1].text or "")


async def test_latest_lists_the_newest_documents_first(bot: FakeBotApi) -> None:
    reply = await ask(bot, "/latest 3")
    assert reply.count("/doc_") == 3
    assert reply.index("/doc_5") < reply.index("/doc_4") < reply.index("/doc_3")


async def test_latest_without_a_number_shows_five(bot: FakeBotApi) -> None:
    assert (await ask(bot, "/latest")).count("/doc_") == 5
    assert (await ask(bot, "/latest lots")).count("/doc_") == 5


async def test_a_title_with_markup_shows_literally_in_search_briefs_lists_and_inline_results(
    bot: FakeBotApi, settings: Settings
) -> None:
    title = "<b>x</b> & <script>"
    await add_document(settings, title, "Zangi was banned <today> & tomorrow.", country="KZ")
    for command, literal in (
        ("/search Zangi", title),
        ("/latest 1", title),
        ("/country kz", "Zangi was banned <today> & tomorrow."),  # briefs quote key sentences
    ):
        await ask(bot, command)
        shown = bot.sent_messages()[-1]
        assert shown.ok
        assert literal in shown.result["text"], command
    bot.inline_query("Zangi")
    [answer] = await bot.wait_for("answerInlineQuery")
    posted = answer.params["results"][0]["input_message_content"]["message_text"]
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;" in posted
    assert answer.params["results"][0]["title"] == title
