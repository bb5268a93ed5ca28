"""Issue 19.3: drafts that know each other, and `accept` refusing an unreviewed or stale draft.

Two test articles (tests/fixtures/articles/, written for the tests) both name the same
person the data does not know; the second is drafted while the first is still pending.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES
from sahel_dataset.project import Project

CLI = Callable[..., tuple[int, str]]
ARTICLES = FIXTURES / "articles"
PERSON = "Amadou Abdramane"
"""Named by both test articles; these tests need a project whose data does not know him yet."""


@pytest.fixture
def unknown(project_copy: Project) -> Project:
    """The project copy, if its data does not know :data:`PERSON` (else these tests say why they cannot run)."""
    if PERSON in (project_copy.data / "actors.yaml").read_text(encoding="utf-8"):
        pytest.skip(f"the data now knows {PERSON}: give these tests articles naming someone it does not")
    return project_copy


def _load(path: Path) -> dict[str, list[dict]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _ids(drafts: dict[str, list[dict]]) -> set[str]:
    """The records' own ids (a draft record opens with its id)."""
    return {str(r[k]) for rs in drafts.values() for r in rs if (k := next(iter(r))).endswith("_id")}


def _names(drafts: dict[str, list[dict]]) -> set[str]:
    return {r["name"] for t in ("actors", "locations") for r in drafts.get(t, [])}


def _snapshot(proj: Project) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in proj.data.iterdir()}


def _review(path: Path) -> None:
    """What a curator does at least: look at every record and say so."""
    drafts = _load(path)
    for rs in drafts.values():
        for r in rs:
            if isinstance(r.get("draft"), dict):
                r["draft"]["reviewed"] = True
    text = path.read_text(encoding="utf-8")
    head = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    path.write_text(head + yaml.safe_dump(drafts, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_second_draft_reuses_pending_proposals_and_avoids_their_ids(unknown: Project, cli: CLI) -> None:
    project_copy = unknown
    root = str(project_copy.root)
    first, second = (f"{len(list(project_copy.seeds.glob('*.txt'))) + i:03d}" for i in (0, 1))
    for name in ("base101.txt", "base201.txt"):
        assert cli("add-source", ARTICLES / name, "--project", root)[0] == 0
    alone = project_copy.root / "alone.yaml"  # the second article drafted as if the first were not pending
    assert cli("draft", second, "--out", alone, "--project", root)[0] == 0
    assert cli("draft", first, "--project", root)[0] == 0
    code, out = cli("draft", second, "--project", root)
    assert code == 0 and "read 1 pending draft(s)" in out, out
    a, b = (_load(project_copy.root / "drafts" / f"{n}.yaml") for n in (first, second))
    shared = _names(a) & _names(_load(alone))
    assert any(PERSON in name for name in shared), "both articles name him: each draft alone proposes him"
    assert not _names(a) & _names(b)  # with the first pending, the second reuses its proposal
    assert not _ids(a) & _ids(b)


def test_accept_refuses_unreviewed_and_stale_drafts(unknown: Project, cli: CLI, tmp_path: Path) -> None:
    project_copy = unknown
    root = str(project_copy.root)
    first, second = (f"{len(list(project_copy.seeds.glob('*.txt'))) + i:03d}" for i in (0, 1))
    for name in ("base101.txt", "base201.txt"):
        assert cli("add-source", ARTICLES / name, "--project", root)[0] == 0
    for n in (first, second):
        assert cli("draft", n, "--project", root)[0] == 0
    f1, f2 = (project_copy.root / "drafts" / f"{n}.yaml" for n in (first, second))
    before = _snapshot(project_copy)

    code, out = cli("accept", f1, "--project", root)  # exactly as drafted
    assert code == 1 and "unreviewed" in out and "nothing was written" in out and str(f1) in out
    assert _snapshot(project_copy) == before

    _review(f1)
    person = next(r for r in _load(f1)["actors"] if PERSON in r["name"])
    # the second draft's figure is the person's: its record refers to the first draft's proposal
    _review(f2)
    d2 = _load(f2)
    fig = d2["figures"][0]
    fig["actor_id"] = person["actor_id"]
    f2.write_text(f2.read_text(encoding="utf-8").split("\n", 1)[0] + "\n" + yaml.safe_dump(d2, sort_keys=False),
                  encoding="utf-8")
    code, out = cli("accept", f2, fig["figure_id"], "--project", root)
    assert code == 1 and f"{person['actor_id']} is proposed by {f1}" in out and "first" in out, out
    assert _snapshot(project_copy) == before

    shutil.copy(f1, tmp_path / "copy.yaml")
    code, out = cli("accept", f1, person["actor_id"], "--project", root)
    assert code == 0, out
    code, out = cli("accept", tmp_path / "copy.yaml", person["actor_id"], "--project", root)  # accepted already
    assert code == 1 and f"stale: {person['actor_id']} is already in data/actors.yaml" in out, out

    d2["figures"][0]["actor_id"] = "act-no-such-actor"
    f2.write_text(yaml.safe_dump(d2, sort_keys=False), encoding="utf-8")
    code, out = cli("accept", f2, fig["figure_id"], "--project", root)
    assert code == 1 and "act-no-such-actor (actors) is in neither data/ nor this draft" in out, out

    text = f1.read_text(encoding="utf-8")  # the seed the draft was made from is not the seed any more
    stamp_line = next(line for line in text.splitlines() if line.startswith("# sahel-dataset draft stamp:"))
    f1.write_text(text.replace(stamp_line, stamp_line.replace("sha256=", "sha256=0")), encoding="utf-8")
    code, out = cli("accept", f1, "--project", root)
    assert code == 1 and "has changed since this draft was written" in out and f"draft {first} --force" in out


def test_drafting_a_seed_again_beside_its_pending_draft_renames_every_id(unknown: Project, cli: CLI) -> None:
    root, number = str(unknown.root), f"{len(list(unknown.seeds.glob('*.txt'))):03d}"
    assert cli("add-source", ARTICLES / "base101.txt", "--project", root)[0] == 0
    first, second = unknown.root / "drafts" / "a.yaml", unknown.root / "drafts" / "b.yaml"
    first.parent.mkdir()  # draft --out creates no folder
    assert cli("draft", number, "--out", first, "--project", root)[0] == 0
    code, out = cli("draft", number, "--out", second, "--project", root)
    assert code == 0 and "renamed" in out, out
    a, b = _load(first), _load(second)
    assert not _ids(a) & _ids(b) and not b.get("actors")  # every id new; the proposed people are a's
    renamed = dict(line.split()[1::2] for line in out.splitlines() if line.strip().startswith("renamed"))
    assert set(renamed) <= _ids(a) and set(renamed.values()) <= _ids(b)
    refs = {v for rs in b.values() for r in rs for k, v in r.items() if k.endswith("_id") and isinstance(v, str)}
    assert not refs & set(renamed), "a reference to a renamed id was left behind"
