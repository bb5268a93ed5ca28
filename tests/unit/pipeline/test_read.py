"""pipeline/read.py: every curated file, the package metadata too, goes through one reader and a schema."""

from __future__ import annotations

import pytest

from sahel_dataset.core.errors import DataError
from sahel_dataset.pipeline.read import read_metadata
from sahel_dataset.project import Project


@pytest.mark.invariant
def test_the_committed_metadata_is_valid(project: Project) -> None:
    meta = read_metadata(project)
    assert meta["name"] == "sahel-dataset" and meta["licenses"]


@pytest.mark.parametrize(("old", "new", "field", "line"), [
    ("title: ", "titel: ", "titel", 4),  # a typo is an unknown key, not silently dropped
    ("name: sahel-dataset", "name: Sahel Dataset", "name", 2),  # the Data Package name rule
    ('T00:00:00Z"', '"', "created", 13),  # a date, not the quoted date-time (whatever the release date)
])
def test_bad_metadata_names_file_line_and_field(project_copy: Project, old: str, new: str, field: str,
                                                line: int) -> None:
    path = project_copy.data / "datapackage.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as e:
        read_metadata(project_copy)
    found = [(p.file, p.line) for p in e.value.problems if p.field == field]
    assert found == [("data/datapackage.yaml", line)], [str(p) for p in e.value.problems]
