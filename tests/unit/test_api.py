"""Two APIs: the data user's in ``sahel_dataset``, the maintainer's in ``sahel_dataset.maintain``;
the 0.1.x names keep working for one release, each with a ``DeprecationWarning``."""

from __future__ import annotations

import subprocess
import sys
import typing

import pytest

import sahel_dataset
from sahel_dataset import maintain, plots, views

USER_API = {"load", "load_all", "tables", "describe", "connect", "fetch",
            "event_view", "troop_view", "evidence_view", "source_text"}


def test_the_top_level_is_the_data_users_api() -> None:
    names = set(sahel_dataset.__all__)
    assert names >= USER_API
    assert not names & {"build", "release", "assemble", "validate_path", "Project", "fetch_release"}
    assert all(hasattr(sahel_dataset, n) for n in names)


def test_the_maintainers_api_builds_validates_and_releases() -> None:
    from sahel_dataset.pipeline.build import build
    from sahel_dataset.pipeline.release import release
    from sahel_dataset.pipeline.validate import validate_path

    assert (maintain.build, maintain.release, maintain.validate) == (build, release, validate_path)
    assert set(maintain.__all__) >= {"build", "validate", "release", "assemble", "Project"}


@pytest.mark.parametrize(("module", "old", "new"), [
    (sahel_dataset, "build", maintain.build),
    (sahel_dataset, "release", maintain.release),
    (sahel_dataset, "assemble", maintain.assemble),
    (sahel_dataset, "validate_path", maintain.validate),
    (sahel_dataset, "Project", maintain.Project),
    (sahel_dataset, "fetch_release", sahel_dataset.fetch),
    (sahel_dataset, "troop_levels", sahel_dataset.troop_view),
    (sahel_dataset, "evidence_for", sahel_dataset.evidence_view),
    (sahel_dataset, "seed_text", sahel_dataset.source_text),
    (views, "troop_levels", views.troop_view),
    (plots, "troop_levels", plots.troop_plot),
])
def test_old_names_warn_and_still_work(module, old: str, new) -> None:
    with pytest.warns(DeprecationWarning, match=rf"{module.__name__}\.{old} is deprecated .* use "):
        assert getattr(module, old) is new


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        sahel_dataset.nothing  # noqa: B018


def test_load_is_typed_per_backend() -> None:
    returns = [o.__annotations__["return"] for o in typing.get_overloads(sahel_dataset.load)]
    assert returns == ["pd.DataFrame", "pl.DataFrame", "pa.Table"]
    import pandas
    import polars
    import pyarrow

    names = {**sahel_dataset.load.__globals__, "pd": pandas, "pl": polars, "pa": pyarrow}
    hinted = [typing.get_type_hints(o, names) for o in typing.get_overloads(sahel_dataset.load)]
    backends = [typing.get_args(h["backend"])[0] for h in hinted]
    assert backends == ["pandas", "polars", "arrow"]
    for backend, hints in zip(backends, hinted, strict=True):
        assert isinstance(sahel_dataset.load("events", backend=backend), hints["return"])


def test_fetch_is_a_function_even_after_its_module_is_imported() -> None:
    code = ("import sahel_dataset, sahel_dataset._fetch, sahel_dataset.cli.commands.fetch\n"
            "f = getattr(sahel_dataset, 'fetch')\n"
            "print(callable(f) and f.__module__ == 'sahel_dataset')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
