"""Pictures of the dataset (matplotlib), each a function returning a Figure:

- :func:`timeline`: the events on a time axis (:mod:`.timeline`);
- :func:`troop_plot`: troop numbers over time, low-high, per sender and host (:mod:`.troops`);
- :func:`places_map`: the located places with their precision (:mod:`.places`);
- :func:`save`: write a Figure to PNG or SVG.

>>> from sahel_dataset import plots
>>> path = plots.save(plots.troop_plot(), __import__("tempfile").mkdtemp() + "/troops.png")

Without matplotlib, importing this package raises
:class:`~sahel_dataset.utils.extras.MissingExtra` (an ImportError) whose one line
names the extra: ``matplotlib is not installed: pip install "sahel-dataset[plot]"``.
"""

from __future__ import annotations

from ..core.deprecation import renamed
from ..utils.extras import require

require("matplotlib", "plot")  # before any submodule: one line naming the extra, not a deep traceback

from .places import places_map  # noqa: E402
from .style import FORMATS, save  # noqa: E402
from .timeline import timeline  # noqa: E402
from .troops import troop_plot  # noqa: E402

PICTURES = {"timeline": timeline, "troops": troop_plot, "map": places_map}
"""Every picture by the name ``sahel-dataset plot NAME`` knows it."""

__getattr__ = renamed(__name__, {"troop_levels": (__name__, "troop_plot")})
"""The 0.1.x name of :func:`troop_plot`: it still works, with a ``DeprecationWarning``."""

__all__ = ["FORMATS", "PICTURES", "places_map", "save", "timeline", "troop_plot"]
