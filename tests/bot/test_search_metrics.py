from bot.search_metrics import comparable, hit, recall_at, reciprocal_rank, same_sentence, score_retrieval


def test_reciprocal_rank_counts_the_first_relevant_item_within_five() -> None:
    assert reciprocal_rank(["a", "b", "c"], {"b", "c"}) == 0.5
    assert reciprocal_rank(["a", "b", "c", "d", "e", "f"], {"f"}) == 0.0


def test_recall_counts_every_relevant_item_found() -> None:
    assert recall_at(["a", "x", "b"], {"a", "b", "c", "d"}) == 0.5


def test_sentences_compare_without_case_space_and_punctuation() -> None:
    assert comparable("Hello,  World!") == "helloworld"
    assert same_sentence("Telegram is blocked.", "telegram is blocked")
    assert same_sentence("پیام‌رسان تلگرام", "پیامرسان تلگرام.")
    assert not same_sentence("Telegram is blocked.", "WhatsApp is blocked.")


def test_a_summary_sentence_with_a_short_lead_in_still_counts() -> None:
    assert hit("Telegram is blocked in Iran.", ["Officials: Telegram is blocked in Iran."])
    assert not hit("Telegram is blocked in Iran.", ["Telegram is blocked."])


def test_cross_lingual_queries_are_those_whose_documents_are_in_other_languages() -> None:
    queries = [
        {"query": "Iran Telegram", "language": "en", "relevant": ["fa1"]},
        {"query": "Iran Telegram", "language": "en", "relevant": ["en1"]},
    ]
    figures = score_retrieval(queries, [["x", "fa1"], ["en1"]], {"fa1": "fa", "en1": "en"})
    assert figures["mrr_at_5"] == 0.75
    assert figures["cross_lingual_queries"] == 1
    assert figures["cross_lingual_mrr_at_5"] == 0.5
    assert len(figures["retrieval_misses"]) == 1  # type: ignore[arg-type]
