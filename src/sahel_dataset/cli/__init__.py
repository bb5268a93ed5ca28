"""The ``sahel-dataset`` command line: :func:`main` is the console script.

- :mod:`.app`: the typer app, with every command in the order ``--help`` lists them;
- :mod:`.common`: consoles, shared options, :func:`~.common.project_or_exit`, :func:`~.common.fail`;
- :mod:`.commands`: one module per command group (package, fetch, schema, explore, curation).

To add a command: write it in the module of its group (or a new module under
``commands/``) and add its name and ``module:function`` to ``COMMANDS`` in :mod:`.app`
(commands are imported only when run or listed).
"""

from __future__ import annotations

import os
import sys

DEBUG_ENV = "SAHEL_DATASET_DEBUG"
"""Set it to see the traceback of an unexpected error instead of its one line."""


def main() -> None:
    """Console-script entry point (``sahel-dataset``).

    Without the ``cli`` extra (or another extra a command needs), it prints one
    line naming the extra to install and exits with code 2. A usage or environment
    error (a broken schema file, a disk error) or bad data that a command did not
    report itself still ends in one line (exit 2 or 1), never a traceback.
    """
    from ..core.errors import DataError, UsageError
    from ..utils.extras import MissingExtra, missing_extra

    try:
        from .app import app

        sys.exit(app())
    except MissingExtra as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
    except (UsageError, OSError) as e:  # a broken installation (a schema file), a disk error: one line
        from .common import fail_usage

        try:
            fail_usage(e)
        except SystemExit as stop:
            sys.exit(stop.code)
        except Exception as stop:  # typer.Exit
            sys.exit(getattr(stop, "exit_code", 2))
    except DataError as e:
        from .common import fail

        try:
            fail(e)
        except Exception as stop:  # typer.Exit
            sys.exit(getattr(stop, "exit_code", 1))
    except RecursionError:
        print("error: input nested too deeply", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as e:  # a bug: still one line, the traceback on request
        # An optional module an extra installs, imported by a command: name the extra.
        line = missing_extra(e) if isinstance(e, ModuleNotFoundError) else None
        if line is not None:
            print(f"error: {line}", file=sys.stderr)
            sys.exit(2)
        if os.environ.get(DEBUG_ENV):
            raise
        print(f"error: unexpected {type(e).__name__}: {str(e)[:200]} (a bug: please report it; "
              f"{DEBUG_ENV}=1 shows the traceback)", file=sys.stderr)
        sys.exit(2)
