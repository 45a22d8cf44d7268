"""What can go wrong when a model extracts facts, as domain errors (rendered in one place per runtime)."""

from __future__ import annotations

from domain.errors import DomainError


class ExtractionFailed(DomainError):
    status = 502
    code = "extraction_impossible"


class AiUnavailable(ExtractionFailed):
    """The AI binding raised (capacity, model error, network)."""

    status = 503
    code = "ia_indisponible"


class AiTimeout(ExtractionFailed):
    status = 504
    code = "ia_delai_depasse"


class AiInvalidOutput(ExtractionFailed):
    """The model kept answering outside the schema, after every allowed retry."""

    status = 502
    code = "ia_reponse_invalide"
