"""The maintainer's API: build, validate and release the dataset from a checkout.

Data users need none of this (see :mod:`sahel_dataset`: ``load``, ``describe``, the views).
These are the library calls behind ``sahel-dataset build``, ``validate`` and ``release``;
importing this module imports the pipeline (pandera, pydantic, frictionless on use).

>>> from sahel_dataset import maintain
>>> maintain.Project.find().data.name
'data'
"""

from __future__ import annotations

from .pipeline.assemble import AssembledDataset, assemble
from .pipeline.build import build
from .pipeline.release import release
from .pipeline.validate import validate_path as validate
from .project import Project

__all__ = ["AssembledDataset", "Project", "assemble", "build", "release", "validate"]
