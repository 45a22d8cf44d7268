"""The tree that domain/errors.py's docstring draws is the classes' own: each drawn error sits under its base class,
with its status and code, and no error of the module is left out of the drawing."""

from __future__ import annotations

import inspect
import re

import domain.errors
from domain.deadlines.errors import DeadlineInputError
from services.extraction.errors import ExtractionFailed

DRAWN_LINE = re.compile(r"^(?P<indent>[ │├└─]*)(?P<name>[A-Z]\w+)\s+(?P<status>\d{3})\s+(?P<code>[a-z_]+)")
ELSEWHERE = {"DeadlineInputError": DeadlineInputError, "ExtractionFailed": ExtractionFailed}


def drawn_tree(docstring: str) -> list[tuple[str, str | None, int, str]]:
    """(class, base drawn above it, status, code) for each line of the drawing."""
    found: list[tuple[str, str | None, int, str]] = []
    parents: list[str] = []
    for line in docstring.splitlines():
        match = DRAWN_LINE.match(line)
        if match is None:
            continue
        depth = (len(match["indent"]) - 4) // 4
        del parents[depth:]
        found.append((match["name"], parents[-1] if parents else None, int(match["status"]), match["code"]))
        parents.append(match["name"])
    return found


def error_class(name: str) -> type[domain.errors.DomainError]:
    return ELSEWHERE.get(name) or getattr(domain.errors, name)


def test_each_drawn_error_sits_under_its_base_class_with_its_status_and_code():
    tree = drawn_tree(domain.errors.__doc__ or "")
    assert tree[0] == ("DomainError", None, 400, "erreur")
    for name, parent, status, code in tree[1:]:
        cls = error_class(name)
        assert parent is not None
        assert error_class(parent) in cls.__bases__, f"{name} is drawn under {parent}"
        assert (cls.status, cls.code) == (status, code), name


def test_every_error_of_the_module_is_drawn():
    defined = {
        name
        for name, cls in inspect.getmembers(domain.errors, inspect.isclass)
        if issubclass(cls, domain.errors.DomainError) and cls.__module__ == "domain.errors"
    }
    assert defined <= {name for name, *_ in drawn_tree(domain.errors.__doc__ or "")}


def test_the_drawing_check_catches_an_error_drawn_under_the_wrong_base():
    wrong = """
    DomainError                   400  erreur             x
    ├── InvalidInput              422  invalide           x
    ├── TooManyAttempts           429  trop_de_tentatives x
    │   └── DeadlineInputError    422  echeance_invalide  x
    """
    assert ("DeadlineInputError", "TooManyAttempts", 422, "echeance_invalide") in drawn_tree(wrong)
