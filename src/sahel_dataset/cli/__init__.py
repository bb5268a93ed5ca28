"""The ``sahel-dataset`` command line: :func:`main` is the console script.

- :mod:`.app`: the typer app, with every command in the order ``--help`` lists them;
- :mod:`.common`: consoles, shared options, :func:`~.common.project_or_exit`, :func:`~.common.fail`;
- :mod:`.commands`: one module per command group (package, fetch, schema, explore, curation).

To add a command: write it in the module of its group (or a new module under
``commands/``) and register it in :mod:`.app`.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry point (``sahel-dataset``)."""
    from .app import app

    sys.exit(app())
