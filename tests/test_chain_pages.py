"""The static chain-rule pages the lessons link to (docs/explorer/) are what the lessons' code
makes now (``python -m tools.chain_pages`` writes them), and every lesson links to its own
page in its own language."""
import re

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

from tools import chain_pages  # noqa: E402
from tools.notebook_build.paths import ROOT  # noqa: E402


def test_pages_are_up_to_date(capsys):
    assert chain_pages.main(["--check"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_notebooks_link_to_their_page(lang):
    pages = sorted(chain_pages.OUT.glob(f"*-{lang}.html"))
    assert len(pages) == 2
    for page in pages:
        lesson = page.name[:-len(f"-{lang}.html")]
        notebook = (ROOT / "notebooks" / lang / f"{lesson}.ipynb").read_text(encoding="utf-8")
        assert re.search(rf"\(\.\./\.\./docs/explorer/{lesson}-{lang}\.html\)", notebook)
