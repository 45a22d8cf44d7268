"""docs/architecture.md's worked example is what the next feature copies: every file and name it points to exists,
and the count of cross-cabinet reads it gives is the module's."""

from __future__ import annotations

import re

from tests.unit.architecture.source_graph import ROOT, SRC
from tests.unit.architecture.test_data_access import CROSS_CABINET_READS

DOC = ROOT / "docs" / "architecture.md"
PATH = re.compile(r"`((?:migrations|tests|docs|domain|d1|services|handlers|local|cf)/[\w/.\- ]+?\.(?:py|sql|md))`")
COUNTS = {"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15}


def worked_example() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index("## The pattern, worked end to end") :]


def named_paths(text: str) -> set[str]:
    return set(PATH.findall(text.replace("/\n   ", "/")))


def exists(path: str) -> bool:
    return (ROOT / path).exists() or (SRC / path).exists()


def test_every_file_the_worked_example_names_exists():
    paths = named_paths(worked_example())
    assert {"migrations/0002_mail_readings.sql", "d1/inbound_mail.py", "services/inbound_mail.py"} <= paths
    assert "tests/contract/test_inbound_mail_repository.py" in paths
    assert sorted(path for path in paths if not exists(path)) == []


def test_the_worked_example_names_functions_the_code_has():
    source = "\n".join((SRC / path).read_text(encoding="utf-8") for path in named_paths(worked_example()) if
                       (SRC / path).suffix == ".py" and (SRC / path).exists())  # fmt: skip
    for name in ("get", "recent", "reading", "waiting_since", "insert", "set_status", "record_reading", "get_mail",
                 "mail_detail", "visible_mail", "default_job_registry"):  # fmt: skip
        assert f"def {name}(" in source, name


def test_the_map_counts_the_cross_cabinet_reads_there_are():
    counted = re.search(r"`d1/cross_cabinet.py` holds the (\w+) reads", DOC.read_text(encoding="utf-8"))
    assert counted is not None
    assert COUNTS[counted[1]] == len(CROSS_CABINET_READS)
