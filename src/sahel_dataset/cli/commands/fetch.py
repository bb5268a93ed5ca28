"""Command for users of pinned releases: fetch.

Exit codes: 0 success, 1 an archive that fails verification (altered or corrupted), 2 usage or
environment errors (an unknown version, no network and no local copy, an unusable cache).
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..common import out, say


def fetch(
    version: Annotated[str, typer.Argument(help="The release to download, e.g. 0.1.0.")],
    base_url: Annotated[str | None, typer.Option(
        "--base-url",
        help="Where the archives are: a URL, a file:// URL or a folder (default: $SAHEL_DATASET_URL, else the "
             "checkout's releases/, else the project's GitHub release).")] = None,
) -> None:
    """Download a pinned release, verify its sha256, and keep it in the user cache.

    Example: `sahel-dataset fetch 0.1.0`
    """
    from ..._fetch import FetchError, fetch_release
    from ..progress import progress

    try:
        with progress(f"fetching and verifying {version}"):
            folder = fetch_release(version, base_url=base_url)
    except FetchError as e:
        say("error", str(e))
        raise typer.Exit(2 if e.usage else 1) from e
    out.print(f"{version} -> {folder}")
