"""The exercises of the lessons answer back (autograd_bn.exercises), in English and in Bengali.

For every exercise: the worked solution is accepted (the path `check.solution(n)` shows); the
right answer computed with real PyTorch and with autograd_bn is accepted; each wrong answer that
a misconception produces gets that misconception's diagnosis; an unrelated wrong answer gets
the generic hint; bad input (`...`, a wrong type, code that raises) gets a clear message and no
traceback.  The answers come from tests/exercise_answers.py, which computes them by running the
exercises' code, never from the checker.  The expected texts come from the gettext catalog.
"""
import gettext
import importlib.util
import math
import re

import pytest

import autograd_bn as ag
from autograd_bn import exercises
from autograd_bn.exercises import _messages, lesson1, lesson2, lesson3

from exercise_answers import CODE_CASES, value_cases

LANGS = ["en", "bn"]
LIBS = ["autograd_bn", pytest.param("torch", marks=pytest.mark.skipif(
    importlib.util.find_spec("torch") is None, reason="PyTorch not installed"))]
MODULES = {1: lesson1, 2: lesson2, 3: lesson3}
ALL = [(lesson, n) for lesson, mod in MODULES.items() for n in range(1, len(mod.EXERCISES) + 1)]
_BN = gettext.translation("autograd_bn", str(ag.i18n._LOCALE_DIR), languages=["bn"])


@pytest.fixture(params=LANGS)
def lang(request):
    ag.set_language(request.param)
    yield request.param
    ag.set_language("en")


def _lib(name):
    return ag if name == "autograd_bn" else pytest.importorskip(name)


def message(key, lesson, lang):
    """The message `key` as the catalog has it in `lang` (not as the checker prints it)."""
    table = MODULES[lesson].MESSAGES if key in MODULES[lesson].MESSAGES else _messages.MESSAGES
    english = table[key]
    return english if lang == "en" else _BN.gettext(english)


def assert_says(text, key, lesson, lang):
    """`text` contains the message `key` of the catalog: each of its literal pieces."""
    template = message(key, lesson, lang)
    if lang == "bn":
        assert template != (MODULES[lesson].MESSAGES.get(key) or _messages.MESSAGES[key]), \
            f"{key}: no Bengali translation"
    for piece in re.split(r"\{[^{}]*\}", template):
        assert piece.strip() in text, f"{key!r} ({lang}) not in the feedback:\n{text}"


def test_every_lesson_has_its_exercises():
    assert all(len(exercises.lesson(k)) >= m for k, m in ((1, 6), (2, 4), (3, 4)))


def test_the_cases_cover_every_diagnosis():
    cases = {**value_cases(ag), **CODE_CASES}
    assert sorted(cases) == ALL
    for (lesson, n), case in cases.items():
        ex = MODULES[lesson].EXERCISES[n - 1]
        keys = [row[1] for row in ex.diagnoses] + [key for _t, key in ex.errors]
        missing = [k for k in keys if k not in case]
        assert not missing, f"lesson {lesson} exercise {n}: no wrong answer for {missing}"
        assert "generic" in case and any(k.startswith("type_") for k in case)


# ------------------------------------------------------------------ the worked solutions
class _Recorder:
    """Stands for `check` while a solution's code runs: keeps the answer it passes."""

    def __init__(self):
        self.answers = []

    def __getattr__(self, name):
        return self.answers.append


@pytest.mark.parametrize("lesson,n", ALL)
def test_solution_is_accepted(lesson, n, lang, capsys):
    check = exercises.lesson(lesson)
    recorder = _Recorder()
    exec(check.solution_code(n), {"torch": ag, "math": math, "check": recorder})
    assert len(recorder.answers) == 1
    fb = check.feedback(n, recorder.answers[0])
    assert fb.verdict == "right", fb.text
    assert_says(fb.text, f"q{n}.why", lesson, lang)
    check.solution(n)
    shown = capsys.readouterr().out
    assert check.solution_code(n).strip() in shown
    assert_says(shown, "solution", lesson, lang)
    assert_says(shown, f"q{n}.why", lesson, lang)


