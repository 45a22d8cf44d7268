"""The `Extractor` port over a model (Workers AI JSON mode in production), every fact grounded by the French rules.

Runtime-neutral: it talks to an `AiRunner` port (the Workers AI binding in production, a scripted fake in
tests). One model call per message; answers outside the schema are retried a bounded number of times; each
call has a timeout; failures become domain errors. A fact is kept only when its quote occurs in the NEW text on
its own (not inside a longer number: a quote found only in quoted or forwarded history is dropped as
"quote_in_history"), the rule-based parsers read the same value from that quote, and the
rules reading the whole text find a fact of the same kind and value at that place (an RG is never accepted
as a minute, nor a phone number as a pourvoi); the others are dropped and counted. A kept fact takes the
status the rules read there (cancelled, moved with its link, past, expired): a model never revives it.

The answer is validated with pydantic (pinned 2.10.6, the version Workers ships). pydantic is imported
lazily, here only, so that this module still loads where pydantic-core cannot (the Pyodide test harness):
there, a hand-written validator with the same rules stands in.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from domain.extraction.kinds import sender_kind
from domain.extraction.model import ExtractionResult, Fact, FactKind, MessageKind, SenderKind
from domain.extraction.port import Extractor
from domain.extraction.references import bounded, normalise
from domain.extraction.rules import RuleBasedExtractor, facts_in_quote, find_facts
from domain.mail.quotes import history_spans
from services.extraction.errors import AiInvalidOutput, AiTimeout, AiUnavailable, ExtractionFailed
from services.extraction.ports import AiRunner, ExtractionCache
from services.extraction.schema import (
    FACT_KINDS,
    JSON_SCHEMA,
    MESSAGE_KINDS,
    SCHEMA_VERSION,
    SYSTEM_PROMPT,
    InvalidAnswer,
    ModelAnswer,
    ProposedFact,
)

DEFAULT_MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast"
_REFERENCE_KINDS = {FactKind.RG, FactKind.PORTALIS, FactKind.POURVOI, FactKind.MINUTE, FactKind.DOSSIER_REF}
_JSON_MODE_FAILURE = "json mode couldn't be met"


def cache_key(text: str, subject: str, sender: str, reference_date: date, model: str) -> str:
    """sha256 of everything the answer depends on, then the model and the schema version."""
    content = json.dumps([text, subject, sender, reference_date.isoformat()], ensure_ascii=False)
    return f"{hashlib.sha256(content.encode('utf-8')).hexdigest()}:{model}:{SCHEMA_VERSION}"


class GroundedAiExtractor:
    def __init__(
        self,
        runner: AiRunner,
        *,
        model: str = DEFAULT_MODEL,
        cache: ExtractionCache | None = None,
        timeout_s: float = 30.0,
        max_attempts: int = 2,
        max_chars: int = 24_000,
    ) -> None:
        self._runner = runner
        self._model = model
        self._cache = cache
        self._timeout_s = timeout_s
        self._max_attempts = max(1, max_attempts)
        self._max_chars = max_chars

    async def extract(
        self, text: str, *, reference_date: date, subject: str = "", sender: str = ""
    ) -> ExtractionResult:
        text = text[: self._max_chars]
        key = cache_key(text, subject, sender, reference_date, self._model)
        if self._cache is not None:
            cached = await self._cache.get(key)
            if cached is not None:
                return cached
        answer = await self._ask(text, reference_date, subject)
        result = ground(answer, text, reference_date, sender_kind(sender, subject), f"workers-ai:{self._model}")
        if self._cache is not None:
            await self._cache.put(key, result)
        return result

    def _inputs(self, text: str, reference_date: date, subject: str) -> dict[str, Any]:
        user = f"Date du message : {reference_date.isoformat()}\nObjet : {subject}\n\n{text}"
        return {
            "messages": [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}],
            "response_format": {"type": "json_schema", "json_schema": JSON_SCHEMA},
            "temperature": 0,
            "max_tokens": 2048,
        }

    async def _ask(self, text: str, reference_date: date, subject: str) -> ModelAnswer:
        inputs = self._inputs(text, reference_date, subject)
        problem = ""
        for _attempt in range(self._max_attempts):
            try:
                raw = await asyncio.wait_for(self._runner.run(self._model, inputs), self._timeout_s)
            except TimeoutError as exc:
                raise AiTimeout(f"le modèle n'a pas répondu en {self._timeout_s:g} s") from exc
            except Exception as exc:
                if _JSON_MODE_FAILURE not in str(exc).lower():
                    raise AiUnavailable(f"le service d'IA a échoué : {exc}") from exc
                problem = str(exc)
                continue
            try:
                return validate_answer(unwrap(raw))
            except InvalidAnswer as exc:
                problem = str(exc)
        raise AiInvalidOutput(f"réponse hors schéma après {self._max_attempts} essais : {problem}"[:300])


def unwrap(raw: Any) -> Any:
    """The JSON answer inside the binding's result: `{"response": {...}}`, or a JSON string in its place."""
    if hasattr(raw, "to_py"):
        raw = raw.to_py()
    if isinstance(raw, dict) and "response" in raw:
        raw = raw["response"]
    if isinstance(raw, str | bytes):
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise InvalidAnswer(f"JSON illisible : {exc}") from exc
    return raw


