"""The events on a time axis: :func:`timeline` (a matplotlib Figure), :func:`render_timeline` (a file).

A wide focus panel covers July 2023 - September 2024 (:data:`FOCUS`); a narrow
context panel on its left holds what came before, back to the earliest start.
One row per event, in date order, titled by ``events.short_title``; colour is
the event's category (:data:`~.style.CATEGORIES`). Date uncertainty is drawn as
such: a dot for an event known to the day; a bar fading at both ends for one
known only to lie in an interval (week, month, season, year); a dotted line
ending in a bar for one known only to have happened by a date (an open start).
Outlined shapes are events announced, planned or expected, not reported as
having occurred.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .style import COLOURS, FORMATS, GRID, INK, MUTED, RC, category, check_format, pyplot, save

__all__ = ["FOCUS", "FORMATS", "render_timeline", "timeline"]

FOCUS = ("2023-07-01", "2024-09-30")
"""The focus panel's first and last day: from the coup in Niger to the end of the US withdrawal."""

_HAPPENED = {"occurred", "reported"}
_ROW = 0.25  # inches per event
_TOP, _BOTTOM = 1.6, 0.45  # inches above and below the rows


def timeline(events: Any = None, focus: tuple[str, str] = FOCUS) -> Any:
    """Draw ``events`` (a DataFrame like ``load("events")``; default: the shipped table).

    Returns a matplotlib Figure; save it with :func:`~sahel_dataset.plots.save`
    (PNG or SVG). Events with no date at all are left out and counted in the
    subtitle. In SVG each event's shapes carry its ``event_id`` as their id.

    >>> fig = timeline()
    >>> [label.get_text() for label in fig.axes[0].get_yticklabels()][-1]
    'Mid-September withdrawal deadline'
    """
    import matplotlib.dates as mdates
    import pandas as pd
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if events is None:
        from ..load import load

        events = load("events")
    ev = events.copy()
    for col in ("date_start", "date_end"):
        ev[col] = pd.to_datetime(ev[col])
    rows = ev[ev["date_start"].notna() | ev["date_end"].notna()].copy()
    undated = len(ev) - len(rows)
    rows["_known"] = rows["date_start"].notna()  # open starts first: they may reach furthest back
    rows = rows.sort_values(["_known", "date_start", "date_end", "event_id"], kind="stable").reset_index(drop=True)
    lo, hi = (pd.Timestamp(d) for d in focus)
    hi_edge = hi + pd.Timedelta(days=1)
    first = rows["date_start"].min()
    begin = min(first, lo - pd.Timedelta(days=365)) if pd.notna(first) else lo - pd.Timedelta(days=365)
    begin = pd.Timestamp(year=begin.year - 1, month=7, day=1)

    plt = pyplot()
    n = max(len(rows), 1)
    height = _TOP + _BOTTOM + _ROW * n
    with plt.rc_context(RC):
        fig = plt.figure(figsize=(10, height))
        grid = fig.add_gridspec(1, 2, width_ratios=(1, 4.2), wspace=0.03, left=0.355, right=0.975,
                                top=1 - _TOP / height, bottom=_BOTTOM / height)
        past = fig.add_subplot(grid[0])
        now = fig.add_subplot(grid[1], sharey=past)
        spans = {past: (begin, lo), now: (lo, hi_edge)}
        for y, e in rows.iterrows():
            _draw_event(spans, y, e)

        past.set_xlim(*(mdates.date2num(d) for d in spans[past]))
        now.set_xlim(*(mdates.date2num(d) for d in spans[now]))
        past.set_ylim(n - 0.5, -0.5)
        titles = rows["short_title"] if "short_title" in rows else rows["event_id"]
        past.set_yticks(range(len(rows)), [str(t) if pd.notna(t) else str(i)
                                           for t, i in zip(titles, rows["event_id"], strict=True)])
        past.tick_params(axis="y", length=0, pad=6, labelsize=9.5)
        now.tick_params(axis="y", left=False, labelleft=False)
        past.xaxis.set_major_locator(mdates.YearLocator(base=5))
        past.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        now.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
        now.xaxis.set_minor_locator(mdates.MonthLocator())
        now.xaxis.set_major_formatter(_month_formatter(lo))
        for ax in (past, now):
            ax.tick_params(axis="x", labelsize=9, colors=MUTED, top=True, labeltop=True, length=3)
            ax.grid(axis="x", which="both", color=GRID, lw=0.8, zorder=0)
            ax.set_axisbelow(True)
            for y in range(0, len(rows), 2):
                ax.axhspan(y - 0.5, y + 0.5, color="#f5f7fa", zorder=0, lw=0)
            for spine in ax.spines.values():
                spine.set_visible(False)
        past.set_facecolor("#eef1f5")  # the compressed past, set apart from the focus

        fig.text(0.02, 1 - 0.14 / height, "sahel-dataset: the events by date", ha="left", va="top",
                 fontsize=14, fontweight="bold", color=INK)
        subtitle = f"{len(rows)} events, July 2023 - September 2024 in focus"
        if undated:
            subtitle += f"; {undated} undated event{'s' if undated > 1 else ''} not shown"
        fig.text(0.02, 1 - 0.42 / height, subtitle, ha="left", va="top", fontsize=10, color=MUTED)
        present = [c for c in COLOURS if any(category(str(t)) == c for t in rows["event_type"])]
        handles = [Patch(color=COLOURS[c], label=c) for c in present] + [
            Line2D([], [], marker="o", ls="", color=MUTED, ms=6, label="on a known day"),
            Patch(color=MUTED, alpha=0.45, label="within this interval"),
            Line2D([], [], ls=":", color=MUTED, lw=1.8, marker="|", markevery=[1], ms=9,
                   label="by this date (start unknown)"),
            Patch(fill=False, ec=MUTED, ls=(0, (3, 2)), label="announced, planned, expected"),
        ]
        fig.legend(handles=handles, loc="upper left", ncols=4, frameon=False, fontsize=9,
                   bbox_to_anchor=(0.015, 1 - 0.62 / height), handlelength=1.5, columnspacing=1.1,
                   handletextpad=0.5)
    return fig


