"""The ``sahel-dataset`` command line: :func:`main` is the console script.

- :mod:`.app`: the typer app, with every command in the order ``--help`` lists them;
- :mod:`.common`: consoles, shared options, :func:`~.common.project_or_exit`, :func:`~.common.fail`;
- :mod:`.commands`: one module per command group (package, fetch, schema, explore, curation).

To add a command: write it in the module of its group (or a new module under
``commands/``) and add its name and ``module:function`` to ``COMMANDS`` in :mod:`.app`
(commands are imported only when run or listed).
"""

from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry point (``sahel-dataset``).

    Without the ``cli`` extra (or another extra a command needs), it prints one
    line naming the extra to install and exits with code 2.
    """
    from ..utils.extras import MissingExtra, missing_extra

    try:
        from .app import app

        sys.exit(app())
    except MissingExtra as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
    except ModuleNotFoundError as e:
        line = missing_extra(e)
        if line is None:
            raise
        print(f"error: {line}", file=sys.stderr)
        sys.exit(2)
