"""curation/records.py: citations that resolve to their own span, and curated-file YAML."""

from __future__ import annotations

import yaml

from sahel_dataset import load
from sahel_dataset.curation.records import appended, cite, dump_draft, dump_records
from sahel_dataset.curation.workspace import shipped_workspace


def test_every_shipped_evidence_span_can_be_cited_back() -> None:
    ws = shipped_workspace()
    files = load("sources").set_index("source_id")["file"]
    for row in ws.tables["evidence"]:
        seed = files[row["source_id"]]
        c = cite(seed, ws.seeds[seed], row["start"], row["end"])
        assert c["quote"] == row["text"] and c["seed"] == seed


def test_a_repeated_quote_carries_its_occurrence() -> None:
    text = "US left. US stayed. Then US."
    starts = [i for i in range(len(text)) if text.startswith("US", i)]
    cited = [cite("a.txt", text, i, i + 2, field="summary") for i in starts]
    assert [c.get("occurrence") for c in cited] == [1, 2, 3]
    assert all(c["field"] == "summary" for c in cited)
    assert "occurrence" not in cite("a.txt", text, 3, 7)  # 'left' occurs once


def test_dumped_records_read_back_equal_and_appending_keeps_every_byte() -> None:
    records = load("events").head(3).astype(object).where(lambda f: f.notna(), None).to_dict("records")
    records = [{k: (str(v) if v is not None and not isinstance(v, str | int | float | bool) else v)
                for k, v in r.items()} for r in records]
    text = dump_records("events", records)
    assert yaml.safe_load(text) == records
    existing = "# a comment kept as is\n- event_id: evt-kept"
    assert appended(existing, "events", records).startswith(existing + "\n")
    assert appended(existing, "events", []) == existing
    assert yaml.safe_load(dump_draft({"events": records, "quotes": []})) == {"events": records}
