"""The located places and how precisely each is known: :func:`places_map` (a matplotlib Figure).

Only coordinates from the ``locations`` table are drawn, on a plain longitude /
latitude grid (no downloaded tiles or shapes). A place known exactly
(``where_prec`` 1) is a dot; one known to within about 25 km (``where_prec`` 2)
is a dashed circle of that radius. Places far from the others (Washington) get
a small panel of their own. Places named only as a whole country or a region
have no point in the data; they are listed under the map, never guessed.
"""

from __future__ import annotations

from typing import Any

from .style import GRID, INK, MUTED, RC, pyplot

__all__ = ["places_map"]

RADIUS_KM = {1: 0.0, 2: 25.0}
"""The uncertainty radius drawn for each ``where_prec`` code that has a point."""

_KM_PER_DEGREE = 111.32
_NEAR = 30.0  # degrees: places farther than this from the main cluster get their own panel
_COLOURS = {1: "#2b6cb0", 2: "#c05621"}


def places_map(locations: Any = None, events: Any = None, deployments: Any = None) -> Any:
    """Draw ``locations`` (default: the shipped table), each label with how many events
    and deployments name the place (from ``events`` and ``deployments``, default shipped).

    Returns a matplotlib Figure; save it with :func:`~sahel_dataset.plots.save`.

    >>> fig = places_map()
    >>> any("Niamey" in t.get_text() for t in fig.axes[0].texts)
    True
    """
    import math

    import pandas as pd
    from matplotlib.lines import Line2D
    from matplotlib.patches import Ellipse

    from ..load import load

    loc = load("locations") if locations is None else locations.copy()
    events = load("events") if events is None else events
    deployments = load("deployments") if deployments is None else deployments
    named = pd.concat([events["location_id"], deployments["location_id"]]).dropna().value_counts()
    points = loc[loc["latitude"].notna() & loc["longitude"].notna()].copy()
    points["lat"], points["lon"] = points["latitude"].astype(float), points["longitude"].astype(float)
    if len(points):
        centre = points.groupby(["lat", "lon"]).size().idxmax()
        far = ((points["lat"] - centre[0]) ** 2 + (points["lon"] - centre[1]) ** 2) ** 0.5 > _NEAR
    else:
        far = pd.Series(dtype=bool)
    groups = [g for g in (points[~far], points[far]) if len(g)]

    plt = pyplot()
    with plt.rc_context(RC):
        fig = plt.figure(figsize=(10, 6.6))
        widths = [3.3, 1][: len(groups)] or [1]
        grid = fig.add_gridspec(1, len(widths), width_ratios=widths, wspace=0.12, left=0.06, right=0.98,
                                top=0.83, bottom=0.25)
        axes = [fig.add_subplot(grid[i]) for i in range(len(widths))]
        for ax, group in zip(axes, groups, strict=False):
            pad = 4.0 if ax is axes[0] else 3.0
            lat0, lat1 = group["lat"].min() - pad, group["lat"].max() + pad
            lon0, lon1 = group["lon"].min() - pad * 1.6, group["lon"].max() + pad * 1.6
            ax.set_xlim(lon0, lon1)
            ax.set_ylim(lat0, lat1)
            ax.set_aspect(1 / math.cos(math.radians((lat0 + lat1) / 2)))  # a degree of longitude is shorter
            step = 5 if ax is axes[0] else 4
            ax.set_xticks([x for x in range(-180, 181, step) if lon0 <= x <= lon1])
            ax.set_yticks([y for y in range(-90, 91, step) if lat0 <= y <= lat1])
            ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: _degrees(v, "E", "W")))
            ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: _degrees(v, "N", "S")))
            ax.grid(color=GRID, lw=0.8)
            ax.set_axisbelow(True)
            ax.tick_params(colors=MUTED, labelsize=8.5, length=0)
            for spine in ax.spines.values():
                spine.set_color(GRID)
            ax.set_facecolor("#fbfcfd")
            if ax is axes[0]:
                _scale_bar(ax, lon0, lat0, 200)
            for (lat, lon), here in group.groupby(["lat", "lon"], sort=True):
                here = here.sort_values(["where_prec", "location_id"])
                for _, p in here.iterrows():
                    prec = int(p["where_prec"])
                    km = RADIUS_KM.get(prec, 0.0)
                    colour = _COLOURS.get(prec, MUTED)
                    if km:
                        dlat = km / _KM_PER_DEGREE
                        dlon = dlat / math.cos(math.radians(lat))
                        ax.add_patch(Ellipse((lon, lat), 2 * dlon, 2 * dlat, fill=True, fc=colour, alpha=0.12,
                                             ec="none", zorder=2, gid=str(p["location_id"])))
                        ax.add_patch(Ellipse((lon, lat), 2 * dlon, 2 * dlat, fill=False, ec=colour, lw=1.3,
                                             ls=(0, (3, 2)), zorder=3))
                    else:
                        ax.plot([lon], [lat], "o", ms=7, color=colour, zorder=4, gid=str(p["location_id"]))
                lines = []
                for _, p in here.iterrows():
                    count = int(named.get(p["location_id"], 0))
                    extra = f" · {count} record{'s' if count != 1 else ''}" if count else ""
                    kind = str(p["location_type"]).replace("_", " ")
                    lines.append((f"{_short(str(p['name']))}", f"{kind}{extra}"))
                # beside the point on the big map; under it in a small panel, where there is no room
                dx, dy, ha = (12, 6, "left") if ax is axes[0] else (0, -16, "center")
                for i, (name, detail) in enumerate(lines):
                    ax.annotate(name, (lon, lat), xytext=(dx, dy - 24 * i), textcoords="offset points", ha=ha,
                                va="center", fontsize=10.5, fontweight="bold", color=INK, zorder=5)
                    ax.annotate(detail, (lon, lat), xytext=(dx, dy - 12 - 24 * i), textcoords="offset points",
                                ha=ha, va="center", fontsize=8.5, color=MUTED, zorder=5)
        if len(axes) > 1:
            axes[1].set_title("far away", loc="left", fontsize=9, color=MUTED)
        fig.text(0.02, 0.975, "sahel-dataset: the places with coordinates", ha="left", va="top", fontsize=14,
                 fontweight="bold")
        fig.text(0.02, 0.925, f"{len(points)} of {len(loc)} places have coordinates in the locations table; "
                 "a plain longitude/latitude grid, no tiles or borders; records: events and deployments there.",
                 ha="left", va="top", fontsize=9.5,
                 color=MUTED)
        handles = [
            Line2D([], [], marker="o", ls="", color=_COLOURS[1], ms=7, label="exact place (where_prec 1)"),
            Line2D([], [], marker="o", ls="", mfc="none", mec=_COLOURS[2], ms=11, mew=1.3,
                   label="within about 25 km (where_prec 2)"),
        ]
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.015, 0.9), ncols=2, frameon=False,
                   fontsize=9.5)
        unplaced = loc.drop(points.index)
        notes = []
        for prec, group in unplaced.groupby("where_prec", sort=True):
            label = {6: "whole countries", 7: "regions spanning countries"}.get(int(prec), f"where_prec {prec}")
            notes.append(f"{label}: " + ", ".join(sorted(map(str, group["name"]))))
        if notes:
            fig.text(0.02, 0.17, "Named in the data without a point (drawn nowhere rather than guessed):",
                     ha="left", va="top", fontsize=9.5, color=INK, fontweight="bold")
            fig.text(0.02, 0.13, "\n".join(notes), ha="left", va="top", fontsize=9.5, color=MUTED, linespacing=1.6)
    return fig


def _short(name: str) -> str:
    """A place's name without its parenthesised gloss.

    >>> _short("Air Base 201 (US air base near Agadez)")
    'Air Base 201'
    """
    return name.split(" (")[0]


def _scale_bar(ax: Any, lon0: float, lat0: float, km: float) -> None:
    """A bar ``km`` long near the lower left corner, so that the 25 km circles can be read."""
    import math

    lat = lat0 + 0.8
    dlon = km / (_KM_PER_DEGREE * math.cos(math.radians(lat)))
    x = lon0 + 0.8
    ax.plot([x, x + dlon], [lat, lat], color=INK, lw=2, solid_capstyle="butt")
    ax.text(x + dlon / 2, lat + 0.25, f"{km:g} km", ha="center", va="bottom", fontsize=8.5, color=INK)


def _degrees(value: float, positive: str, negative: str) -> str:
    """A graticule label.

    >>> _degrees(5, "E", "W"), _degrees(-77, "E", "W"), _degrees(0, "N", "S")
    ('5°E', '77°W', '0°')
    """
    return f"{abs(value):g}°{positive if value > 0 else negative if value < 0 else ''}"
