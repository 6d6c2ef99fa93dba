"""The ready-made functions of the explorers' dropdown.

``EXAMPLES`` maps a key to ``(function, starting point)``; ``LABELS`` to its (translatable)
name.  Every function takes one tensor and is built from ordinary autograd_bn operations, so
autograd differentiates it like any user function.
"""
import math

from ..i18n import N_, _

LABELS = {
    "doubling": N_("Lesson: y = 2^k x (double until ‖y‖ ≥ 1000)"),
    "square": N_("Lesson: z = 3(x + 2)² elementwise"),
    "rotation": N_("Rotation and scaling: y = A x"),
    "polar": N_("Polar to Cartesian: (r, θ) ↦ (r cos θ, r sin θ)"),
    "softmax": N_("Softmax: y = exp(x) / Σ exp(x)"),
    "user": N_("Your function"),
}

# The lesson's x (torch.manual_seed(0), after the 2x2 draw of `a`), to 4 decimals.
LESSON_X = [-1.0845, -1.3986, 0.4034]
# y = A x with A = 1.5 · rotation by 30 degrees
_C, _S = 1.5 * math.cos(math.pi / 6), 1.5 * math.sin(math.pi / 6)
ROTATION = [[_C, -_S], [_S, _C]]


def label(key):
    """The name of a ready-made function in the active language."""
    return _(LABELS[key])


def doubling(x):
    """The lesson's loop: y = 2x, doubled until its norm reaches 1000 (at most 64 times, so
    that x = 0 cannot loop forever)."""
    y = x * 2
    for _step in range(64):
        if y.data.norm() >= 1000:
            break
        y = y * 2
    return y


def square(x):
    """z = 3 (x + 2)^2, the lesson's z = y * y * 3 with y = x + 2."""
    y = x + 2
    return y * y * 3


def _lib(x):
    """The library x belongs to: autograd_bn, or torch (the live tests run these functions on
    torch tensors too)."""
    import sys
    return sys.modules[type(x).__module__.split(".")[0]]


def rotation(x):
    return _lib(x).tensor(ROTATION, dtype=x.dtype) @ x


def polar(x):
    r, theta = x[0], x[1]
    return _lib(x).stack([r * theta.cos(), r * theta.sin()])


def softmax(x):
    e = (x - x.max().detach()).exp()
    return e / e.sum()


def examples():
    """{key: (function, starting point as a nested list)} of the ready-made functions."""
    return {
        "doubling": (doubling, LESSON_X),
        "square": (square, [[1.0, 1.0], [1.0, 1.0]]),
        "rotation": (rotation, [1.0, 0.5]),
        "polar": (polar, [1.0, math.pi / 4]),
        "softmax": (softmax, [1.0, 2.0, 0.5]),
    }
