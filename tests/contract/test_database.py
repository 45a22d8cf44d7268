"""The Database port's contract: D1's behaviour, which the local SQLite adapter must reproduce."""

from d1.database import ConstraintViolation, DatabaseLimitError, Statement, guarded
from d1.schema import EXPECTED_MIGRATIONS
from tests.contract.expect import raises

CABINET = "INSERT INTO cabinets (id, name, inbound_address, created_at) VALUES (?, ?, ?, ?)"


async def test_the_migrations_are_applied_and_recorded_like_wrangler(database):
    rows = await database.all("SELECT name FROM d1_migrations ORDER BY id")
    assert [row["name"] for row in rows] == list(EXPECTED_MIGRATIONS)


async def test_values_round_trip_with_their_types(database):
    await database.run(
        "CREATE TABLE sample (t TEXT, i INTEGER, f REAL, b BLOB, n TEXT)",
    )
    await database.run("INSERT INTO sample VALUES (?, ?, ?, ?, ?)", "Échéance «J-7»", 2**40, 1.5, b"\x00\xff", None)
    row = await database.first("SELECT t, i, f, n, hex(b) AS b FROM sample")
    assert row == {"t": "Échéance «J-7»", "i": 2**40, "f": 1.5, "n": None, "b": "00FF"}


async def test_first_returns_none_when_nothing_matches(database):
    assert await database.first("SELECT id FROM cabinets WHERE id = ?", "absent") is None


async def test_run_reports_the_rows_it_changed(database):
    await database.run(CABINET, "c1", "Cabinet Un", "un@poste.example", "2026-01-01T00:00:00Z")
    await database.run(CABINET, "c2", "Cabinet Deux", "deux@poste.example", "2026-01-01T00:00:00Z")
    result = await database.run("UPDATE cabinets SET name = name || ' (archivé)'")
    assert result.changes == 2


async def test_a_batch_is_atomic_when_one_statement_fails(database):
    good = Statement(CABINET, ("c1", "Cabinet Un", "un@poste.example", "2026-01-01T00:00:00Z"))
    duplicate = Statement(CABINET, ("c2", "Cabinet Deux", "un@poste.example", "2026-01-01T00:00:00Z"))
    with raises(ConstraintViolation):
        await database.batch([good, duplicate])
    assert await database.all("SELECT id FROM cabinets") == []


async def test_a_batch_returns_one_result_per_statement_in_order(database):
    results = await database.batch(
        [
            Statement(CABINET, ("c1", "Cabinet Un", "un@poste.example", "2026-01-01T00:00:00Z")),
            Statement("SELECT name FROM cabinets WHERE id = ?", ("c1",)),
        ]
    )
    assert results[0].changes == 1
    assert results[1].rows == [{"name": "Cabinet Un"}]


async def test_unique_and_foreign_keys_are_enforced(database):
    await database.run(CABINET, "c1", "Cabinet Un", "un@poste.example", "2026-01-01T00:00:00Z")
    with raises(ConstraintViolation):
        await database.run(CABINET, "c1", "Autre", "autre@poste.example", "2026-01-01T00:00:00Z")
    with raises(ConstraintViolation):
        await database.run(
            "INSERT INTO inbound_mail (id, cabinet_id, mail_from, recipient, dedupe_key, size, sha256, blob_key,"
            " status, received_at) VALUES ('m1', 'no-such-cabinet', 'a@b', 'c@d', 'mid:<x>', 1, 'x', 'k', 'received',"
            " 'now')"
        )


async def test_transaction_control_is_refused_as_on_d1(database):
    for sql in ("BEGIN", "BEGIN TRANSACTION", "COMMIT", "ROLLBACK", "SAVEPOINT s1"):
        with raises(DatabaseLimitError):
            await database.run(sql)


async def test_at_most_one_hundred_bound_parameters(database):
    columns = ", ".join(f"? AS c{n}" for n in range(100))
    row = await database.first(f"SELECT {columns}", *range(100))
    assert row is not None
    assert len(row) == 100
    assert row["c99"] == 99
    with raises(DatabaseLimitError):
        await database.first(f"SELECT {columns}, ? AS c100", *range(101))


async def test_statements_over_one_hundred_kilobytes_are_refused(database):
    literal = "x" * 100_001
    with raises(DatabaseLimitError):
        await database.first(f"SELECT '{literal}' AS big")


async def test_keywords_inside_a_statement_are_not_mistaken_for_transaction_control(database):
    row = await database.first("SELECT CASE WHEN 1 THEN 'a'\nEND AS x /*\nBEGIN */")
    assert row == {"x": "a"}
    with raises(DatabaseLimitError):
        await database.run("-- a comment first\n  /* and another */ BEGIN")


async def test_a_row_over_two_megabytes_is_refused(database):
    await database.run("CREATE TABLE doc (a TEXT, b TEXT)")
    with raises(DatabaseLimitError):
        await database.run("INSERT INTO doc VALUES (?, ?)", "x" * 1_500_000, "y" * 1_500_000)


FOUND = Statement("SELECT 1 FROM cabinets WHERE id = ?", ("c1",))
NOT_FOUND = Statement("SELECT 1 FROM cabinets WHERE id = ?", ("absent",))


async def test_a_guarded_write_happens_only_when_its_condition_finds_a_row(database):
    await database.run(CABINET, "c1", "Cabinet Un", "un@poste.example", "2026-01-01T00:00:00Z")
    rename = Statement("UPDATE cabinets SET name = ? WHERE id = ?", ("Cabinet Renommé", "c1"))
    results = await database.batch([guarded(rename, NOT_FOUND)])
    assert results[0].changes == 0
    results = await database.batch([guarded(rename, FOUND)])
    assert results[0].changes == 1
    assert await database.all("SELECT name FROM cabinets") == [{"name": "Cabinet Renommé"}]


async def test_a_guarded_write_keeps_its_own_where_clause_whole(database):
    await database.run(CABINET, "c1", "Cabinet Un", "un@poste.example", "2026-01-01T00:00:00Z")
    await database.run(CABINET, "c2", "Cabinet Deux", "deux@poste.example", "2026-01-01T00:00:00Z")
    # `… WHERE a OR b AND EXISTS (…)` would read as `a OR (b AND EXISTS (…))`: the guard must hold for every row.
    either = Statement("UPDATE cabinets SET name = 'Renommé (WHERE' WHERE id = ? OR id = ?", ("c1", "c2"))
    subquery = Statement(
        "DELETE FROM cabinets WHERE id IN (SELECT id FROM cabinets WHERE name = ?) OR id = ?", ("Cabinet Un", "c2")
    )
    results = await database.batch([guarded(either, NOT_FOUND), guarded(subquery, NOT_FOUND)])
    assert [r.changes for r in results] == [0, 0]
    assert len(await database.all("SELECT id FROM cabinets")) == 2
    results = await database.batch([guarded(subquery, FOUND)])
    assert results[0].changes == 2


async def test_only_an_update_or_delete_with_its_own_where_clause_can_be_guarded():
    for sql in (
        "INSERT INTO cabinets (id) VALUES ('c1')",
        "SELECT id FROM cabinets WHERE id = 'c1'",
        "UPDATE cabinets SET name = 'x'",
        "UPDATE cabinets SET name = (SELECT name FROM cabinets WHERE id = 'c2')",  # a subquery's WHERE is not its own
    ):
        with raises(ValueError):
            guarded(Statement(sql), FOUND)
