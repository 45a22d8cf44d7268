"""Precision and recall of the rule-based extractor per fact kind over the labelled set (prints figures).

Run from the repository root: `PYTHONPATH=src .venv/bin/python -m bench.extraction_quality [-v] [--only N1,N2]`.
A fact counts as found when a (kind, value, origin) triple the labels list is produced for that message; facts
of the new text and facts of quoted or forwarded history are scored in two separate tables. Statuses
(active/cancelled/moved/past/expired) of the hearings, deadlines and delays found are scored on their own line.
`--only` scores the listed files alone (e.g. the last messages written, to report their first run).
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
ORIGINS = ("new", "history")


@dataclass
class Score:
    true_positive: Counter[tuple[str, str]] = field(default_factory=Counter)
    false_positive: Counter[tuple[str, str]] = field(default_factory=Counter)
    false_negative: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    kinds_right: int = 0
    statuses_right: int = 0
    statuses: int = 0
    messages: int = 0


async def extract_file(path: Path) -> ExtractionResult:
    message = read_message(path.read_bytes())
    return await RuleBasedExtractor().extract(
        message_text(message),
        reference_date=reference_date(message, date(2026, 1, 1)),
        subject=message.subject,
        sender=message.sender_address(),
    )


def _statuses(name: str, facts: list[dict[str, str]], result: ExtractionResult, score: Score) -> None:
    found: dict[tuple[str, str, str], set[str]] = {}
    for fact in result.facts:
        found.setdefault((fact.kind.value, fact.value, fact.origin), set()).add(fact.status)
    for fact in facts:
        key = (fact["kind"], fact["value"], fact.get("origin", "new"))
        if fact["kind"] in ("hearing", "deadline", "delay") and key in found:
            score.statuses += 1
            if fact.get("status", "active") in found[key]:
                score.statuses_right += 1
            else:
                score.misses.append(f"{name}: status  {key} {sorted(found[key])} instead of {fact.get('status')}")


def compare(name: str, label: dict[str, object], result: ExtractionResult, score: Score) -> None:
    facts: list[dict[str, str]] = label["facts"]  # type: ignore[assignment]
    expected = {(f["kind"], f["value"], f.get("origin", "new")) for f in facts}
    found = {(f.kind.value, f.value, f.origin) for f in result.facts}
    for kind, _value, origin in expected & found:
        score.true_positive[(kind, origin)] += 1
    for kind, value, origin in sorted(found - expected):
        score.false_positive[(kind, origin)] += 1
        score.misses.append(f"{name}: extra   {kind} {value} ({origin})")
    for kind, value, origin in sorted(expected - found):
        score.false_negative[(kind, origin)] += 1
        score.misses.append(f"{name}: missing {kind} {value} ({origin})")
    _statuses(name, facts, result, score)
    score.messages += 1
    if result.message_kind.value == label["kind"]:
        score.kinds_right += 1
    else:
        score.misses.append(f"{name}: kind {result.message_kind.value} instead of {label['kind']}")


def evaluate(only: set[str] | None = None) -> Score:
    labels = json.loads((LABELLED / "labels.json").read_text(encoding="utf-8"))
    score = Score()
    for name, label in sorted(labels.items()):
        if only is None or name in only:
            compare(name, label, asyncio.run(extract_file(LABELLED / name)), score)
    return score


def _table(score: Score, origin: str) -> list[str]:
    lines = [f"facts from the {origin} text", f"{'kind':<14}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}"]
    counters = (score.true_positive, score.false_positive, score.false_negative)
    kinds = sorted({kind for counter in counters for kind, o in counter if o == origin})
    for kind in [*kinds, "ALL"]:
        tp, fp, fn = (sum(n for (k, o), n in c.items() if o == origin and kind in ("ALL", k)) for c in counters)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        lines.append(f"{kind:<14}{precision:>10.3f}{recall:>8.3f}{tp:>5}{fp:>5}{fn:>5}")
    return lines


def report(score: Score, verbose: bool) -> str:
    lines = [f"labelled messages: {score.messages}"]
    for origin in ORIGINS:
        lines.extend(_table(score, origin))
    lines.append(f"status of the hearings, deadlines and delays found: {score.statuses_right}/{score.statuses}")
    lines.append(f"message kind accuracy: {score.kinds_right}/{score.messages}")
    if verbose:
        lines.extend(score.misses)
    return "\n".join(lines)


def _only(argv: list[str]) -> set[str] | None:
    if "--only" not in argv:
        return None
    return set(argv[argv.index("--only") + 1].split(","))


if __name__ == "__main__":
    print(report(evaluate(_only(sys.argv)), "-v" in sys.argv))
