"""Scoring the understanding layer against human labels (used by ``mpbot eval``).

Pure scoring plus one small reader for ``labels.jsonl``. Exact match per field; an unknown
value (None, "unknown date") is a value like any other, so a label of null is matched only
by a detector that also says it does not know. Messenger precision and recall are
micro-averaged over documents and compare messaging apps only (platforms are not labelled).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.understanding import DocumentAnalysis


def load_labels(path: str | Path) -> list[dict[str, Any]]:
    """Read ``labels.jsonl`` (or the ``labels.jsonl`` inside a corpus directory)."""
    file = Path(path)
    if file.is_dir():
        file = file / "labels.jsonl"
    labels = []
    for line in file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            labels.append(json.loads(line))
    return labels


def _ratio(good: int, total: int) -> float:
    return good / total if total else 1.0


def score_understanding(
    labels: list[dict[str, Any]], analyses: dict[str, DocumentAnalysis]
) -> dict[str, Any]:
    """Accuracy of language, country and date, and messenger precision/recall, with misses.

    ``analyses`` maps a label's ``file`` to its analysis; a labelled file without an
    analysis counts as wrong on every field.
    """
    correct = {"language": 0, "country": 0, "date": 0}
    true_positives = false_positives = false_negatives = 0
    misses: list[dict[str, Any]] = []
    for label in labels:
        name = label["file"]
        analysis = analyses.get(name)
        got: dict[str, Any] = {
            "language": analysis.language if analysis else None,
            "country": analysis.country if analysis else None,
            "date": analysis.published.isoformat() if analysis and analysis.published else None,
        }
        for field in correct:
            expected = label.get(field)
            if got[field] == expected:
                correct[field] += 1
            else:
                misses.append({"file": name, "field": field, "expected": expected, "got": got[field]})
        expected_apps = set(label.get("messengers") or [])
        found_apps = set(analysis.messengers) if analysis else set()
        true_positives += len(expected_apps & found_apps)
        false_positives += len(found_apps - expected_apps)
        false_negatives += len(expected_apps - found_apps)
        if expected_apps != found_apps:
            misses.append(
                {
                    "file": name,
                    "field": "messengers",
                    "expected": sorted(expected_apps),
                    "got": sorted(found_apps),
                }
            )
    documents = len(labels)
    return {
        "documents": documents,
        "language_accuracy": _ratio(correct["language"], documents),
        "country_accuracy": _ratio(correct["country"], documents),
        "date_accuracy": _ratio(correct["date"], documents),
        "messenger_precision": _ratio(true_positives, true_positives + false_positives),
        "messenger_recall": _ratio(true_positives, true_positives + false_negatives),
        "misses": misses,
    }