# ------------------------------------------------------------------ answers that are values
@pytest.mark.parametrize("libname", LIBS)
def test_value_answers(libname, lang):
    lib = _lib(libname)
    for (lesson, n), case in value_cases(lib).items():
        check = exercises.lesson(lesson)
        for answer in case["right"]:
            fb = check.feedback(n, answer)
            assert fb.verdict == "right", (lesson, n, answer, fb.text)
        for key, answer in case.items():
            if key == "right":
                continue
            fb = check.feedback(n, answer)
            if key == "generic":
                assert fb.verdict == "generic", (lesson, n, answer, fb.text)
                assert_says(fb.text, "generic", lesson, lang)
                assert_says(fb.text, f"q{n}.hint", lesson, lang)
            elif key.startswith("type_"):
                assert (fb.verdict, fb.key) == ("bad-input", key), (lesson, n, answer, fb.text)
                assert_says(fb.text, key, lesson, lang)
            else:
                assert (fb.verdict, fb.key) == ("diagnosis", key), (lesson, n, answer, fb.text)
                assert_says(fb.text, key, lesson, lang)
                assert_says(fb.text, "wrong", lesson, lang)


# ------------------------------------------------------------------ answers that are code
@pytest.mark.parametrize("lesson,n", sorted(CODE_CASES))
def test_code_answers(lesson, n, lang):
    check = exercises.lesson(lesson)
    for key, answer in CODE_CASES[(lesson, n)].items():
        if key == "right":
            for right in answer:
                fb = check.feedback(n, right)
                assert fb.verdict == "right", (key, fb.text)
            continue
        fb = check.feedback(n, answer)
        expected = {"generic": ("generic", "generic"), "raised": ("bad-input", "raised"),
                    "blank": ("bad-input", "blank"), "returned": ("bad-input", "returned")}
        verdict = expected.get(key, ("bad-input", key) if key.startswith("type_")
                               else ("diagnosis", key))
        assert (fb.verdict, fb.key) == verdict, (key, fb.text)
        if key in ("generic", "raised"):
            assert_says(fb.text, key, lesson, lang)
            assert_says(fb.text, f"q{n}.hint", lesson, lang)
        else:
            assert_says(fb.text, key, lesson, lang)


def test_code_that_raises_is_reported_without_traceback(capsys):
    check = exercises.lesson(1)
    check.q9(CODE_CASES[(1, 9)]["raised"])          # prints, does not raise
    out = capsys.readouterr().out
    assert "ValueError: my backward is not finished" in out and "Traceback" not in out


# ------------------------------------------------------------------ bad input everywhere
@pytest.mark.parametrize("lesson,n", ALL)
def test_blank_answer(lesson, n, lang, capsys):
    check = exercises.lesson(lesson)
    getattr(check, f"q{n}")(...)
    out = capsys.readouterr().out
    assert_says(out, "blank", lesson, lang)
    assert f"check.hint({n})" in out
    fb = check.feedback(n, ...)
    assert (fb.verdict, fb.key) == ("bad-input", "blank")


def test_unknown_exercise_and_hint(lang, capsys):
    check = exercises.lesson(2)
    check.q7(1.0)
    check.hint(0)
    check.solution("1")
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3
    for line in out:
        assert_says(line, "no_exercise", 2, lang)
    check.hint(4)
    assert_says(capsys.readouterr().out, "q4.hint", 2, lang)
    with pytest.raises(AttributeError):
        check.q
    assert "q4" in dir(check) and "q5" not in dir(check)
    assert_says(repr(check), "overview", 2, lang)


def test_an_answer_the_checker_cannot_use(lang, capsys):
    """Rows of different lengths for a Jacobian: the checker itself cannot stack them."""
    check = exercises.lesson(3)
    check.q3(lambda f, x: [ag.zeros(2), ag.zeros(3)])
    out = capsys.readouterr().out
    assert_says(out, "broken", 3, lang)
    assert "Traceback" not in out


def test_unknown_lesson():
    with pytest.raises(ValueError, match="lesson must be one of"):
        exercises.lesson(4)


def test_checking_leaves_random_numbers_and_grad_mode_alone():
    ag.manual_seed(5)
    expected = ag.rand(4)
    ag.manual_seed(5)
    check = exercises.lesson(2)
    check.feedback(4, CODE_CASES[(2, 4)]["right"][0])
    check.feedback(1, (32, 2))

    def switches_grad_off(model, loss_fn, optimizer, X, y):
        ag.set_grad_enabled(False)
    check.feedback(4, switches_grad_off)
    assert ag.is_grad_enabled()
    assert ag.equal(ag.rand(4), expected)
