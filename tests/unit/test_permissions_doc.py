"""docs/permissions.md is the permissions matrix in prose: its table must say exactly what the code enforces."""

from __future__ import annotations

from pathlib import Path

from domain.actors import PERSON_PERMISSIONS, Role

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
COLUMNS = (Role.ASSOCIE, Role.AVOCAT, Role.COLLABORATEUR, Role.ASSISTANT)


def documented_matrix() -> dict[str, frozenset[Role]]:
    matrix = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].startswith("`"):
            marks = cells[2:]
            matrix[cells[0].strip("`")] = frozenset(role for role, mark in zip(COLUMNS, marks, strict=True) if mark)
    return matrix


def test_the_documented_matrix_is_the_one_the_code_enforces():
    assert documented_matrix() == PERSON_PERMISSIONS
