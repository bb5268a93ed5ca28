"""Pictures of the dataset (matplotlib), each a function returning a Figure:

- :func:`timeline`: the events on a time axis (:mod:`.timeline`);
- :func:`troop_levels`: troop numbers over time, low-high, per sender and host (:mod:`.troops`);
- :func:`places_map`: the located places with their precision (:mod:`.places`);
- :func:`save`: write a Figure to PNG or SVG.

>>> from sahel_dataset import plots
>>> path = plots.save(plots.troop_levels(), __import__("tempfile").mkdtemp() + "/troops.png")
"""

from __future__ import annotations

from .places import places_map
from .style import FORMATS, save
from .timeline import timeline
from .troops import troop_levels

PICTURES = {"timeline": timeline, "troops": troop_levels, "map": places_map}
"""Every picture by the name ``sahel-dataset plot NAME`` knows it."""

__all__ = ["FORMATS", "PICTURES", "places_map", "save", "timeline", "troop_levels"]
