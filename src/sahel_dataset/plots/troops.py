"""Troop levels over time, per sender and host: :func:`troop_plot` (a matplotlib Figure).

Drawn from :func:`sahel_dataset.troop_view` (one row per sender, host and month,
reconciling the statements). Each row is a vertical bar from its low to its high
count, with a dot at the best count, spanning its reference dates horizontally;
an open-ended count ("more than 1,000") is an arrow upwards. The words the
sources use are written beside each bar. Rows that give no number ("a small
contingent") sit in a strip below, with their words. The count axis is
logarithmic, so that two dozen and a thousand are both legible.
"""

from __future__ import annotations

from typing import Any

from .style import GRID, INK, MUTED, RC, pyplot

__all__ = ["troop_plot"]

SENDER_COLOURS = ("#2b6cb0", "#c53030", "#2f855a", "#6b46c1", "#b7791f")
HOST_MARKERS = ("o", "s", "D", "^", "v")


def troop_plot(levels: Any = None) -> Any:
    """Draw ``levels`` (a DataFrame like :func:`sahel_dataset.troop_view`; default: the shipped data).

    Returns a matplotlib Figure; save it with :func:`~sahel_dataset.plots.save`.

    >>> fig = troop_plot()
    >>> fig.axes[0].get_yscale(), sorted(t.get_text() for t in fig.axes[0].get_legend().get_texts())[0]
    ('log', 'Russia in Niger')
    """
    import matplotlib.dates as mdates
    import pandas as pd
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FixedLocator, NullLocator

    if levels is None:
        from ..views import troop_view as view

        levels = view()
    lv = levels.copy()
    for col in ("as_of_start", "as_of_end"):
        lv[col] = pd.to_datetime(lv[col])
    # the best-attested sender first, so that it gets the first colour
    weight = lv.groupby("sender", sort=False)["statements"].sum().sort_values(ascending=False, kind="stable")
    senders = list(weight.index)
    series = sorted(dict.fromkeys(zip(lv["sender"], lv["host"], strict=True)),
                    key=lambda sh: (senders.index(sh[0]), sh[1]))
    hosts = list(dict.fromkeys(lv["host"]))
    colour = {s: SENDER_COLOURS[i % len(SENDER_COLOURS)] for i, s in enumerate(senders)}
    marker = {h: HOST_MARKERS[i % len(HOST_MARKERS)] for i, h in enumerate(hosts)}
    numbered = lv[lv["count_low"].notna() | lv["count_best"].notna()]
    vague = lv.drop(numbered.index)
    vague_series = len(set(zip(vague["sender"], vague["host"], strict=True)))

    plt = pyplot()
    with plt.rc_context(RC):
        fig = plt.figure(figsize=(10, 5.6))
        grid = fig.add_gridspec(2, 1, height_ratios=(5, 0.3 + 0.5 * max(vague_series, 1)), hspace=0.06,
                                left=0.08, right=0.95, top=0.80, bottom=0.1)
        ax = fig.add_subplot(grid[0])
        strip = fig.add_subplot(grid[1], sharex=ax)
        one_day = pd.Timedelta(days=1)
        top = 3000.0
        for sender, host in series:
            c, m = colour[sender], marker[host]
            rows = numbered[(numbered["sender"] == sender) & (numbered["host"] == host)].sort_values("as_of_start")
            mids = []
            for _, r in rows.iterrows():
                x0, x1 = mdates.date2num(r["as_of_start"]), mdates.date2num(r["as_of_end"] + one_day)
                mid = (x0 + x1) / 2
                low = float(r["count_low"]) if pd.notna(r["count_low"]) else float(r["count_best"])
                high = float(r["count_high"]) if pd.notna(r["count_high"]) else None
                best = float(r["count_best"]) if pd.notna(r["count_best"]) else None
                if high is None:  # open-ended: "more than N"
                    ax.annotate("", xy=(mid, low * 1.9), xytext=(mid, low),
                                arrowprops={"arrowstyle": "-|>", "color": c, "lw": 2.2, "mutation_scale": 14})
                else:
                    ax.plot([mid, mid], [low, high], color=c, lw=6, alpha=0.35, solid_capstyle="butt")
                ax.plot([x0, x1], [best or low] * 2, color=c, lw=1.2, alpha=0.6)
                ax.plot([mid], [best or low], marker=m, ms=8, color=c, mfc=c if best else "white", mew=1.8,
                        zorder=4, ls="")
                words = _words(r["count_phrases"])
                if high is None:  # above the arrow, out of the way of the next month's label
                    ax.annotate(words, (mid, low * 1.9), xytext=(0, 5), textcoords="offset points", fontsize=9,
                                color=INK, ha="center", va="bottom")
                else:
                    ax.annotate(words, (mid, best or low), xytext=(9, -1), textcoords="offset points", fontsize=9,
                                color=INK, va="center")
                mids.append((mid, best or low))
            if len(mids) > 1:
                ax.plot(*zip(*mids, strict=True), color=c, lw=1, ls=(0, (2, 3)), alpha=0.5, zorder=1)
        start = lv["as_of_start"].min() - pd.Timedelta(days=20)
        end = lv["as_of_end"].max() + pd.Timedelta(days=45)
        unnumbered = [sh for sh in series if ((vague["sender"] == sh[0]) & (vague["host"] == sh[1])).any()]
        for i, (sender, host) in enumerate(unnumbered):
            strip.text(0.005, i - 0.28, f"{sender} in {host}", transform=strip.get_yaxis_transform(), fontsize=8.5,
                       color=MUTED, va="bottom")
            rows = vague[(vague["sender"] == sender) & (vague["host"] == host)]
            for _, r in rows.iterrows():
                x0, x1 = mdates.date2num(r["as_of_start"]), mdates.date2num(r["as_of_end"] + one_day)
                mid = (x0 + x1) / 2
                strip.plot([x0, x1], [i + 0.12] * 2, color=colour[sender], lw=1.2, alpha=0.6)
                strip.plot([mid], [i + 0.12], marker=marker[host], ms=7, color=colour[sender], mfc="white",
                           mew=1.6, ls="")
                words = _words(r["count_phrases"]) or f"{r['personnel_kinds']} (no count)"
                late = mid > mdates.date2num(start + (end - start) * 0.7)
                strip.annotate(words, (mid, i + 0.12), xytext=(-9 if late else 9, 0), textcoords="offset points",
                               fontsize=9, color=INK, va="center", ha="right" if late else "left")
        ax.set_yscale("log")
        ax.set_ylim(8, top)
        ticks = [10, 25, 50, 100, 250, 500, 1000, 2500]
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: f"{v:,.0f}"))
        ax.set_ylabel("personnel (log scale)", color=MUTED)
        ax.set_xlim(mdates.date2num(start), mdates.date2num(end))
        ax.xaxis.set_major_locator(mdates.MonthLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax.tick_params(axis="x", labelbottom=False)
        strip.set_ylim(max(len(unnumbered), 1) - 0.5, -0.5)
        strip.set_yticks([])
        strip.set_ylabel("no number\ngiven", color=MUTED, fontsize=9)
        for a in (ax, strip):
            a.grid(axis="x", color=GRID, lw=0.8)
            a.set_axisbelow(True)
            for side in ("top", "right"):
                a.spines[side].set_visible(False)
            a.tick_params(colors=MUTED)
        ax.grid(axis="y", color=GRID, lw=0.8)
        strip.spines["left"].set_visible(False)
        strip.tick_params(axis="x", labelsize=9.5)
        handles = [Line2D([], [], color=colour[s], marker=marker[h], ls="", ms=8, label=f"{s} in {h}")
                   for s, h in series]
        ax.legend(handles=handles, loc="upper right", frameon=False, fontsize=9.5)
        fig.text(0.015, 0.975, "sahel-dataset: troop levels as the sources state them", ha="left", va="top",
                 fontsize=14, fontweight="bold")
        fig.text(0.015, 0.91, "bar: low to high count across the statements of a month; dot: best count "
                 "(hollow: none); arrow: open-ended (\u201cmore than\u201d);\nhorizontal line: the dates the "
                 "count refers to; words: the sources' own.", ha="left", va="top", fontsize=9, color=MUTED)
    return fig


def _words(phrases: Any) -> str:
    """The sources' words for a count, each phrase once (case aside), at most three.

    >>> _words("Many; more than 1,000; Over 1,000; over 1,000")
    'Many; more than 1,000; Over 1,000'
    """
    if not isinstance(phrases, str) or not phrases:
        return ""
    seen: dict[str, str] = {}
    for p in phrases.split("; "):
        seen.setdefault(p.lower(), p)
    return "; ".join(list(seen.values())[:3])
