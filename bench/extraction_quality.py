"""Precision and recall of the rule-based extractor per fact kind over the labelled set (prints figures).

Run from the repository root: `PYTHONPATH=src .venv/bin/python -m bench.extraction_quality [-v]`.
A fact counts as found when a (kind, value) pair the labels list is produced for that message.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from domain.extraction import RuleBasedExtractor, message_text, reference_date
from domain.extraction.model import ExtractionResult
from domain.mail import read_message

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "legal"


@dataclass
class Score:
    true_positive: Counter[str] = field(default_factory=Counter)
    false_positive: Counter[str] = field(default_factory=Counter)
    false_negative: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    kinds_right: int = 0
    messages: int = 0


async def extract_file(path: Path) -> ExtractionResult:
    message = read_message(path.read_bytes())
    return await RuleBasedExtractor().extract(
        message_text(message),
        reference_date=reference_date(message, date(2026, 1, 1)),
        subject=message.subject,
        sender=message.sender_address(),
    )


def compare(name: str, label: dict[str, object], result: ExtractionResult, score: Score) -> None:
    expected = {(f["kind"], f["value"]) for f in label["facts"]}  # type: ignore[attr-defined]
    found = {(f.kind.value, f.value) for f in result.facts}
    for kind, _value in expected & found:
        score.true_positive[kind] += 1
    for kind, value in found - expected:
        score.false_positive[kind] += 1
        score.misses.append(f"{name}: extra   {kind} {value}")
    for kind, value in expected - found:
        score.false_negative[kind] += 1
        score.misses.append(f"{name}: missing {kind} {value}")
    score.messages += 1
    if result.message_kind.value == label["kind"]:
        score.kinds_right += 1
    else:
        score.misses.append(f"{name}: kind {result.message_kind.value} instead of {label['kind']}")


def evaluate() -> Score:
    labels = json.loads((LABELLED / "labels.json").read_text(encoding="utf-8"))
    score = Score()
    for name, label in sorted(labels.items()):
        compare(name, label, asyncio.run(extract_file(LABELLED / name)), score)
    return score


def report(score: Score, verbose: bool) -> str:
    lines = [
        f"labelled messages: {score.messages}",
        f"{'kind':<14}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}",
    ]
    kinds = sorted(set(score.true_positive) | set(score.false_positive) | set(score.false_negative))
    for kind in [*kinds, "ALL"]:
        tp = score.true_positive.total() if kind == "ALL" else score.true_positive[kind]
        fp = score.false_positive.total() if kind == "ALL" else score.false_positive[kind]
        fn = score.false_negative.total() if kind == "ALL" else score.false_negative[kind]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        lines.append(f"{kind:<14}{precision:>10.3f}{recall:>8.3f}{tp:>5}{fp:>5}{fn:>5}")
    lines.append(f"message kind accuracy: {score.kinds_right}/{score.messages}")
    if verbose:
        lines.extend(score.misses)
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(evaluate(), "-v" in sys.argv))
