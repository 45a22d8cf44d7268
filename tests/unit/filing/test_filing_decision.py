"""The filing decision (domain/filing.py): clues strongest first, the threshold, contradictions, and the references
read in the subject and the new text only."""

from domain.filing import (
    FILING_THRESHOLD,
    NO_CLUE,
    Candidate,
    Clue,
    ClueKind,
    address_tag,
    decide,
    reference_clues,
    thread_root,
)


def clue(kind: ClueKind, dossier_id: str, confidence: float) -> Clue:
    return Clue(kind, dossier_id, confidence, f"{kind.value} → {dossier_id}")


def test_the_address_tag_is_read_from_the_local_part_in_upper_case():
    assert address_tag("martin+2026-0042@poste.example") == "2026-0042"
    assert address_tag("martin+dupont-bail@poste.example") == "DUPONT-BAIL"
    assert address_tag("martin@poste.example") == ""


def test_the_address_wins_over_every_other_clue():
    decision = decide([clue(ClueKind.REFERENCE, "d2", 0.9), clue(ClueKind.ADDRESS, "d1", 1.0)])
    assert (decision.dossier_id, decision.confidence) == ("d1", 1.0)
    assert [c.dossier_id for c in decision.candidates] == ["d1", "d2"]


def test_one_strong_clue_files_and_a_sender_elsewhere_does_not_contradict_it():
    decision = decide([clue(ClueKind.REFERENCE, "d1", 0.9), clue(ClueKind.SENDER, "d2", 0.7)])
    assert (decision.dossier_id, decision.reason) == ("d1", "reference → d1")


def test_strong_clues_naming_two_dossiers_leave_the_message_to_file_with_both_candidates():
    decision = decide([clue(ClueKind.THREAD, "d1", 0.95), clue(ClueKind.REFERENCE, "d2", 0.9)])
    assert decision.dossier_id is None
    assert decision.reason.startswith("Indices contradictoires : ")
    assert [c.dossier_id for c in decision.candidates] == ["d1", "d2"]


def test_a_sender_known_in_one_dossier_files_above_the_threshold():
    decision = decide([clue(ClueKind.SENDER, "d1", 0.7)])
    assert FILING_THRESHOLD <= 0.7
    assert decision.dossier_id == "d1"


def test_ambiguous_candidates_alone_never_file():
    ambiguous = [Candidate("d1", 0.4, "a"), Candidate("d2", 0.4, "b")]
    decision = decide([], ambiguous)
    assert decision.dossier_id is None
    assert decision.reason.startswith("Indice trop faible")
    assert len(decision.candidates) == 2


def test_a_clue_below_the_threshold_does_not_file():
    assert decide([clue(ClueKind.SENDER, "d1", 0.5)]).dossier_id is None


def test_no_clue_at_all_says_so():
    decision = decide([])
    assert (decision.dossier_id, decision.confidence, decision.reason, decision.candidates) == (None, 0.0, NO_CLUE, ())


def test_references_are_read_in_each_courts_form_and_the_cabinets_own():
    found = reference_clues(
        "Avis RG 24/01234",
        "Portalis DBX6-W-B7H-ABCDE ; requête n° 2401234/3 ; CAA 24PA01234 ; N/Réf 2026-0042 ; V/Réf : 2026-0007",
    )
    values = {(c.kind, c.value) for c in found}
    assert ("rg", "24/01234") in values
    assert ("portalis", "DBX6-W-B7H-ABCDE") in values
    assert ("administratif", "2401234") in values
    assert ("administratif", "24PA01234") in values
    assert ("cabinet", "2026-0042") in values
    assert ("vref", "2026-0007") in values


def test_an_rg_written_with_a_hyphen_after_its_number_sign_is_read_as_an_rg():
    (found,) = reference_clues("Avis", "Affaire n° 24-01234 : audience maintenue.")
    assert (found.kind, found.value, found.court_kinds) == ("rg", "24/01234", ("rg",))


def test_the_cabinets_own_reference_may_match_a_court_reference_of_any_kind():
    (found,) = reference_clues("", "V/Réf : 2026-0007")
    assert found.court_kinds == ()


def test_a_date_is_not_read_as_a_cabinet_reference():
    assert reference_clues("Audience du 2026-03-02", "") == []


def test_the_thread_is_rooted_at_the_first_reference_else_the_reply_else_the_message():
    assert thread_root("<c>", "<b>", ("<a>", "<b>")) == "<a>"
    assert thread_root("<c>", "<b>", ()) == "<b>"
    assert thread_root("<c>", "", ()) == "<c>"


def test_a_cabinet_reference_with_a_prefix_is_read():
    found = {(c.kind, c.value) for c in reference_clues("Mise en demeure [CAB-2026-0042]", "")}
    assert ("cabinet", "2026-0042") in found  # the dossier's own reference inside the prefixed one
