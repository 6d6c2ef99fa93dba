"""Widget labels (dropdown names, slider and button captions, the digits checkbox) follow
``set_language``: a widget made after the switch uses the new language, and one made before
uses it from its next redraw on.  Both languages, headless."""
import re

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import autograd_bn as torch  # noqa: E402
from autograd_bn.i18n import _  # noqa: E402
from autograd_bn.widgets import GraphView, JacobianExplorer, VJPExplorer  # noqa: E402

BENGALI = re.compile("[\u0980-\u09FF]")



def lesson_out():
    x = torch.ones(2, 2, requires_grad=True)
    return ((x + 2) * (x + 2) * 3).mean()


LANGUAGES = {"en": "bn", "bn": "en"}


def explorer_labels(ex):
    return [ex.dropdown.description, ex.size_slider.description, ex.row_slider.description,
            ex.col_slider.description, [c for c in ex.children
                                        if "agbn-digits-toggle" in c._dom_classes][0].description,
            [text for text, _k in ex.dropdown.options]]


def expected_explorer_labels(ex):
    from autograd_bn.widgets.functions import label
    # English has no digits of its own: no checkbox caption (and the checkbox is hidden)
    digits = _("Bengali digits (০-৯)") if torch.get_language() == "bn" else ""
    return [_("Function"), _("Square size"), _("First row"), _("First column"),
            digits, [label(k) for _t, k in ex.dropdown.options]]


def digits_box(widget):
    return [c for c in widget.children if "agbn-digits-toggle" in c._dom_classes][0]


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_explorer_labels_follow_the_language(lang):
    torch.set_language(LANGUAGES[lang])
    old = JacobianExplorer(example="polar")
    old_vjp = VJPExplorer(lambda t: t * 2, torch.ones(20))
    torch.set_language(lang)
    new = JacobianExplorer(example="polar")                 # made now: the language of now
    assert explorer_labels(new) == expected_explorer_labels(new)
    x_before = old.x.copy()
    old.sliders[0].value = 1.5                                # drawn again: relabelled
    assert explorer_labels(old) == expected_explorer_labels(old)
    assert old.dropdown.value == "polar" and old.x[1] == x_before[1]   # nothing else moved
    old_vjp.sliders[0].value = 0.5
    assert old_vjp.row_slider.description == _("First row")
    if lang == "bn":
        assert all(BENGALI.search(t) for t in explorer_labels(old)[:5])
        assert digits_box(old).layout.display is None and digits_box(new).layout.display is None
    else:
        assert explorer_labels(old)[:5] == ["Function", "Square size", "First row",
                                            "First column", ""]
        assert digits_box(old).layout.display == "none" == digits_box(new).layout.display


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_graph_labels_follow_the_language(lang):
    out = lesson_out()
    torch.set_language(LANGUAGES[lang])
    old = GraphView(out)
    torch.set_language(lang)
    for view in (GraphView(out), old):
        view.step(1)
        texts = [view.prev_button.description, view.next_button.description,
                 view.reset_button.description, view.step_slider.description]
        assert texts == [_("◀ Back"), _("Step ▶"), _("Start again"), _("Step")]
        assert f">{_('tensor')}<" in view.svg
        if lang == "en":
            assert texts == ["◀ Back", "Step ▶", "Start again", "Step"]
        else:
            assert all(BENGALI.search(t) for t in texts)
