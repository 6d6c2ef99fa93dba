"""Languages are data: the library speaks every language whose catalog it ships, and the table
``autograd_bn.i18n.scripts`` says how each writes (digits, fonts, script).  A new language
(here a made-up Hindi catalog in a temporary folder) needs a catalog and a table row, no code.
"""
import io
import os
import re
import warnings

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

import autograd_bn as torch
from autograd_bn import i18n
from autograd_bn.i18n import scripts

MISMATCH = ("The size of tensor a ({a}) must match the size of tensor b ({b}) at non-singleton "
            "dimension {dim}")
HINDI_MISMATCH = "टेंसर a का आकार ({a}) टेंसर b के आकार ({b}) से आयाम {dim} पर मेल नहीं खाता"



@pytest.fixture
def hindi_catalog(tmp_path, monkeypatch):
    """A catalog folder with a one-message Hindi catalog, used instead of the package's."""
    cat = Catalog(locale="hi", domain="autograd_bn")
    cat.add(MISMATCH, HINDI_MISMATCH)
    cat.add("Bengali digits (০-৯)", "बांग्ला अंक (০-৯)")
    cat.add("Devanagari digits (०-९)", "देवनागरी अंक (०-९)")
    buf = io.BytesIO()
    write_mo(buf, cat)
    folder = tmp_path / "hi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "autograd_bn.mo").write_bytes(buf.getvalue())
    (tmp_path / "xx").mkdir()                           # a folder without a catalog: ignored
    monkeypatch.setattr(scripts, "locale_dir", lambda: str(tmp_path))
    return tmp_path


def test_languages_are_the_shipped_catalogs():
    shipped = sorted(d for d in os.listdir(scripts.locale_dir()) if os.path.isfile(
        os.path.join(scripts.locale_dir(), d, "LC_MESSAGES", "autograd_bn.mo")))
    assert shipped == ["bn"]
    assert i18n.languages() == ("en", "bn")


def test_a_new_catalog_is_a_new_language(hindi_catalog):
    assert i18n.languages() == ("en", "hi")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.set_language("hi-IN")
    assert torch.get_language() == "hi"
    with pytest.raises(RuntimeError) as info:
        torch.ones(2, 3) + torch.ones(2, 2)
    assert str(info.value) == HINDI_MISMATCH.format(a=3, b=2, dim=1)
    with pytest.warns(UserWarning, match="bn"):             # its catalog is not in this folder
        torch.set_language("bn")
    assert torch.get_language() == "en"
    with pytest.warns(UserWarning, match="xx"):
        torch.set_language("xx")


def test_a_language_without_a_row_writes_latin_digits_in_the_default_fonts(hindi_catalog):
    torch.set_language("hi")
    row = i18n.script()
    assert row.code == "hi" and row.digits == "0123456789" and not row.native_by_default
    assert row.font_family == ["DejaVu Sans"]
    assert i18n.digits_caption("hi") == "" and i18n.digits_caption() == ""


def test_the_bengali_row():
    row = i18n.script("bn")
    assert (row.script, row.digits, row.native_by_default) == ("Beng", "০১২৩৪৫৬৭৮৯", False)
    assert row.font_family == ["Noto Sans Bengali", "DejaVu Sans"]
    assert i18n.script("en").font_family == ["DejaVu Sans"]


def test_the_digit_rule_matches_the_glossary():
    # locales/glossary.md, "Numbers": ASCII digits for Bengali prose and messages, the same as
    # code and outputs; widgets and figures follow the same rule (Bengali digits on request)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(root, "locales", "glossary.md"), encoding="utf-8") as f:
        numbers = f.read().split("## Numbers", 1)[1].split("##", 1)[0]
    assert "ASCII digits (0-9)" in numbers
    assert not i18n.script("bn").native_by_default


@pytest.fixture
def hindi_row(hindi_catalog, monkeypatch):
    row = scripts.Script("hi", "Deva", "०१२३४५६७८९", True, ("Noto Sans Devanagari",))
    monkeypatch.setitem(scripts.SCRIPTS, "hi", row)
    monkeypatch.setitem(scripts.DIGITS_LABELS, "hi", "Devanagari digits (०-९)")
    return row


def test_a_row_gives_widgets_digits_fonts_and_caption(hindi_row):
    pytest.importorskip("ipywidgets")
    from autograd_bn.widgets import JacobianExplorer
    from autograd_bn.widgets import _common as C
    torch.set_language("hi")
    ex = JacobianExplorer(example="square")                 # the row: own digits by default
    assert ex.bengali
    assert "१८" in ex.jac_html.value and not re.search(r">\s*18\s*<", ex.jac_html.value)
    box = [c for c in ex.children if "agbn-digits-toggle" in c._dom_classes][0]
    assert box.description == "देवनागरी अंक (०-९)" and box.layout.display is None
    assert C.fmt(2.516e-9, True) == "२.५१६×१०⁻⁹"
    assert C.font_family() == ["Noto Sans Devanagari", "DejaVu Sans"]
    svg = ex.static_svg()
    assert "Noto Sans Devanagari" in svg and 'lang="hi"' in svg and 'data-script="Deva"' in svg
    box.value = False
    assert ">18<" in ex.jac_html.value.replace(" ", "")
