"""Exercises that answer back: `check = autograd_bn.exercises.lesson(1)`, then `check.q3(answer)`.

Each lesson's exercises sit in its notebook where the concept is taught.  The learner replaces
the `...` of an exercise cell with an answer (a number, a list or a tensor of numbers, a shape,
what `print` shows, or a function or class of their own) and runs the cell; the checker prints
at once, in the language chosen with `torch.set_language`, whether it is right and why, which
misconception a common wrong answer reveals, or a hint.  `check.hint(3)` and
`check.solution(3)` show the hint and the worked solution only when asked for.
"""
from . import _messages, lesson1, lesson2, lesson3
from ._checker import Checker, Exercise, Feedback

__all__ = ["lesson", "Checker", "Exercise", "Feedback"]

_LESSONS = {1: lesson1, 2: lesson2, 3: lesson3}


def lesson(number):
    """The checker of lesson `number` (1, 2 or 3)."""
    if number not in _LESSONS:
        raise ValueError(_messages.text("no_lesson", lessons=sorted(_LESSONS), number=number))
    return Checker(number, _LESSONS[number])
