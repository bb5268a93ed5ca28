"""Draw the events on a time axis: ``sahel-dataset timeline --out timeline.png``.

One row per event, sorted by date, so labels never overlap. An event known to the
day is a dot; an event known only to a week, month, season or year is a bar from
``date_start`` to ``date_end``. Colour shows the event type. matplotlib runs with
its non-interactive Agg backend and is imported only when drawing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FORMATS = (".png", ".svg")


def render_timeline(out: Path | str, events: Any = None, dpi: int = 150) -> Path:
    """Draw ``events`` (default: the shipped table) to ``out``; PNG or SVG by its suffix.

    Events without a start date are left out and counted in the caption.

    >>> import tempfile, pathlib
    >>> path = render_timeline(pathlib.Path(tempfile.mkdtemp()) / "t.svg")
    >>> "evt-niger-coup" in path.read_text()
    True
    """
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise ValueError(f"unsupported format {out.suffix!r}; use one of {', '.join(FORMATS)}")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    import pandas as pd
    from matplotlib.lines import Line2D

    from ..load import load

    if events is None:
        events = load("events")
    dated = events[events["date_start"].notna()].copy()
    undated = len(events) - len(dated)
    dated["date_end"] = dated["date_end"].fillna(dated["date_start"])
    dated = dated.sort_values(["date_start", "date_end", "event_id"], kind="stable").reset_index(drop=True)

    types = sorted({str(t) for t in dated["event_type"].dropna()})
    # tab20 alone repeats colours past 20 types; with tab20b each type keeps its own up to 40.
    palette = [*plt.get_cmap("tab20").colors, *plt.get_cmap("tab20b").colors]
    colour = {t: palette[i % len(palette)] for i, t in enumerate(types)}

    n = max(len(dated), 1)
    with plt.rc_context({"svg.fonttype": "none", "font.size": 9}):
        fig, ax = plt.subplots(figsize=(11, 1.6 + 0.42 * n + 0.25 * len(types) / 3), layout="constrained")
        one_day = pd.Timedelta(days=1)
        for y, ev in dated.iterrows():
            c = colour.get(str(ev["event_type"]), "grey")
            start, end = ev["date_start"], ev["date_end"]
            precise = str(ev["date_precision"]) == "day" or start == end
            if precise:
                ax.plot([start], [y], "o", color=c, markersize=7, zorder=3)
                right = start
            else:
                ax.barh(
                    y,
                    (end + one_day) - start,
                    left=start,
                    height=0.5,
                    color=c,
                    alpha=0.55,
                    edgecolor=c,
                    linewidth=1.2,
                    zorder=2,
                )
                right = end + one_day
            text = str(ev["date_text"]) if pd.notna(ev["date_text"]) else ""
            # A long time expression would run off the picture; the table keeps it whole.
            words = f"{text[:37] + '…' if len(text) > 38 else text}, " if text else ""
            note = f"{words}{ev['date_precision']}" if pd.notna(ev["date_precision"]) else words.rstrip(", ")
            ax.annotate(
                note, (right, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=7.5, color="#555555"
            )
        ax.set_yticks(range(len(dated)), [str(e) for e in dated["event_id"]])
        ax.set_ylim(len(dated) - 0.5, -0.5)
        if len(dated):
            lo, hi = dated["date_start"].min(), (dated["date_end"].max() + one_day)
            pad = max((hi - lo) * 0.04, pd.Timedelta(days=10))
            ax.set_xlim(lo - pad, hi + max((hi - lo) * 0.2, pd.Timedelta(days=60)))  # room for the date words
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(axis="x", color="#dddddd", zorder=0)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        caption = "dot: known to the day; bar: date range (week, month, season or year)"
        if undated:
            caption += f"; {undated} undated event(s) not shown"
        ax.set_title(f"sahel-dataset: {len(dated)} events by date\n{caption}", fontsize=10, loc="left")
        handles = [Line2D([], [], marker="s", linestyle="", color=colour[t], markersize=9, label=t) for t in types]
        fig.legend(
            handles=handles,
            title="event_type",
            loc="outside lower center",
            ncols=min(4, max(1, len(types))),
            frameon=False,
            fontsize=8,
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out, dpi=dpi, metadata={"Software": None} if out.suffix.lower() == ".png" else {"Date": None})
        plt.close(fig)
    return out
