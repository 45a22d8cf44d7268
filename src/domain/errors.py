"""Domain exceptions. Each carries the HTTP status it maps to; each runtime renders them in one place."""

from __future__ import annotations


class DomainError(Exception):
    status = 400
    code = "erreur"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    status = 404
    code = "introuvable"


class Conflict(DomainError):
    status = 409
    code = "conflit"


class ConstraintViolation(Conflict):
    """A write the database refused: unique key taken, missing foreign row, failed check."""

    code = "contrainte"


class PayloadTooLarge(DomainError):
    status = 413
    code = "trop_volumineux"


class DatabaseLimitError(DomainError):
    """A statement D1 would refuse (too many parameters, too long, transaction control)."""

    status = 500
    code = "limite_base"
