"""Pictures of the dataset (matplotlib), each a function returning a Figure:

- :func:`timeline`: the events on a time axis (:mod:`.timeline`);
- :func:`troop_plot`: troop numbers over time, low-high, per sender and host (:mod:`.troops`);
- :func:`places_map`: the located places with their precision (:mod:`.places`);
- :func:`save`: write a Figure to PNG or SVG.

>>> from sahel_dataset import plots
>>> path = plots.save(plots.troop_plot(), __import__("tempfile").mkdtemp() + "/troops.png")
"""

from __future__ import annotations

from ..core.deprecation import renamed
from .places import places_map
from .style import FORMATS, save
from .timeline import timeline
from .troops import troop_plot

PICTURES = {"timeline": timeline, "troops": troop_plot, "map": places_map}
"""Every picture by the name ``sahel-dataset plot NAME`` knows it."""

__getattr__ = renamed(__name__, {"troop_levels": (__name__, "troop_plot")})
"""The 0.1.x name of :func:`troop_plot`: it still works, with a ``DeprecationWarning``."""

__all__ = ["FORMATS", "PICTURES", "places_map", "save", "timeline", "troop_plot"]
