"""The model answer validators: pydantic (CPython, Workers) and the hand-written stand-in agree."""

from __future__ import annotations

from typing import Any

import pytest

from services.extraction.grounded_ai import unwrap, validate_answer, validate_by_hand
from services.extraction.schema import InvalidAnswer

FACT = {"kind": "rg", "value": "24/01234", "quote": "RG 24/01234"}


@pytest.mark.parametrize(
    "data",
    [
        {"message_kind": "other", "facts": []},
        {"message_kind": "convocation", "facts": [FACT]},
        {"message_kind": "other", "facts": [{**FACT, "confidence": 0.9}], "extra": True},
    ],
)
def test_both_validators_accept_the_same_answers(data: dict[str, Any]) -> None:
    assert validate_answer(data) == validate_by_hand(data)


@pytest.mark.parametrize(
    "data",
    [
        [],
        "text",
        {"facts": []},
        {"message_kind": "lettre", "facts": []},
        {"message_kind": "other", "facts": {}},
        {"message_kind": "other", "facts": [{**FACT, "kind": "telephone"}]},
        {"message_kind": "other", "facts": [{**FACT, "value": 24}]},
        {"message_kind": "other", "facts": [{"kind": "rg", "value": "24/01234"}]},
        {"message_kind": "other", "facts": ["rg"]},
    ],
)
def test_both_validators_refuse_the_same_answers(data: Any) -> None:
    with pytest.raises(InvalidAnswer):
        validate_answer(data)
    with pytest.raises(InvalidAnswer):
        validate_by_hand(data)


def test_the_binding_result_is_unwrapped_from_response_or_a_json_string() -> None:
    assert unwrap({"response": {"a": 1}}) == {"a": 1}
    assert unwrap({"response": '{"a": 1}'}) == {"a": 1}
    with pytest.raises(InvalidAnswer):
        unwrap({"response": "{a"})
