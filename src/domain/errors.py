"""The errors a user can act on. Each carries its HTTP status and a stable French code; each runtime renders them
in one place (`handlers/api/errors.py` for the API, the CLI prints the message).

    DomainError                   400  erreur             bad input no finer class describes
    ├── Unauthorized              401  non_authentifie    no valid session
    ├── Forbidden                 403  interdit           the actor may not do this (`ensure_permission`)
    ├── NotFound                  404  introuvable        absent, another cabinet's, or not for the actor's eyes
    │                                                     (`ensure_may_see`): never say which
    ├── Conflict                  409  conflit            the state changed under the request, or a unique key
    ├── PayloadTooLarge           413  trop_volumineux    over a documented size limit
    ├── UnsupportedMediaType      415  type_incoherent    the declared type contradicts the bytes sent
    ├── InvalidInput              422  invalide           a field's value is wrong (names the field)
    │   └── DeadlineInputError    422  echeance_invalide  the deadline engine cannot compute from this input
    ├── TooManyAttempts           429  trop_de_tentatives login, second factor or reset attempts over the limit
    ├── MailFailed                502  envoi_impossible   the change is saved but its mail did not leave
    └── ExtractionFailed          502  extraction_impossible (services.extraction.errors: AI unavailable, timeout…)

Infrastructure failures are not here: they belong to the ports (`d1.database.DatabaseError` and its
`ConstraintViolation`, `DatabaseLimitError`). A use case that expects one translates it (a taken address becomes a
`Conflict`); any other reaches the client as a 500 carrying only an incident id, the details going to the log.
"""

from __future__ import annotations


class DomainError(Exception):
    status = 400
    code = "erreur"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        """`code` refines the class's code where a program must tell cases apart (`totp_requis` is a 401)."""
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def details(self) -> dict[str, object]:
        """Fields the error's body carries beside its code and message (a 409's `erasable_from`, for instance)."""
        return {}


class Unauthorized(DomainError):
    status = 401
    code = "non_authentifie"


class Forbidden(DomainError):
    status = 403
    code = "interdit"


class NotFound(DomainError):
    status = 404
    code = "introuvable"


class Conflict(DomainError):
    status = 409
    code = "conflit"


class PayloadTooLarge(DomainError):
    status = 413
    code = "trop_volumineux"


class UnsupportedMediaType(DomainError):
    status = 415
    code = "type_incoherent"


class InvalidInput(DomainError):
    status = 422
    code = "invalide"


class TooManyAttempts(DomainError):
    status = 429
    code = "trop_de_tentatives"


class MailFailed(DomainError):
    status = 502
    code = "envoi_impossible"
