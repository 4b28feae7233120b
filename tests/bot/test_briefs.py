from bot.briefs import (
    SENTENCE_LIMIT,
    BriefCache,
    CountryBrief,
    build_country_brief,
    key_sentence,
    summarize,
    title_is_lead,
)
from bot.ingest import ingest_text
from storage.documents import Document, DocumentStore, StoredAction


def document(
    number: int,
    *,
    title: str = "Telegram blocked",
    text: str = "",
    published: str | None = None,
    actions: tuple[StoredAction, ...] = (),
    messengers: tuple[str, ...] = ("Telegram",),
    source: str | None = "Wire",
) -> Document:
    return Document(
        id=number,
        content_hash=f"h{number}",
        title=title,
        text=text,
        language="en",
        country="IR",
        countries_mentioned=(),
        published=published,
        date_precision="day" if published else "unknown",
        messengers=messengers,
        platforms=(),
        actions=actions,
        source=source,
        url=None,
        added_by=None,
        added_at="2025-01-01T00:00:00Z",
    )


ARTICLE = (
    "The weather in Tehran was mild on Monday, with light winds across the capital region. "
    "The court ordered internet providers to block Telegram across Iran from April 30. "
    "Officials said the messenger had been used to organise protests. "
    "Ok. "
    "Football fans gathered in the stadium for the evening match against the visiting team."
)


def test_a_summary_prefers_the_sentences_about_policy() -> None:
    evidence = "The court ordered internet providers to block Telegram across Iran from April 30."
    summary = summarize(document(1, text=ARTICLE, actions=(StoredAction("block", evidence, ("Telegram",)),)))
    assert evidence in summary
    assert "Ok." not in summary
    assert len(summary) <= 3


def test_summaries_keep_text_order_and_are_deterministic() -> None:
    doc = document(1, text=ARTICLE)
    first = summarize(doc)
    assert first == summarize(doc)
    assert first == sorted(first, key=ARTICLE.index)


def test_a_long_sentence_is_shortened_at_a_word() -> None:
    long_text = "Telegram " + "word " * 200 + "end."
    [sentence] = summarize(document(1, text=long_text))
    assert len(sentence) <= SENTENCE_LIMIT
    assert sentence.endswith("…")


def test_a_headline_less_page_summary_starts_with_its_opening_sentence() -> None:
    opening = "Iran's judiciary has banned the use of the Telegram messaging app, state television said."
    assert title_is_lead(opening)
    assert not title_is_lead("Iran bans Telegram")
    assert summarize(document(1, title=opening, text=ARTICLE))[0] == opening


def test_a_dateline_before_the_lead_does_not_push_the_lead_down() -> None:
    lead = "More than 50 Telegram channels and chats were declared unlawful, the ministry said on Monday."
    text = (
        f"MINSK, May 24. /TASS/. {lead} "
        "Users in Iran reported that Telegram channels of the opposition still posted news every hour. "
        "The weather in the capital was mild, with light winds and a few clouds over the river."
    )
    assert key_sentence(document(1, text=text)) == lead


def test_a_country_brief_lists_documents_newest_first_with_messenger_actions() -> None:
    block = StoredAction("block", "Telegram was blocked.", ("Telegram",))
    brief = build_country_brief(
        "IR",
        [
            document(1, text="Telegram was blocked.", published="2018-04-30", actions=(block,)),
            document(
                2,
                text="Telegram was blocked again.",
                published="2024-01-02",
                actions=(block,),
                source="Other",
            ),
            document(3, text="Nothing dated.", published=None, source="Wire"),
        ],
    )
    assert [entry.document.id for entry in brief.entries] == [2, 1, 3]
    assert (brief.date_from, brief.date_to) == ("2018-04-30", "2024-01-02")
    assert brief.sources == 2
    [telegram] = brief.messenger_actions
    assert (telegram.messenger, telegram.action, telegram.sources) == ("Telegram", "block", 2)


IRAN_BAN = (
    "Iran blocks Telegram\n\nIran's judiciary ordered every internet provider in Iran to block Telegram."
)
IRAN_LIFT = "Iran lifts WhatsApp ban\n\nIran's government lifted the ban on WhatsApp in Iran on Tuesday."
KAZAKHSTAN = "Kazakhstan and Aitu\n\nKazakhstan's civil servants in Kazakhstan must use the Aitu messenger."


async def brief_of(briefs: BriefCache, country: str) -> tuple[CountryBrief, int]:
    found = await briefs.brief(country)
    assert found is not None, country
    return found


def shown_ids(brief: CountryBrief) -> list[int]:
    return [entry.document.id for entry in brief.entries]


async def test_a_brief_is_kept_until_a_document_changes(store: DocumentStore) -> None:
    briefs = BriefCache(store)
    assert await briefs.brief("IR") is None
    ban = await ingest_text(store, IRAN_BAN)
    brief, total = await brief_of(briefs, "IR")
    assert (shown_ids(brief), total) == ([ban.document.id], 1)
    assert (await brief_of(briefs, "IR"))[0] is brief

    lift = await ingest_text(store, IRAN_LIFT)
    newer, total = await brief_of(briefs, "IR")
    assert (sorted(shown_ids(newer)), total) == (sorted([ban.document.id, lift.document.id]), 2)

    async with store.database.transaction() as connection:
        await store.soft_delete_in(connection, lift.document.id)
    after_delete, total = await brief_of(briefs, "IR")
    assert (shown_ids(after_delete), total) == ([ban.document.id], 1)


async def test_only_the_countries_asked_for_last_are_kept(store: DocumentStore) -> None:
    briefs = BriefCache(store, size=1)
    await ingest_text(store, IRAN_BAN)
    await ingest_text(store, KAZAKHSTAN)
    iran, _ = await brief_of(briefs, "IR")
    assert (await brief_of(briefs, "IR"))[0] is iran
    assert (await brief_of(briefs, "KZ"))[0].country == "KZ"
    again, _ = await brief_of(briefs, "IR")
    assert again is not iran
    assert shown_ids(again) == shown_ids(iran)
