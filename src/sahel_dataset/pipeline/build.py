"""Build the dataset: curated YAML + seeds -> validated tables -> a Data Package on disk.

The flow, each step collecting every problem before stopping:

1. check the seeds against their manifest (:mod:`.seeds`);
2. read each curated file and validate every record with its pydantic model (:mod:`.read`);
3. resolve every citation to a verified span of its seed (:mod:`.evidence`) and
   expand nested lists into link-table rows (:mod:`.assemble`);
4. validate every table with pandera and every foreign key across tables (:mod:`.checks`);
5. write Parquet, CSV and ``datapackage.json`` to a temporary folder and move it
   into place, so that a failed or interrupted build leaves the old output intact (:mod:`.write`).
"""

from __future__ import annotations

from pathlib import Path

from ..core.atomic import check_output
from ..project import Project
from .assemble import AssembledDataset, assemble
from .write import write


def build(out: Path, project: Project | None = None, partition_by_year: bool = False) -> AssembledDataset:
    """Build the dataset from ``project`` (default: the checkout) into ``out``.

    Raises :class:`DataError` and writes nothing when anything is invalid.

    >>> import tempfile, pathlib  # doctest: +SKIP
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "release"  # doctest: +SKIP
    >>> ds = build(out)  # doctest: +SKIP
    >>> (out / "datapackage.json").is_file() and (out / "parquet" / "events.parquet").is_file()  # doctest: +SKIP
    True
    """
    project = project or Project.find()
    check_output(out, project.root)  # refuse a bad --out before the work, not after
    ds = assemble(project)
    write(ds, out, partition_by_year=partition_by_year, project_root=project.root)
    return ds
