import json
from datetime import date
from pathlib import Path

import pytest

from bot.evaluation import load_labels, score_understanding
from bot.understanding import DocumentAnalysis, analyze_document

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def analysis(**fields: object) -> DocumentAnalysis:
    values: dict[str, object] = {
        "title": "",
        "text": "",
        "language": "ru",
        "country": "KZ",
        "countries_mentioned": (),
        "published": None,
        "date_precision": "unknown",
        "messengers": (),
        "platforms": (),
        "actions": (),
    }
    values.update(fields)
    return DocumentAnalysis(**values)  # type: ignore[arg-type]


def test_exact_matches_score_one_and_unknown_date_matches_null() -> None:
    labels = [{"file": "a.txt", "language": "ru", "country": "KZ", "date": None, "messengers": ["Aitu"]}]
    scores = score_understanding(labels, {"a.txt": analysis(messengers=("Aitu",))})
    assert scores["documents"] == 1
    assert scores["language_accuracy"] == scores["country_accuracy"] == scores["date_accuracy"] == 1.0
    assert scores["messenger_precision"] == scores["messenger_recall"] == 1.0
    assert scores["misses"] == []


def test_misses_name_the_file_field_expected_and_got() -> None:
    labels = [{"file": "a.txt", "language": "ru", "country": "IR", "date": "2025-08-20", "messengers": []}]
    scores = score_understanding(labels, {"a.txt": analysis(published=date(2025, 8, 21))})
    assert {"file": "a.txt", "field": "country", "expected": "IR", "got": "KZ"} in scores["misses"]
    assert {"file": "a.txt", "field": "date", "expected": "2025-08-20", "got": "2025-08-21"} in scores[
        "misses"
    ]


def test_messenger_figures_are_micro_averaged_over_documents() -> None:
    labels = [
        {
            "file": "a.txt",
            "language": "ru",
            "country": "KZ",
            "date": None,
            "messengers": ["Telegram", "Aitu"],
        },
        {"file": "b.txt", "language": "ru", "country": "KZ", "date": None, "messengers": []},
    ]
    analyses = {"a.txt": analysis(messengers=("Telegram",)), "b.txt": analysis(messengers=("WeChat",))}
    scores = score_understanding(labels, analyses)
    assert scores["messenger_recall"] == 0.5
    assert scores["messenger_precision"] == 0.5


def test_a_labelled_file_without_analysis_counts_as_wrong() -> None:
    labels = [{"file": "a.txt", "language": "ru", "country": "KZ", "date": None, "messengers": []}]
    assert score_understanding(labels, {})["language_accuracy"] == 0.0


def test_labels_are_read_from_a_file_or_a_corpus_directory(tmp_path: Path) -> None:
    rows = [{"file": "a.txt", "language": "kk"}, {"file": "b.txt", "language": "fa"}]
    (tmp_path / "labels.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    assert load_labels(tmp_path) == rows
    assert load_labels(tmp_path / "labels.jsonl") == rows


@pytest.mark.skipif(not (CORPUS / "labels.jsonl").exists(), reason="dev corpus not beside the repository")
def test_dev_corpus_figures_meet_the_thresholds() -> None:
    labels = load_labels(CORPUS)
    analyses = {
        label["file"]: analyze_document((CORPUS / label["file"]).read_text(encoding="utf-8"))
        for label in labels
    }
    scores = score_understanding(labels, analyses)
    assert scores["language_accuracy"] == 1.0
    assert scores["country_accuracy"] >= 0.95
    assert scores["date_accuracy"] >= 0.90
    assert scores["messenger_recall"] >= 0.95
    assert scores["messenger_precision"] >= 0.90
