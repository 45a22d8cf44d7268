"""Schema fuzzing of the second half of the served operations (tests/integration/schema_fuzzing.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.schema_fuzzing import fuzz_half, served

pytestmark = pytest.mark.slow


def test_the_second_half_of_the_operations_answers_as_the_served_schema_says(tmp_path: Path) -> None:
    with served(tmp_path / "data") as running:
        fuzz_half(running, 1)
