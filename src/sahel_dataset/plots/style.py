"""What the pictures share: event categories and their colours, fonts, and saving.

matplotlib is imported only when a picture is drawn, with its non-interactive Agg
backend, so importing :mod:`sahel_dataset.plots` costs nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FORMATS = (".png", ".svg")
"""The picture formats, by file suffix."""

CATEGORIES: dict[str, tuple[str, ...]] = {
    "military": (
        "troop_withdrawal", "withdrawal_planning", "base_handover", "base_closure", "base_construction",
        "deployment_arrival", "equipment_delivery", "military_operations", "military_assistance", "expulsion_order",
    ),
    "diplomatic": (
        "agreement_made", "agreement_terminated", "renegotiation_failed", "talks", "talks_expected",
        "joint_statement", "delegation_visit", "diplomatic_meeting", "diplomatic_effort", "alliance_formed",
        "membership_exited", "condemnation", "aid_suspension",
    ),
    "political": ("coup", "coup_designation", "protest", "realignment", "policy_review"),
    "security": ("militant_activity",),
}
"""Each event category and the ``events.event_type`` values in it: who acts and how.
*military*, foreign forces and their bases; *diplomatic*, states and organisations
dealing with each other; *political*, who rules and which way a state turns;
*security*, non-state armed groups. Every value of the taxonomy has one category."""

COLOURS = {"military": "#2b6cb0", "diplomatic": "#2f855a", "political": "#b83280", "security": "#c05621"}
"""One colour per category (distinct for common colour-vision deficiencies in hue and lightness)."""

INK, MUTED, GRID = "#1a202c", "#5a6475", "#e3e7ee"

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": INK,
    "text.color": INK,
    "svg.fonttype": "none",  # text stays text in SVG: searchable, and selectable in a browser
    "svg.hashsalt": "sahel-dataset",  # stable ids: the same data gives the same SVG
    "image.composite_image": False,  # one SVG image per bar, each keeping its event id
}


def category(event_type: str) -> str:
    """The category of an event type.

    >>> category("coup"), category("troop_withdrawal"), category("something new")
    ('political', 'military', 'other')
    """
    return next((name for name, types in CATEGORIES.items() if event_type in types), "other")


def pyplot() -> Any:
    """matplotlib's pyplot on the Agg backend (no window, same pixels everywhere)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def check_format(out: Path | str) -> Path:
    """``out`` as a Path, if its suffix is a picture format; else :class:`ValueError`.

    >>> check_format("docs/map.svg").name
    'map.svg'
    >>> check_format("map.gif")
    Traceback (most recent call last):
    ...
    ValueError: unsupported format '.gif'; use one of .png, .svg
    """
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise ValueError(f"unsupported format {out.suffix!r}; use one of {', '.join(FORMATS)}")
    return out


SOFTWARE = "sahel-dataset"
"""What every picture names as its software (PNG) or creator (SVG): how the next
``plot --out`` recognises a picture of its own that it may replace."""


def is_picture(path: Path) -> bool:
    """Whether ``path`` is a picture this tool wrote (it names :data:`SOFTWARE` in its first 4 KB).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "mine.png"
    >>> _ = p.write_bytes(b"\\x89PNG holiday photo")
    >>> is_picture(p)
    False
    """
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    if head.startswith(b"\x89PNG"):
        return b"tEXtSoftware\x00" + SOFTWARE.encode() in head
    return head.startswith(b"<?xml") and f"<dc:title>{SOFTWARE}</dc:title>".encode() in head


def save(fig: Any, out: Path | str, dpi: int = 150, project_root: Path | None = None) -> Path:
    """Write ``fig`` to ``out`` (PNG or SVG by its suffix) atomically, and close it.

    No date or software version goes into the file, so the same data and library
    give the same bytes. ``out`` goes through the output guard
    (:func:`~sahel_dataset.utils.outputs.check_file_output`): it may replace only a
    picture this tool wrote (:func:`is_picture`), and its folder must exist.

    >>> import tempfile
    >>> fig = pyplot().figure(figsize=(2, 1))
    >>> path = save(fig, Path(tempfile.mkdtemp()) / "empty.svg")
    >>> path.read_text(encoding="utf-8").startswith("<?xml")
    True
    """
    import io

    from ..errors import UsageError
    from ..utils.atomic import atomic_write
    from ..utils.outputs import check_file_output

    out = check_format(out)
    check_file_output(out, project_root, is_picture, "a picture")
    png = out.suffix.lower() == ".png"
    buf = io.BytesIO()
    with pyplot().rc_context(RC):
        fig.savefig(buf, format=out.suffix.lower()[1:], dpi=dpi,
                    metadata={"Software": SOFTWARE} if png else {"Date": None, "Creator": SOFTWARE})
    pyplot().close(fig)
    try:
        atomic_write(out, buf.getvalue())
    except OSError as e:
        raise UsageError(f"cannot write {out}: {e.strerror or e}") from e
    return out
