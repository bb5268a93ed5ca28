"""What the curation tools' tests share: a seed's text in the shipped package, and the CLI with its
two streams apart (a refusal must go to stderr, a report to stdout)."""

from __future__ import annotations

from typer.testing import CliRunner

from sahel_dataset.cli.app import app
from sahel_dataset.curation.workspace import Workspace

runner = CliRunner()


def seed_text(ws: Workspace, number: str) -> str:
    """The text of the seed numbered ``number`` (``"002"``)."""
    return ws.seeds[ws.seed(number)]


def run(*args: str) -> tuple[int, str, str]:
    """``sahel-dataset ARGS`` in this process: (exit code, stdout, stderr)."""
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr
