"""The pictures on the reader site: the figures of :mod:`sahel_dataset.plots` as SVG,
and a clickable map (:func:`inline_map`) whose dots link to the places' record pages.

No tiles, shapes or fonts are downloaded: the site works offline.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

TITLES = {"timeline": "Timeline", "troops": "Troop levels", "map": "Map"}
"""The heading of each picture of :data:`sahel_dataset.plots.PICTURES` on the site."""


def draw(folder: Path) -> dict[str, str]:
    """Draw the pictures of :mod:`sahel_dataset.plots` into ``folder`` as SVG; name -> file name.
    The map is left out: the site draws its own, whose dots link to the places' pages
    (:func:`inline_map`).

    >>> import tempfile, pathlib
    >>> sorted(draw(pathlib.Path(tempfile.mkdtemp())))
    ['timeline', 'troops']
    """
    from ..plots import PICTURES, save

    return {name: save(figure(), folder / f"{name}.svg").name for name, figure in PICTURES.items() if name != "map"}


def _point(row: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> tuple[float, float] | None:
    """A location's point: its own, else the point of the place a seed says it is near."""
    for r in (row, by_id.get(row.get("near_location_id") or "", {})):
        if r.get("latitude") is not None and r.get("longitude") is not None:
            return float(r["latitude"]), float(r["longitude"])
    return None


def inline_map(locations: list[dict[str, Any]], href: Callable[[str], str | None], width: int = 720) -> dict[str, Any]:
    """An SVG map (a string, escaped) of the located places, and the places it cannot show.

    Places sharing a point share a dot; a place whose point is that of a place it is
    near (``where_prec`` above 1) gets a dashed ring. Places far from the others
    (more than 30 degrees from their median) would squash the map: they are listed
    as ``far``, with the places that have no point as ``unlocated``.

    >>> m = inline_map([{"location_id": "loc-a", "name": "A <b>", "latitude": 13.5, "longitude": 2.1,
    ...                  "where_prec": 1}], lambda i: None)
    >>> "<svg" in m["svg"] and "A &lt;b&gt;" in m["svg"], m["unlocated"]
    (True, [])
    """
    by_id = {r["location_id"]: r for r in locations}
    placed = [(r, p) for r in locations if (p := _point(r, by_id)) is not None]
    unlocated = [r for r in locations if _point(r, by_id) is None]
    if placed:
        mid_lat = sorted(p[0] for _, p in placed)[len(placed) // 2]
        mid_lon = sorted(p[1] for _, p in placed)[len(placed) // 2]
    far = [r for r, p in placed if abs(p[0] - mid_lat) > 30 or abs(p[1] - mid_lon) > 30]
    placed = [(r, p) for r, p in placed if r not in far]
    if not placed:
        return {"svg": "", "far": far, "unlocated": unlocated}
    lats, lons = [p[0] for _, p in placed], [p[1] for _, p in placed]
    pad = max(2.0, 0.2 * max(max(lats) - min(lats), max(lons) - min(lons)))
    south, north, west, east = min(lats) - pad, max(lats) + pad, min(lons) - pad, max(lons) + pad
    squeeze = math.cos(math.radians((south + north) / 2))  # equirectangular, true to scale at mid-latitude
    # a landscape frame (16:10 at least), with room on the east for the labels
    wide = max((east - west) * 1.35, 1.6 * (north - south) / squeeze)
    west, east = west - 0.05 * wide, west + 0.95 * wide
    scale = width / ((east - west) * squeeze)
    height = round((north - south) * scale)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return round((lon - west) * squeeze * scale, 1), round((north - lat) * scale, 1)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="map" role="img" '
             f'aria-label="Map of the located places">', f'<rect width="{width}" height="{height}" class="sea"/>']
    step = next(s for s in (1, 2, 5, 10, 20) if (east - west) / s <= 8)
    for lon in range(math.ceil(west / step) * step, math.floor(east) + 1, step):
        x = xy(0, lon)[0]
        parts.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height}" class="grid"/>'
                     f'<text x="{x + 3}" y="{height - 6}" class="tick">{abs(lon)}°{"E" if lon >= 0 else "W"}</text>')
    for lat in range(math.ceil(south / step) * step, math.floor(north) + 1, step):
        y = xy(lat, 0)[1]
        parts.append(f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" class="grid"/>'
                     f'<text x="4" y="{y - 3}" class="tick">{abs(lat)}°{"N" if lat >= 0 else "S"}</text>')
    points: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for r, p in placed:
        points.setdefault(p, []).append(r)
    for (lat, lon), rows in sorted(points.items(), key=lambda kv: -kv[0][0]):
        x, y = xy(lat, lon)
        for i, r in enumerate(sorted(rows, key=lambda r: (r.get("where_prec") or 0, r["name"]))):
            label = escape(f"{r['name']} ({lat:.2f}, {lon:.2f}; where_prec {r.get('where_prec')})")
            ring = r.get("where_prec") not in (None, 1)
            shape = (f'<circle cx="{x}" cy="{y}" r="{9 + 3 * (r.get("where_prec") or 1)}" class="ring"/>' if ring
                     else f'<circle cx="{x}" cy="{y}" r="5" class="dot"/>')
            short = escape(str(r["name"]).split(" (")[0])  # "Air Base 201 (US air base near Agadez)": the title has it
            text = f'<text x="{x + 24}" y="{y + 4 + 16 * i}" class="place">{short}</text>'
            link = href(r["location_id"])
            body = f"<title>{label}</title>{shape}{text}"
            parts.append(f'<a href="{escape(link)}">{body}</a>' if link else f"<g>{body}</g>")
    parts.append("</svg>")
    return {"svg": "".join(parts), "far": far, "unlocated": unlocated}