def validate_answer(data: Any) -> ModelAnswer:
    validator = _pydantic_validator()
    return validator(data) if validator is not None else validate_by_hand(data)


@lru_cache(maxsize=1)
def _pydantic_validator() -> Callable[[Any], ModelAnswer] | None:
    try:
        from typing import Literal

        from pydantic import BaseModel, ConfigDict, ValidationError
    except (ImportError, OSError):  # no pydantic-core build for this runtime
        return None

    class _Fact(BaseModel):
        model_config = ConfigDict(strict=True, extra="ignore")
        kind: Literal[FACT_KINDS]  # type: ignore[valid-type]
        value: str
        quote: str

    class _Answer(BaseModel):
        model_config = ConfigDict(strict=True, extra="ignore")
        message_kind: Literal[MESSAGE_KINDS]  # type: ignore[valid-type]
        facts: list[_Fact]

    def validate(data: Any) -> ModelAnswer:
        try:
            answer = _Answer.model_validate(data)
        except ValidationError as exc:
            raise InvalidAnswer(f"{exc.error_count()} erreur(s) de schéma") from exc
        facts = tuple(ProposedFact(f.kind, f.value, f.quote) for f in answer.facts)
        return ModelAnswer(answer.message_kind, facts)

    return validate


def validate_by_hand(data: Any) -> ModelAnswer:
    """The same rules as the pydantic model, for runtimes without pydantic-core."""
    if not isinstance(data, dict):
        raise InvalidAnswer("la réponse n'est pas un objet")
    kind, facts = data.get("message_kind"), data.get("facts")
    if kind not in MESSAGE_KINDS or not isinstance(facts, list):
        raise InvalidAnswer("message_kind ou facts invalide")
    proposed = []
    for item in facts:
        if not isinstance(item, dict) or item.get("kind") not in FACT_KINDS:
            raise InvalidAnswer("fait invalide")
        value, quote = item.get("value"), item.get("quote")
        if not isinstance(value, str) or not isinstance(quote, str):
            raise InvalidAnswer("value et quote doivent être des chaînes")
        proposed.append(ProposedFact(item["kind"], value, quote))
    return ModelAnswer(kind, tuple(proposed))


_Located = dict[tuple[FactKind, str], list[Fact]]


def _rule_facts(text: str, reference_date: date) -> _Located:
    """The rules' own reading of the whole text, by kind and value: what a model's fact must agree with."""
    located: _Located = {}
    for fact in find_facts(text, reference_date):
        located.setdefault((fact.kind, fact.value), []).append(fact)
        if fact.kind is FactKind.DATETIME:  # a date the model gives without its time is still that date
            located.setdefault((FactKind.DATE, fact.value[:10]), []).append(fact)
    return located


