"""CODEBOOK.md and DATASHEET.md's counts are what the schemas and data generate."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import CHECKOUT as ROOT
from sahel_dataset.catalog import row_counts
from sahel_dataset.core import schema
from sahel_dataset.curation import codebook, datasheet


def test_every_enum_value_has_a_meaning() -> None:
    """Enumeration values need a meaning in the schema (x-enum-descriptions)."""
    missing = codebook.missing_enum_descriptions()
    assert not missing, "add x-enum-descriptions for: " + ", ".join(missing)


def test_codebook_is_up_to_date() -> None:
    """Regenerate with `sahel-dataset docs` when this fails."""
    committed = (ROOT / "CODEBOOK.md").read_text(encoding="utf-8")
    assert committed == codebook.render_codebook(), "CODEBOOK.md is stale: run `sahel-dataset docs`"


def test_datasheet_counts_are_up_to_date() -> None:
    """Regenerate with `sahel-dataset docs` when this fails."""
    text = (ROOT / "DATASHEET.md").read_text(encoding="utf-8")
    assert text == datasheet.fill_counts(text, row_counts()), (
        "DATASHEET.md counts are stale: run `sahel-dataset docs`"
    )


def test_codebook_documents_every_table_field_and_enum_value() -> None:
    text = codebook.render_codebook()
    for t in schema.tables():
        assert f"## Table `{t.name}`" in text
        for f in t.fields:
            assert f"| `{f.name}` |" in text, (t.name, f.name)
            for v in f.enum or ():
                assert f"| `{v}` |" in text, (t.name, f.name, v)


def test_codebook_has_precision_codes_taxonomy_and_ids() -> None:
    text = codebook.render_codebook()
    for heading in ("## Identifiers", "## Date precision codes", "## Location precision codes", "## Event taxonomy"):
        assert heading in text
    assert "ACLED time_precision" in text and "UCDP GED date_prec" in text
    for code in range(1, 8):
        assert f"| `{code}` |" in text


def test_codebook_tolerates_a_value_without_meaning(monkeypatch) -> None:
    """A new enum value without a description is listed, not a crash."""
    events = schema.table("events")
    desc = dict(events.descriptor)
    fields = [dict(f) for f in desc["fields"]]
    for f in fields:
        if f["name"] == "status":
            f["constraints"] = {**f["constraints"], "enum": [*f["constraints"]["enum"], "rumoured"]}
    desc["fields"] = fields
    patched = schema.Table.from_descriptor(desc)
    original = schema.table
    monkeypatch.setattr(schema, "table", lambda n: patched if n == "events" else original(n))
    assert "events.status: rumoured" in codebook.missing_enum_descriptions()
    assert "(no description in the schema)" in codebook.render_codebook()


def test_write_documents_check_reports_stale_files(tmp_path: Path) -> None:
    (tmp_path / "CODEBOOK.md").write_text(f"old\n{codebook.GENERATED_NOTE}\n", encoding="utf-8")
    (tmp_path / "DATASHEET.md").write_text("x\n<!-- counts:start -->\n<!-- counts:end -->\n", encoding="utf-8")
    assert codebook.write_documents(tmp_path, check=True) == [tmp_path / "CODEBOOK.md", tmp_path / "DATASHEET.md"]
    assert (tmp_path / "CODEBOOK.md").read_text().startswith("old")
    codebook.write_documents(tmp_path)
    assert codebook.write_documents(tmp_path, check=True) == []
    assert "| `events` |" in (tmp_path / "DATASHEET.md").read_text()


def test_write_documents_never_replaces_a_codebook_it_did_not_write(tmp_path: Path) -> None:
    from sahel_dataset.core.errors import UsageError

    (tmp_path / "CODEBOOK.md").write_text("my own notes", encoding="utf-8")
    with pytest.raises(UsageError, match="not a document written by sahel-dataset"):
        codebook.write_documents(tmp_path)
    assert (tmp_path / "CODEBOOK.md").read_text() == "my own notes"


def test_citation_cff_is_valid() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors"):
        assert cff[key], key
    assert all("name" in a or "family-names" in a for a in cff["authors"])


def test_licences_exist_and_say_who_owns_the_seeds() -> None:
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    data = (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
    assert "CC-BY-4.0" in data and "copyright of their publishers" in data
    assert sorted(p.name for p in (ROOT / "seeds").iterdir() if not p.name.endswith(".txt")) == ["manifest.csv"]


def test_datasheet_answers_the_datasheet_questions() -> None:
    text = (ROOT / "DATASHEET.md").read_text(encoding="utf-8")
    for heading in (
        "Motivation",
        "Composition",
        "Collection process",
        "Known gaps and biases",
        "Discrepancies",
        "Uses",
        "Distribution",
        "Licences",
        "Maintenance",
    ):
        assert f"## {heading}" in text, heading
    assert "How to report an error" in text
