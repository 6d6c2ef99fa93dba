"""The checker: one object per lesson, `check = lesson(1)`, answering `check.q3(answer)`.

An exercise is a row of a lesson's table (`Exercise`): the kind of answer it takes, how to
compute the right observation with the engine, and which wrong observations betray which
misconception.  The checker turns the answer into an observation (for code, by running it on
its own inputs), compares, and prints the feedback in the library's current language.
"""
import re
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from ..autograd.grad_mode import is_grad_enabled, set_grad_enabled
from ..random.generator import get_rng_state, set_rng_state
from . import _answers, _messages
from ._answers import BadAnswer, LearnerError

NORMALISE = {
    "values": _answers.as_values,
    "shape": _answers.as_shape,
    "printed": _answers.as_printed_name,
    "function": _answers.as_function,
    "class": _answers.as_function_class,
}


@dataclass
class Exercise:
    """One exercise of a lesson's table.

    kind: "values" | "shape" | "printed" | "function" | "class" (how the answer is read).
    expected: () -> the right observation, computed with the engine when the answer is checked.
    diagnoses: [(detector, message key)] or [(detector, message key, fields)]: the first
        detector that returns True for the observation names the misconception; `fields` is a
        dict or a function of the observation giving the message's {fields}.
    probe: answer -> observation (runs the learner's code on the checker's own inputs);
        without it the answer itself is the observation.
    errors: [(template, message key)]: an error raised by the learner's code whose message is
        `template()` (a library message in the current language) names that misconception.
    solution: code that answers the exercise, ending with its `check.qN(...)` call.
    """
    kind: str
    expected: Callable
    diagnoses: list = field(default_factory=list)
    probe: Callable = None
    errors: list = field(default_factory=list)
    solution: str = ""


class Feedback(NamedTuple):
    """What the checker says about one answer: the verdict, the key of the message that explains
    it (a diagnosis, or the kind of bad input) and the text printed for the learner."""
    number: int
    verdict: str      # "right" | "diagnosis" | "generic" | "bad-input"
    key: str          # the message key of the diagnosis or of the bad input ("" if right)
    text: str


def _template_regex(template):
    parts = re.split(r"\{[^{}]*\}", template)
    return re.compile(".*".join(re.escape(p) for p in parts), re.S)


def message_matches(error, template):
    """Whether an exception's message is the library message `template` (already in the
    current language, as the learner's code raised it); {fields} match anything."""
    text = str(error.args[0]) if error.args else str(error)
    return _template_regex(template).fullmatch(text) is not None


class Checker:
    """The exercises of one lesson.  `check.q3(answer)` prints the feedback on exercise 3;
    `check.hint(3)` and `check.solution(3)` print its hint and worked solution."""

    def __init__(self, number, module):
        self.lesson = number
        self._module = module
        self._exercises = list(module.EXERCISES)

    # ------------------------------------------------------------------ messages
    def _text(self, key, **fields):
        if key in self._module.MESSAGES:
            return self._module.text(key, **fields)
        return _messages.text(key, **fields)

    def _why(self, n):
        return self._text(f"q{n}.why")

    def _hint(self, n):
        return self._text(f"q{n}.hint")

    def _missing(self, n):
        if isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= len(self._exercises):
            return None
        return _messages.text("no_exercise", lesson=self.lesson, count=len(self._exercises),
                              n=n)

    # ------------------------------------------------------------------ checking
    def feedback(self, n, answer):
        """The Feedback on `answer` to exercise `n`, without printing it.

        The random number generator and grad mode are as before afterwards, whatever the
        checker or the learner's code did with them."""
        rng = get_rng_state()
        grad_mode = is_grad_enabled()
        try:
            return self._feedback(n, answer)
        finally:
            set_rng_state(rng)
            set_grad_enabled(grad_mode)

    def _feedback(self, n, answer):
        missing = self._missing(n)
        if missing is not None:
            return Feedback(n, "bad-input", "no_exercise", missing)
        ex = self._exercises[n - 1]
        try:
            observation = NORMALISE[ex.kind](answer)
            if ex.probe is not None:
                observation = ex.probe(observation)
            if _answers.same(observation, ex.expected()):
                return Feedback(n, "right", "", _messages.text("right", n=n, why=self._why(n)))
            for row in ex.diagnoses:
                detector, key = row[0], row[1]
                if detector(observation):
                    fields = row[2] if len(row) > 2 else {}
                    fields = fields(observation) if callable(fields) else fields
                    return self._wrong(n, "diagnosis", key, self._text(key, **fields))
            return self._wrong(n, "generic", "generic",
                               _messages.text("generic", hint=self._hint(n)))
        except BadAnswer as bad:
            return Feedback(n, "bad-input", bad.key, _messages.text(bad.key, n=n, **bad.fields))
        except LearnerError as raised:
            error = raised.error
            for template, key in ex.errors:
                if message_matches(error, template()):
                    return self._wrong(n, "diagnosis", key, self._text(key))
            lines = [_messages.text("raised", n=n, error=type(error).__name__,
                                    message=str(error)),
                     _messages.text("hint", n=n, hint=self._hint(n))]
            return Feedback(n, "bad-input", "raised", "\n".join(lines))
        except Exception as error:   # noqa: BLE001 - an answer the checker cannot use
            return Feedback(n, "bad-input", "broken",
                            _messages.text("broken", n=n, error=type(error).__name__))

    def _wrong(self, n, verdict, key, diagnosis):
        return Feedback(n, verdict, key, _messages.text("wrong", n=n, diagnosis=diagnosis))

    def check(self, n, answer):
        """Print the feedback on `answer` to exercise `n`."""
        print(self.feedback(n, answer).text)

    def hint(self, n):
        """Print the hint of exercise `n`."""
        missing = self._missing(n)
        print(missing if missing is not None else
              _messages.text("hint", n=n, hint=self._hint(n)))

    def solution(self, n):
        """Print the worked solution of exercise `n`: code, and why it is right."""
        missing = self._missing(n)
        if missing is not None:
            print(missing)
            return
        print(_messages.text("solution", n=n))
        print()
        print(self._exercises[n - 1].solution.strip("\n"))
        print()
        print(self._why(n))

    def solution_code(self, n):
        """The code of exercise `n`'s worked solution (what `solution(n)` prints)."""
        return self._exercises[n - 1].solution

    def __len__(self):
        return len(self._exercises)

    def __getattr__(self, name):
        m = re.fullmatch(r"q([0-9]+)", name)
        if m is None:
            raise AttributeError(name)
        n = int(m.group(1))

        def answer(answer=Ellipsis):
            self.check(n, answer)
        answer.__name__ = name
        answer.__doc__ = f"Check your answer to exercise {n} and print the feedback."
        return answer

    def __dir__(self):
        return sorted(set(super().__dir__()) |
                      {f"q{k}" for k in range(1, len(self._exercises) + 1)})

    def __repr__(self):
        return _messages.text("overview", lesson=self.lesson, count=len(self._exercises))


def close_to(reference):
    """A detector: the observation equals `reference()` (computed with the engine)."""
    return lambda observation: _answers.same(observation, reference())


def is_name(*names):
    """A detector for "printed" answers: one of these names (case and digits aside)."""
    wanted = {re.sub(r"[0-9]+$", "", n).lower() for n in names}
    return lambda observation: isinstance(observation, str) and \
        re.sub(r"[0-9]+$", "", observation).lower() in wanted