def _reads_as(kind: FactKind, value: str, quote: str, reference_date: date) -> bool:
    """The quote alone re-parses to the value, or is that very reference number on its own ("25/750")."""
    if any(f.value == value for f in facts_in_quote(kind, quote, reference_date)):
        return True
    bare = quote.strip()
    return kind in _REFERENCE_KINDS and bare.isprintable() and " " not in bare and normalise(kind, bare) == value


def _grounded(proposed: ProposedFact, text: str, reference_date: date, rules: _Located) -> tuple[Fact | None, str]:
    """The model's fact where the text holds it: its quote standing on its own (never inside a longer
    number), re-parsing to its value, at a span where the rules read the same kind and value."""
    kind = FactKind(proposed.kind)
    if not proposed.quote.strip():
        return None, "quote_not_found"
    occurrences = [(m.start(), m.end()) for m in bounded(proposed.quote).finditer(text)]
    if not occurrences:
        return None, "quote_not_found"
    history = history_spans(text)
    occurrences = [(a, b) for a, b in occurrences if not any(s <= a < e for s, e in history)]
    if not occurrences:  # quoted or forwarded history is never a model's ground
        return None, "quote_in_history"
    value = normalise(kind, proposed.value) if kind in _REFERENCE_KINDS else proposed.value.strip()
    if not _reads_as(kind, value, proposed.quote, reference_date):
        return None, "value_mismatch"
    for start, end in occurrences:
        for fact in rules.get((kind, value), ()):
            if fact.start < end and start < fact.end:
                if fact.kind is not kind:
                    return Fact(kind, value, proposed.quote, start, end, min(fact.confidence, 0.8)), ""
                grounded = Fact(kind, value, proposed.quote, start, end, min(fact.confidence, 0.8), fact.details)
                return replace(grounded, status=fact.status, moved_to=fact.moved_to, replaces=fact.replaces), ""
    return None, "not_where_rules_read_it"


def ground(answer: ModelAnswer, text: str, reference_date: date, sender: SenderKind, source: str) -> ExtractionResult:
    """Keep the facts the text and the rules confirm; count (and name) the others."""
    kept: dict[tuple[FactKind, str, int], Fact] = {}
    reasons: list[str] = []
    rules = _rule_facts(text, reference_date)
    for proposed in answer.facts:
        fact, reason = _grounded(proposed, text, reference_date, rules)
        if fact is None:
            reasons.append(f"{proposed.kind}:{reason}")
        else:
            kept.setdefault((fact.kind, fact.value, fact.start), fact)
    return ExtractionResult(
        facts=tuple(sorted(kept.values(), key=lambda f: (f.start, f.kind.value))),
        message_kind=MessageKind(answer.message_kind),
        sender_kind=sender,
        source=source,
        dropped=len(reasons),
        drop_reasons=tuple(reasons),
    )


if TYPE_CHECKING:  # both adapters satisfy the port (checked by mypy, never run)

    def _adapters(runner: AiRunner) -> list[Extractor]:
        return [RuleBasedExtractor(), GroundedAiExtractor(runner)]


class RulesFallbackExtractor:
    """A model's extraction, or the rules' alone when the model fails (unavailable, too slow, off-schema):
    mail is never left unread because a model is down."""

    def __init__(self, primary: Extractor, fallback: Extractor | None = None) -> None:
        self._primary = primary
        self._fallback = fallback or RuleBasedExtractor()

    async def extract(
        self, text: str, *, reference_date: date, subject: str = "", sender: str = ""
    ) -> ExtractionResult:
        try:
            return await self._primary.extract(text, reference_date=reference_date, subject=subject, sender=sender)
        except ExtractionFailed:
            return await self._fallback.extract(text, reference_date=reference_date, subject=subject, sender=sender)