def _draw_event(spans: dict[Any, tuple[Any, Any]], y: int, e: Any) -> None:
    """One event's row on every panel whose time span it reaches."""
    import matplotlib.dates as mdates
    import pandas as pd
    from matplotlib.patches import Rectangle

    colour = COLOURS.get(category(str(e["event_type"])), "#718096")
    solid = str(e["status"]) in _HAPPENED
    start, end = e["date_start"], e["date_end"]
    one_day = pd.Timedelta(days=1)
    point = pd.notna(start) and (pd.isna(end) or end == start)
    for i, (ax, (a, b)) in enumerate(spans.items()):
        # SVG ids are unique: the event id on its first shape in the focus, `.earlier` in the context panel
        gid = str(e["event_id"]) + ("" if i == len(spans) - 1 else ".earlier")
        if point:
            if a <= start < b:
                ax.plot([start], [y], "o", ms=7.5, color=colour, mfc=colour if solid else "white", mew=1.6,
                        zorder=4, gid=gid)
        elif pd.notna(start):
            x0, x1 = mdates.date2num(start), mdates.date2num(end + one_day)
            if x1 > mdates.date2num(a) and x0 < mdates.date2num(b):
                ax.imshow(_fade(colour, solid, x1 - x0), extent=(x0, x1, y + 0.3, y - 0.3), aspect="auto",
                          interpolation="bilinear", zorder=3, gid=gid)
                if not solid:
                    ax.add_patch(Rectangle((x0, y - 0.3), x1 - x0, 0.6, fill=False, ec=colour, lw=1.1,
                                           ls=(0, (3, 2)), zorder=4))
        else:  # known only to have happened by `end`: a dotted line into the past, a bar at the end
            k = mdates.date2num(end + one_day)
            left = mdates.date2num(spans[next(iter(spans))][0])
            if k > mdates.date2num(a):
                ax.plot([left, k], [y, y], ls=(0, (1, 1.8)), lw=1.7, color=colour, zorder=3, gid=gid,
                        alpha=0.8 if solid else 0.5)
            if a <= end < b:
                ax.plot([k, k], [y - 0.32, y + 0.32], color=colour, lw=2.4, zorder=4,
                        gid=None if k > mdates.date2num(a) else gid)


def _fade(colour: str, solid: bool, days: float) -> Any:
    """An RGBA strip for an interval bar: opaque in the middle, fading at both ends
    over at most 60 days (a short interval fades over its outer thirds)."""
    import numpy as np
    from matplotlib.colors import to_rgb

    x = np.linspace(0, 1, 512)
    ramp = max(min(60.0 / max(days, 1.0), 0.34), 0.0)
    alpha = np.clip(np.minimum(0.15 + x / ramp, 0.15 + (1 - x) / ramp), 0, 1)
    rgba = np.zeros((1, x.size, 4))
    rgba[..., :3] = to_rgb(colour)
    rgba[..., 3] = alpha * (0.9 if solid else 0.35)
    return rgba


def _month_formatter(first: Any) -> Any:
    """Month ticks: ``Jul`` with the year under the first tick and under each January."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    def label(x: float, _pos: int | None = None) -> str:
        d = mdates.num2date(x)
        return f"{d:%b}\n{d:%Y}" if d.month == 1 or (d.year, d.month) == (first.year, first.month) else f"{d:%b}"

    return FuncFormatter(label)


def render_timeline(out: Path | str, events: Any = None, dpi: int = 150) -> Path:
    """Draw ``events`` (default: the shipped table) to ``out``; PNG or SVG by its suffix.

    >>> import tempfile, pathlib
    >>> text = render_timeline(pathlib.Path(tempfile.mkdtemp()) / "t.svg").read_text(encoding="utf-8")
    >>> "evt-niger-coup" in text and "Coup in Niger" in text
    True
    """
    check_format(out)
    return save(timeline(events), out, dpi=dpi)
