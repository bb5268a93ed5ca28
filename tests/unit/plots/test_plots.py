"""The pictures: sizes, what they show, and that they follow the data (rendered from changed tables)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from PIL import Image, ImageChops
from typer.testing import CliRunner

import sahel_dataset
from sahel_dataset import plots
from sahel_dataset.cli.app import app
from sahel_dataset.core import schema
from sahel_dataset.plots.style import CATEGORIES, category
from sahel_dataset.plots.timeline import render_timeline

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png(fig, path: Path) -> Image.Image:
    data = plots.save(fig, path).read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    return Image.open(path).convert("RGB")


def differs(a: Image.Image, b: Image.Image) -> bool:
    return a.size != b.size or ImageChops.difference(a, b).getbbox() is not None


def test_timeline_size_grows_with_the_events(tmp_path: Path) -> None:
    events = sahel_dataset.load("events")
    dated = int((events["date_start"].notna() | events["date_end"].notna()).sum())
    image = png(plots.timeline(), tmp_path / "t.png")
    assert image.size == (1500, int(150 * (1.6 + 0.45 + 0.25 * dated)))
    fewer = png(plots.timeline(events.iloc[:10]), tmp_path / "fewer.png")
    assert fewer.size[0] == 1500 and fewer.size[1] < image.size[1] - 150 * 0.25 * 25


def test_troops_and_map_sizes(tmp_path: Path) -> None:
    assert png(plots.troop_plot(), tmp_path / "troops.png").size == (1500, 840)
    assert png(plots.places_map(), tmp_path / "map.png").size == (1500, 990)


def test_timeline_follows_the_data(tmp_path: Path) -> None:
    events = sahel_dataset.load("events")
    before = png(plots.timeline(events), tmp_path / "a.png")
    moved = events.copy()
    row = moved.index[moved["event_id"] == "evt-us-niger-joint-statement"][0]
    moved.loc[row, ["date_start", "date_end"]] = pd.Timestamp("2023-11-02")
    assert differs(before, png(plots.timeline(moved), tmp_path / "b.png"))
    retitled = events.copy()
    retitled.loc[row, "short_title"] = "A different title"
    svg = render_timeline(tmp_path / "c.svg", retitled).read_text(encoding="utf-8")
    assert "A different title" in svg and "US-Niger joint statement" not in svg


def test_troops_follow_the_data(tmp_path: Path) -> None:
    levels = sahel_dataset.troop_view()
    before = png(plots.troop_plot(levels), tmp_path / "a.png")
    changed = levels.copy()
    row = changed.index[changed["count_best"].notna()][0]
    changed.loc[row, ["count_low", "count_best", "count_high"]] = [300, 400, 500]
    assert differs(before, png(plots.troop_plot(changed), tmp_path / "b.png"))


def test_map_follows_the_data(tmp_path: Path) -> None:
    locations = sahel_dataset.load("locations")
    before = png(plots.places_map(locations), tmp_path / "a.png")
    moved = locations.copy()
    row = moved.index[moved["location_id"] == "loc-agadez"][0]
    moved.loc[row, "latitude"] = 18.7
    assert differs(before, png(plots.places_map(moved), tmp_path / "b.png"))
    text = plots.save(plots.places_map(locations), tmp_path / "m.svg").read_text(encoding="utf-8")
    for name in locations.loc[locations["latitude"].isna(), "name"]:  # listed, never placed
        assert name in text


def test_same_data_same_bytes(tmp_path: Path) -> None:
    a = plots.save(plots.troop_plot(), tmp_path / "a.svg").read_bytes()
    b = plots.save(plots.troop_plot(), tmp_path / "b.svg").read_bytes()
    assert a == b


def test_svg_timeline_names_every_dated_event(tmp_path: Path) -> None:
    events = sahel_dataset.load("events")
    text = render_timeline(tmp_path / "t.svg").read_text(encoding="utf-8")
    dated = events[events["date_start"].notna() | events["date_end"].notna()]
    for _, e in dated.iterrows():
        assert f'id="{e["event_id"]}' in text, e["event_id"]
        assert str(e["short_title"]) in text
    undated = len(events) - len(dated)
    assert f"{undated} undated event" in text


def test_every_event_type_has_a_category() -> None:
    types = schema.table("events").field("event_type").enum
    assert {category(t) for t in types} <= set(CATEGORIES)
    assert sorted(t for ts in CATEGORIES.values() for t in ts) == sorted(types)


def test_every_event_has_a_short_title() -> None:
    titles = sahel_dataset.load("events")["short_title"]
    assert titles.notna().all() and titles.str.len().max() <= 40 and titles.is_unique


@pytest.mark.parametrize("name", ["timeline", "troops", "map"])
def test_cli_plot_writes_png_and_svg(tmp_path: Path, name: str) -> None:
    for suffix in (".png", ".svg"):
        result = CliRunner().invoke(app, ["plot", name, "--out", str(tmp_path / f"p{suffix}")])
        assert result.exit_code == 0, result.output
        assert (tmp_path / f"p{suffix}").stat().st_size > 5_000


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    for args in (["plot", "map", "--out", str(tmp_path / "m.gif")], ["timeline", "--out", str(tmp_path / "t.gif")]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2 and "unsupported format" in result.output
    assert not list(tmp_path.iterdir())
    with pytest.raises(ValueError, match="unsupported format"):
        render_timeline(tmp_path / "t.gif")
