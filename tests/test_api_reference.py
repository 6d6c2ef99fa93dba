"""docs/api.md is generated from the docstrings (tools/api_reference.py): it must be up to
date, and every public function, class and method must have a docstring to show there."""
import pytest

from tools import api_reference


@pytest.fixture(scope="module", autouse=True)
def _widgets_importable():
    # autograd_bn.widgets is part of the public API and needs the `notebooks` extra
    pytest.importorskip("ipywidgets", reason="ipywidgets not installed: pip install -e '.[notebooks]'")
    pytest.importorskip("matplotlib", reason="matplotlib not installed: pip install -e '.[notebooks]'")


def test_api_page_is_up_to_date():
    current = api_reference.OUT.read_text(encoding="utf-8") if api_reference.OUT.exists() else ""
    assert current == api_reference.generate(), (
        "docs/api.md is out of date: run `python -m tools.api_reference` and commit it")


def test_every_public_function_has_a_docstring():
    missing = api_reference.missing_docstrings()
    by_owner = {}
    for name in missing:
        owner, _, short = name.rpartition(".")
        by_owner.setdefault(owner, []).append(short)
    assert not missing, (f"{len(missing)} public functions, classes or methods have no docstring "
                         "(python -m tools.api_reference --missing):\n" + "\n".join(
                             f"  {owner}: {', '.join(names)}" for owner, names in by_owner.items()))
