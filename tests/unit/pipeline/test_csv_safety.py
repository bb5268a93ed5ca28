"""CSV cannot be split or smuggled: carriage returns stay in their cell, no line starts a formula."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa

from sahel_dataset.pipeline.csv_cells import FORMULA_START, restore
from sahel_dataset.pipeline.write import write_csv

TEXTS = ["plain", "a\rb", "a\r\nb", "two lines\n=cmd|' /C calc'!A0", "'quoted\n'again", "=1+1", "x,\"y\"\n-z",
         "Niger\u2019s\u00a0junta", "\t\n@x"]


def test_every_text_round_trips_through_the_csv_reader_one_row_each(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(pa.table({"id": [str(i) for i in range(len(TEXTS))], "text": TEXTS}), path)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, strict=True))
    assert len(rows) == len(TEXTS) + 1
    assert [restore(r[1]) for r in rows[1:]] == TEXTS


def test_no_physical_line_of_the_csv_starts_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(pa.table({"text": TEXTS}), path)
    raw = path.read_bytes().decode("utf-8")
    for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        assert not line.lstrip('"').startswith(FORMULA_START[:-1]), repr(line)


BREAKS = ["a\u2028=cmd", "a\u2029+x", "a\x0b-y", "a\x0c@z", "a\x85=w", "a\x1c=v", "a\r=u"]


def test_every_unicode_line_break_starts_a_line_that_is_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(pa.table({"id": [str(i) for i in range(len(BREAKS))], "text": BREAKS}), path)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, strict=True))
    assert [restore(r[1]) for r in rows[1:]] == BREAKS
    for line in path.read_bytes().decode("utf-8").splitlines():
        assert not line.lstrip('"').startswith(FORMULA_START[:-1]), repr(line)
