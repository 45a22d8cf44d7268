"""The counters of failed attempts (d1/attempts.py), on SQLite locally and on D1 in the Workers harness: failures
counted per bucket in a fixed window that opens with the first failure and rolls over once it is over."""

from __future__ import annotations

from d1.attempts import AttemptCounters

# A quarter-hour window: at each instant, the window still counts if it opened after a quarter of an hour ago.
QUARTER_AGO = {
    "08:00": "07:45", "08:05": "07:50", "08:14": "07:59", "08:15": "08:00", "08:20": "08:05", "08:31": "08:16",
}  # fmt: skip


def at(time: str) -> str:
    return f"2026-03-02T{time}:00+00:00"


async def test_failures_are_counted_in_a_window_that_rolls_over_when_it_is_over(database):
    counters = AttemptCounters(database)

    async def fail(time: str) -> None:
        await database.batch([counters.record("login:b1", now=at(time), window_opened_after=at(QUARTER_AGO[time]))])

    async def count(time: str) -> int:
        return await counters.count("login:b1", window_opened_after=at(QUARTER_AGO[time]))

    assert await count("08:00") == 0
    for time in ("08:00", "08:05", "08:14"):
        await fail(time)
    assert await count("08:14") == 3
    assert await count("08:15") == 0  # the window opened at 08:00 is over
    await fail("08:15")  # the first failure of a new window
    await fail("08:20")
    assert await count("08:20") == 2
    assert await count("08:31") == 0  # the window opened at 08:15 is over too


async def test_buckets_are_counted_apart_and_a_success_clears_its_own(database):
    counters = AttemptCounters(database)
    opened_after = at("07:45")
    await database.batch([
        counters.record("login:b1", now=at("08:00"), window_opened_after=opened_after),
        counters.record("login:b1", now=at("08:00"), window_opened_after=opened_after),
        counters.record("client:c1", now=at("08:00"), window_opened_after=opened_after),
    ])  # fmt: skip
    assert await counters.count("login:b1", window_opened_after=opened_after) == 2
    assert await counters.count("client:c1", window_opened_after=opened_after) == 1
    await database.batch([counters.clear("login:b1")])
    assert await counters.count("login:b1", window_opened_after=opened_after) == 0
    assert await counters.count("client:c1", window_opened_after=opened_after) == 1
    assert await counters.count("login:unknown", window_opened_after=opened_after) == 0


async def test_an_attempt_is_counted_before_it_is_judged_and_each_one_sees_its_own_count(database):
    """`spend` counts and reads in one batch: attempts made together get 1, 2, 3… — never all the same number."""
    counters = AttemptCounters(database)
    opened_after = at("07:45")
    seen = [await counters.spend("totp:p1", now=at("08:00"), window_opened_after=opened_after) for _ in range(3)]
    assert seen == [1, 2, 3]
    await database.batch([counters.forgive("totp:p1")])
    assert await counters.count("totp:p1", window_opened_after=opened_after) == 2
    await database.batch([counters.forgive("totp:p1"), counters.forgive("totp:p1"), counters.forgive("totp:p1")])
    assert await counters.count("totp:p1", window_opened_after=opened_after) == 0  # never below zero
    assert await counters.spend("totp:p1", now=at("08:20"), window_opened_after=at("08:05")) == 1  # a new window
