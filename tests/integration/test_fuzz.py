"""A fuzz pass (hypothesis) over the three readers and writers that take hostile text:
the YAML loader, the CSV writer and the seed reader. Control characters of every
class, Unicode line breaks, bidi and zero-width characters, deep nesting and sizes
near the caps: each ends in a value or a located :class:`DataError`, never in
another exception, and the CSV writer always round-trips.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CHECKOUT as ROOT
from sahel_dataset.core.constraints import unsafe_character
from sahel_dataset.core.errors import DataError
from sahel_dataset.pipeline.csv_cells import FORMULA_START, restore
from sahel_dataset.pipeline.seeds import load_seeds
from sahel_dataset.pipeline.write import write_csv
from sahel_dataset.utils.yamlio import parse_yaml

pytestmark = pytest.mark.slow

HOSTILE = ("\x00\x07\x08\x0b\x0c\r\x1b\x1c\x7f\x85\x9b\u00a0\u200b\u200d\u2028\u2029\u202e\u2066\ufeff"
           "'\"=+-@\t\n:&*![]{}#|>")
"""Characters of every class a hostile file holds: C0 and C1 controls, line breaks,
bidi and zero-width characters, a BOM, and what YAML and CSV give meaning to."""

TEXT = st.text(alphabet=st.sampled_from(HOSTILE) | st.characters(blacklist_categories=("Cs",)), max_size=300)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])


@st.composite
def _nested_yaml(draw: st.DrawFn) -> str:
    depth = draw(st.integers(1, 3000))
    opener, closer = draw(st.sampled_from([("[", "]"), ("{a: ", "}"), ("- ", "")]))
    if opener == "- ":
        return "".join("  " * i + "- \n" for i in range(min(depth, 400))) + draw(TEXT)
    return opener * depth + draw(TEXT) + closer * draw(st.integers(0, depth))


@SETTINGS
@given(text=TEXT | _nested_yaml(), raw=st.binary(max_size=200))
def test_the_yaml_loader_gives_a_value_or_a_located_data_error(text: str, raw: bytes) -> None:
    for data in (text.encode("utf-8", errors="surrogatepass"), raw):
        try:
            parse_yaml(data, "data/x.yaml")
        except DataError as e:
            assert all(p.file == "data/x.yaml" for p in e.problems)
            assert all(len(str(p)) < 1500 for p in e.problems)


@SETTINGS
@given(texts=st.lists(TEXT, min_size=1, max_size=8))
def test_the_csv_writer_round_trips_and_no_line_starts_a_formula(texts: list[str], tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(pa.table({"id": [str(i) for i in range(len(texts))], "text": texts}), path)
    raw = path.read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw, newline=""), strict=True))
    assert [restore(r[1]) for r in rows[1:]] == texts
    for line in raw.splitlines():
        assert not line.lstrip('"').startswith(FORMULA_START[:-1]), repr(line)


@pytest.fixture(scope="module")
def seeds_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeds") / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    return folder


@SETTINGS
@given(text=TEXT, size=st.sampled_from([0, 1, 4 << 20]))
def test_the_seed_reader_accepts_plain_text_only(text: str, size: int, seeds_template: Path,
                                                 tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("s") / "seeds"
    shutil.copytree(seeds_template, folder)
    body = ("Title\n" + text + "x" * max(0, size - len(text))).encode("utf-8", errors="surrogatepass")
    sha = hashlib.sha256(body).hexdigest()
    name = f"900_{sha[:16]}.txt"
    (folder / name).write_bytes(body)
    with (folder / "manifest.csv").open("a", encoding="utf-8") as f:
        f.write(f"{name},{sha},{len(body)}\n")
    try:
        texts = load_seeds(folder)
    except DataError as e:
        assert all(p.check == "seeds" and name in (p.file or "") for p in e.problems), e.problems
        return
    assert texts[name].encode("utf-8") == body, "a seed is never normalised"
    assert unsafe_character(texts[name]) is None
