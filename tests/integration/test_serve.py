"""sahel-dataset serve: the real Datasette on 127.0.0.1, queried through its JSON API, then stopped."""

from __future__ import annotations

import contextlib
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import sahel_dataset
from sahel_dataset.publish.sqlite import write_sqlite

pytest.importorskip("datasette", reason='needs Datasette: pip install "sahel-dataset[serve]"')
pytestmark = pytest.mark.slow
START_WITHIN = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> object:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@contextlib.contextmanager
def serving(*args: str, cwd: Path | None = None) -> Iterator[str]:
    """``sahel-dataset serve ARGS --port P`` on a free port of 127.0.0.1, as a real process: its base URL once
    it answers (bounded by START_WITHIN), stopped (SIGTERM, then kill) when the block ends."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from sahel_dataset.cli import main; main()", "serve", *args, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=cwd,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_WITHIN
        while True:
            try:
                get(f"{base}/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                assert time.monotonic() < deadline, "Datasette did not start in time"
                time.sleep(0.2)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_serve_answers_on_localhost_only(tmp_path: Path) -> None:
    db = tmp_path / "sahel.db"
    write_sqlite(db)
    with serving("--db", str(db)) as base:
        port = int(base.rsplit(":", 1)[1])
        events = get(f"{base}/sahel/events.json?_shape=array&_size=max")
        assert {e["event_id"] for e in events} == set(sahel_dataset.load("events")["event_id"])
        found = get(f"{base}/sahel/quotes.json?_search=Russia&_shape=array")
        assert found and all("russia" in json.dumps(q).lower() for q in found)
        done = get(f"{base}/sahel/withdrawal_completed.json?_shape=array")
        view = sahel_dataset.event_view()
        expected = view.query("event_type == 'troop_withdrawal' and status == 'occurred'")["event_id"].tolist()
        assert [r["event_id"] for r in done] == expected and expected
        meta = get(f"{base}/-/metadata.json")
        assert meta["databases"]["sahel"]["tables"]["events"]["title"] == "Events"
        with socket.socket() as s:  # not listening on any other address of this machine
            s.settimeout(2)
            other = socket.gethostbyname(socket.gethostname())
            if not other.startswith("127."):
                assert s.connect_ex((other, port)) != 0
