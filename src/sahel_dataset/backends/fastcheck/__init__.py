"""Check a table's rules with plain pyarrow compute: the fast floor under pandera.

The rules come from the same Table Schema as the pandera models in
:mod:`sahel_dataset.pipeline.models` (so they cannot drift apart): the columns and their order, each
column's storage type, required (not null), unique, enum, pattern, minimum,
maximum, minimum and maximum length, every multi-column key (the primary key and
``uniqueKeys``), and ordered
pairs (``date_start <= date_end``). Every check is one vectorised Arrow kernel,
and a failure names the rows it found, so the result can be compared with
pandera's ``failure_cases`` row for row (``tests/unit/backends/test_fastcheck.py`` does).

:func:`provenance_mismatches` re-verifies evidence spans byte for byte with no Python
work per span.

Only pyarrow and numpy are imported: neither pandas nor pandera. One module per role:

- :mod:`.rules`: :func:`check` on an Arrow table in memory;
- :mod:`.streamed`: :func:`check_parquet` / :func:`check_parquets`, by row group;
- :mod:`.references`: :func:`missing_references` (foreign keys, hash anti-joins);
- :mod:`.provenance`: :func:`provenance_mismatches`.
"""

from .provenance import provenance_mismatches
from .references import missing_references
from .rules import Failure, bad_rows, check, plain, rows_where
from .streamed import check_parquet, check_parquets

__all__ = ["Failure", "bad_rows", "check", "check_parquet", "check_parquets", "missing_references", "plain",
           "provenance_mismatches", "rows_where"]
