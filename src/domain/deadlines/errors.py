"""The one exception the deadline engine raises for bad input; its message is French and user-facing."""

from __future__ import annotations

from domain.errors import InvalidInput


class DeadlineInputError(InvalidInput, ValueError):
    """Input the engine cannot compute a deadline from (unknown zone, unparsable delay, out-of-range date…)."""

    code = "echeance_invalide"
