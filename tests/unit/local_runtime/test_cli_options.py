"""The options every CLI command on the local data shares are defined once (local/commands/options.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from local.commands import outbox

SRC_LOCAL = Path(__file__).resolve().parents[3] / "src" / "local"


def test_the_data_dir_option_is_defined_in_one_place():
    defining = sorted(
        path.relative_to(SRC_LOCAL).as_posix() for path in SRC_LOCAL.rglob("*.py") if '"--data-dir"' in path.read_text()
    )
    assert defining == ["commands/options.py"]


def test_the_data_dir_given_after_the_action_counts_and_never_hides_the_one_given_before():
    parser = argparse.ArgumentParser()
    outbox.add_arguments(parser)
    assert parser.parse_args(["show", "m1", "--data-dir", "/after"]).data_dir == Path("/after")
    assert parser.parse_args(["--data-dir", "/before", "show", "m1"]).data_dir == Path("/before")
    assert parser.parse_args(["list"]).data_dir is None
