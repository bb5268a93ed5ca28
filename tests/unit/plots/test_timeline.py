"""`sahel-dataset timeline` draws the shipped events to PNG or SVG."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import sahel_dataset
from sahel_dataset.cli.app import app
from sahel_dataset.plots.timeline import render_timeline

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_png_from_the_shipped_data(tmp_path: Path) -> None:
    from PIL import Image

    result = CliRunner().invoke(app, ["timeline", "--out", str(tmp_path / "t.png")])
    assert result.exit_code == 0, result.output
    data = (tmp_path / "t.png").read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000
    width, height = Image.open(tmp_path / "t.png").size
    assert width >= 1000 and height >= 300
    # one row per event: more events, a taller picture
    n = len(sahel_dataset.load("events"))
    assert height > 60 * n


def test_svg_contains_every_event_and_type(tmp_path: Path) -> None:
    events = sahel_dataset.load("events")
    text = render_timeline(tmp_path / "t.svg").read_text(encoding="utf-8")
    dated = events[events["date_start"].notna()]
    for event_id in dated["event_id"]:
        assert event_id in text
    for event_type in dated["event_type"].dropna().unique():
        assert str(event_type) in text
    undated = len(events) - len(dated)
    if undated:  # undated events cannot sit on a time axis; the caption says how many
        assert f"{undated} undated event(s) not shown" in text


def test_ranges_are_bars_and_days_are_points(tmp_path: Path) -> None:
    import pandas as pd

    events = pd.DataFrame(
        {
            "event_id": ["evt-a", "evt-b", "evt-c"],
            "event_type": ["coup", "protest", "coup"],
            "date_text": ["on Monday", "in July", None],
            "date_start": pd.to_datetime(["2024-01-01", "2023-07-01", None]),
            "date_end": pd.to_datetime(["2024-01-01", "2023-07-31", None]),
            "date_precision": ["day", "month", None],
        }
    )
    text = render_timeline(tmp_path / "t.svg", events).read_text(encoding="utf-8")
    assert "evt-a" in text and "evt-b" in text and "evt-c" not in text
    assert "1 undated event(s) not shown" in text


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["timeline", "--out", str(tmp_path / "t.gif")])
    assert result.exit_code == 2
    with pytest.raises(ValueError, match="unsupported format"):
        render_timeline(tmp_path / "t.gif")
