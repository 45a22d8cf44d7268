"""The conflict-of-interest check (docs/dossiers.md): a preview that records nothing, and the check run when a dossier
is opened or a party added — refused with 409 `conflit_a_confirmer` while it finds blocking matches the lawyer has not
acknowledged, recorded (`conflict_checks`) and audited (`dossier.conflict_check`) in the batch of the change."""

from __future__ import annotations

from d1.database import Statement
from domain.actors import ensure_permission
from domain.clients import valid_siren
from domain.conflicts import ConflictCheck, ConflictMatch, Subject, blocking, matches
from domain.errors import Conflict, InvalidInput
from services.scope import CabinetScope

MAX_SUBJECTS = 40  # two lookups of at most this many keys and SIRENs each stay under D1's 100 bound parameters


class ConflictsToConfirm(Conflict):
    """409 with the matches: the API shows them, the lawyer confirms (`acknowledge_conflicts`) or gives up."""

    code = "conflit_a_confirmer"

    def __init__(self, found: list[ConflictMatch]) -> None:
        super().__init__(
            "Conflit d'intérêts possible : vérifiez les correspondances, puis confirmez (acknowledge_conflicts)."
        )
        self.conflicts = found


async def find_matches(scope: CabinetScope, subjects: list[Subject]) -> list[ConflictMatch]:
    if len(subjects) > MAX_SUBJECTS:
        raise InvalidInput(f"Au plus {MAX_SUBJECTS} noms à vérifier à la fois.", field="subjects")
    keys = [subject.name_key for subject in subjects]
    sirens = [subject.siren for subject in subjects]
    known = [*await scope.clients.matching(keys, sirens), *await scope.parties.matching(scope.actor, keys, sirens)]
    return matches(subjects, known)


async def preview(scope: CabinetScope, subjects: list[tuple[str, str]]) -> list[ConflictMatch]:
    """Who these names (and SIRENs) match among the cabinet's clients and parties; nothing is recorded."""
    ensure_permission(scope.actor, "dossier.manage")
    if not subjects:
        raise InvalidInput("Indiquez au moins un nom à vérifier.", field="subjects")
    checked = []
    for index, (name, siren) in enumerate(subjects):
        if not name.strip() or len(name) > 200:
            raise InvalidInput("Indiquez un nom (1 à 200 caractères).", field=f"subjects.{index}.name")
        checked.append(Subject(" ".join(name.split()), valid_siren(siren, f"subjects.{index}.siren")))
    return [match.seen() for match in await find_matches(scope, checked)]


async def checked(
    scope: CabinetScope, dossier_id: str, subjects: list[Subject], *, acknowledged: bool
) -> tuple[list[ConflictMatch], list[Statement]]:
    """The check of a change about to be made: its matches, and the writes recording it (to join the change's
    batch). Raises ConflictsToConfirm when a match blocks and the lawyer has not acknowledged it."""
    found = await find_matches(scope, subjects)
    shown = [match.seen() for match in found]  # the record keeps everything; the actor sees what they may
    if blocking(found) and not acknowledged:
        raise ConflictsToConfirm(shown)
    check = ConflictCheck(scope.ctx.ids.new_id(), scope.cabinet_id, dossier_id, tuple(subjects), tuple(found),
                          scope.actor.label, scope.ctx.clock.now().isoformat())  # fmt: skip
    summary = f"{len(subjects)} nom(s) vérifié(s), {len(found)} correspondance(s) : {check.decision}"
    return shown, [scope.conflict_checks.record(check), scope.audit_row("dossier.conflict_check", dossier_id, summary)]
