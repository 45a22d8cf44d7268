"""The one exception the deadline engine raises for bad input; its message is French and user-facing."""

from __future__ import annotations


class DeadlineInputError(ValueError):
    """Input the engine cannot compute a deadline from (unknown zone, unparsable delay, out-of-range date…)."""

    status = 422
    code = "echeance_invalide"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
