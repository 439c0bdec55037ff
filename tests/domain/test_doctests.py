"""Every example in the domain library's docstrings runs and gives what it shows."""

import doctest
import importlib
import pkgutil

import pytest

import switchboard.domain


def _modules_with_examples() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(switchboard.domain.__path__, "switchboard.domain."):
        module = importlib.import_module(info.name)
        if ">>>" in (module.__loader__.get_source(info.name) or ""):  # type: ignore[union-attr]
            names.append(info.name)
    return names


MODULES = _modules_with_examples()


def test_the_queueing_library_has_examples() -> None:
    assert {"switchboard.domain.queueing", "switchboard.domain.queueing.erlang_a"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(name))
    assert tried > 0
    assert failures == 0
