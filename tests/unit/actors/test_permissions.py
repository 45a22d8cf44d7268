"""Who may do what: a refusal about one object never confirms that it exists (docs/architecture.md, "Refusals and
existence")."""

import pytest

from domain.actors import SYSTEM, Actor, Role, ensure_may_see, ensure_permission
from domain.errors import Forbidden, NotFound

WITHOUT_ROLE = Actor("person", "x", None)


def test_a_person_who_may_not_see_a_kind_of_object_is_told_it_does_not_exist() -> None:
    with pytest.raises(NotFound) as raised:
        ensure_may_see(WITHOUT_ROLE, "mail.read", "Message introuvable.")
    assert raised.value.message == "Message introuvable."


def test_whoever_may_see_it_goes_on_to_the_lookup() -> None:
    for actor in [Actor("person", "x", role) for role in Role] + [SYSTEM, Actor("operator", "ops")]:
        ensure_may_see(actor, "mail.read", "Message introuvable.")


def test_an_action_refused_where_nothing_is_named_is_a_403() -> None:
    with pytest.raises(Forbidden):
        ensure_permission(WITHOUT_ROLE, "deadline.compute")
