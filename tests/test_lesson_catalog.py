"""Words that a lesson's code prints or draws come from the library's catalog (code cells are
the same in every language): lesson 2's figure labels and its "PyTorch is not installed here."
line are extracted from the lesson source into autograd_bn.pot and shown in the notebook's
language."""
import re

import pytest

import autograd_bn as torch
from tools.build_notebooks import LOCALES, lesson_code_messages, lessons, read_po

BENGALI = re.compile("[\u0980-\u09FF]")



def labels_cell():
    lesson = [x for x in lessons() if x.name == "02_first_network"][0]
    return lesson, [c for c in lesson.cells if c.id == "labels"][0]


def run_labels(lang):
    matplotlib = pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt
    torch.set_language(lang)
    ns = {"plt": plt, "torch": torch}
    with matplotlib.rc_context():                    # the cell sets a global rcParam
        exec(labels_cell()[1].source, ns)
        return ns["TEXT"], list(plt.rcParams["font.family"])


def test_lesson_code_messages_are_extracted():
    lesson, cell = labels_cell()
    found = {msg: (rel, line) for msg, rel, line in lesson_code_messages([lesson])}
    assert "PyTorch is not installed here." in found and "Loss during training" in found
    rel, line = found["PyTorch is not installed here."]
    assert rel == "lesson_sources/02_first_network.md"
    with open(lesson.path, encoding="utf-8") as f:
        assert "PyTorch is not installed here." in f.read().splitlines()[line - 1]
    pot = read_po(LOCALES / "autograd_bn.pot")
    assert all(msg in pot for msg in found)


def test_bengali_lesson_shows_bengali_words_and_fonts():
    english, fonts_en = run_labels("en")
    bengali, fonts_bn = run_labels("bn")
    assert english["no_torch"] == "PyTorch is not installed here."
    assert bengali["no_torch"] == "এখানে PyTorch ইনস্টল করা নেই।"
    assert all(BENGALI.search(v) for v in bengali.values()), bengali
    assert fonts_bn[0] == "Noto Sans Bengali" and "Noto Sans Bengali" not in fonts_en
