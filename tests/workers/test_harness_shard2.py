"""The Workers harness's second half: see tests/workers/_harness.py (one module per shard, so that `--dist loadfile`
gives each its own worker)."""

from tests.workers._harness import *  # noqa: F403 (the fixture running this shard, its tests, the lane's checks)

SHARD = 2
