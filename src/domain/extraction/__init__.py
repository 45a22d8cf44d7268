"""Facts read from French legal mail: the fact model, the rule-based extractor and the `Extractor` port."""

from domain.extraction.message_text import message_text, reference_date
from domain.extraction.model import ExtractionResult, Fact, FactKind, MessageKind, SenderKind
from domain.extraction.port import Extractor
from domain.extraction.rules import (
    RuleBasedExtractor,
    extract_text,
    facts_in_quote,
    find_facts,
    values_in_quote,
)

__all__ = [
    "ExtractionResult",
    "Extractor",
    "Fact",
    "FactKind",
    "MessageKind",
    "RuleBasedExtractor",
    "SenderKind",
    "extract_text",
    "facts_in_quote",
    "find_facts",
    "message_text",
    "reference_date",
    "values_in_quote",
]
