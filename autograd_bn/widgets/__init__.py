"""Interactive widgets for the lessons (needs ipywidgets and matplotlib; loaded on first use of
``autograd_bn.widgets``, never by ``import autograd_bn``).

``JacobianExplorer(f=None, x=None, *, example=None, native_digits=None, square=0.25)``
    Sliders for each component of x; shows x, y = f(x), the Jacobian by autograd as a
    colour-scaled matrix, the same by central finite differences with the largest difference,
    and for maps R^2 -> R^2 a picture of a small square around x carried by f and by the
    linearisation y + J (p - x).  A dropdown offers ready-made functions ("doubling": the
    lesson's y = 2^k x, "square": z = 3(x + 2)^2, "rotation", "polar", "softmax") and, when f
    is given, "user".  ``JacobianExplorer(x=x, example="doubling")`` starts a ready-made
    function at your x.  Computations run in x's dtype (float64 for the ready-made functions).
    Python API: ``select(key)``, ``set_x(values)``, ``x``, ``function``, ``result`` (an
    ``Evaluation``: ``x, y, jacobian, fd, rows, cols, size, max_diff, max_pos, agree, overview,
    error, note``), ``redraw()``, ``last_redraw_seconds``, ``square`` (the arrays of the
    picture), ``row_slider`` / ``col_slider`` (the block shown, below).

``VJPExplorer(f=None, x=None, v=None, *, native_digits=None)``
    Sliders for v; shows v^T J as a product with the full Jacobian and as x.grad after one
    ``y.backward(v)`` (on a copy of x), and whether they agree.  Defaults: the lesson's
    y = 2^k x at the lesson's x with v = [0.1, 1.0, 0.0001].  f runs once; a v move costs one
    product with the Jacobian and one backward pass.  Python API: ``set_v(values)``, ``v``,
    ``result`` (``v, jacobian, rows, cols, explicit, backward, max_diff, agree, error,
    note``), ``redraw()``, ``last_redraw_seconds``, ``row_slider`` / ``col_slider``.

Sizes.  x and y = f(x) may have up to 10,000 elements each (``evaluation.MAX_ELEMENTS``;
beyond that the message box says so).  Up to 10 x 10 the Jacobian is shown whole with a
slider per component.  A larger one is shown as a block of 8 x 8 entries chosen with the
sliders "First row" and "First column", with sliders for the block's components only, and
(JacobianExplorer) an overview picture: up to 48 evenly spaced rows, each pixel the largest
entry of a run of neighbouring columns, the block framed.  Autograd computes only the rows
shown and sampled, finite differences only the block's columns, so a move stays well under
100 ms at 10,000 elements (benchmarks/bench_widgets.py).  VJPExplorer multiplies by the whole
Jacobian only when it has at most 10^6 entries; beyond, a note explains that backward gives
v^T J without building it.

``GraphView(t, gradient=None, *, native_digits=None)``
    The graph behind tensor t as SVG (grad_fn nodes by their torch names, AccumulateGrad
    leaves, shapes), laid out by depth from the output, with a step control that replays the
    backward pass in the engine's order and shows the gradient along each edge and, at the
    end, the leaves' .grad.  Nothing is written to any .grad and the graph is not freed; draw
    it before ``t.backward()``.  A custom Function with several outputs is one node, as in
    torch (its step's ``grad`` is a tuple, one per output).  A graph larger than 10 rows x 7
    columns is drawn through a window of that size around the current node (the output before
    the first step), with "+N" on nodes whose other edges lead out of it; a step re-formats
    only the nodes and edges whose state changed.  Python API: ``step(k)`` (clamped to 0 ..
    number of steps; ±inf allowed), ``steps`` (``Step``: ``index, node_id, grad,
    sent=[(node_id, slot, grad)]``), ``leaf_grads``, ``nodes``, ``edges``, ``svg``,
    ``explain(k)``, ``error``, ``last_redraw_seconds``.

All three are ipywidgets ``VBox`` objects: display them as the last expression of a cell.
Every label comes from the message catalog in the language of ``autograd_bn.set_language``;
labels follow ``set_language`` too: a widget draws them in the language active when it
(re)draws.  Digits and fonts come from the language's row in ``autograd_bn.i18n.scripts``:
numbers are written with ASCII digits unless ``native_digits`` (older name:
``bengali_digits``; default: the row's choice, off for Bengali, as the glossary's rule for
numbers) or the widget's checkbox (shown for a language with digits of its own) asks for the
language's own digits (০-৯); a power of ten has a superscript exponent (2.516×10⁻⁹).  Text in
SVG pictures and figures uses the row's fonts (Bengali: ["Noto Sans Bengali", "DejaVu Sans"]).

Static pictures.  Displayed as a cell's result, a widget also puts an SVG picture of what it
shows into the output (``image/svg+xml``, from ``static_svg()``; see picture.py): a live
JupyterLab draws the widget, a reader without a kernel (GitHub, nbviewer, nbconvert) sees
the picture.

Bad input.  A bad function (an exception, a non-tensor or empty result, an output that does
not require grad, NaN) or a bad argument to a constructor (x not numbers, empty, too large,
NaN or infinite, an unknown example; a gradient of the wrong shape; not a tensor) shows a
message in the widget's message box instead of a traceback, and the widget keeps working:
the next slider move or dropdown choice tries again.  A bad argument to a method
(``set_x``/``set_v`` with the wrong number of values or not numbers, ``select`` of an unknown
key, ``step``/``explain`` with a step that is not a whole number, ``explain`` out of range)
raises TypeError or ValueError with a translated message and changes nothing.

Stable CSS classes (for browser tests)
--------------------------------------
Widgets (set with ``add_class``; on the widget's DOM element):

- all: ``agbn-message`` (HTML: holds ``.agbn-error`` or ``.agbn-note`` when there is a
  problem), ``agbn-digits-toggle`` (Checkbox), ``agbn-slider-readout`` (Label next to a slider)
- JacobianExplorer: ``agbn-jacobian-explorer`` (the VBox), ``agbn-function-select``
  (Dropdown), ``agbn-input-sliders`` (VBox) with one ``agbn-input-slider`` per component,
  ``agbn-xy``, ``agbn-jacobian-matrix``, ``agbn-fd-matrix``, ``agbn-fd-difference`` (HTML),
  ``agbn-square`` (VBox, hidden unless R^2 -> R^2) with ``agbn-square-size`` (slider) and
  ``agbn-square-plot`` (HTML holding an SVG drawn at the size shown, with
  ``polyline.agbn-square-input``, ``agbn-square-image``, ``agbn-square-linear``), ``agbn-overview`` (VBox, shown for a large Jacobian)
  with ``agbn-overview-text`` (HTML) and ``agbn-overview-plot`` (Image, PNG)
- both explorers: ``agbn-block-controls`` (VBox, shown for a large Jacobian) with
  ``agbn-block-row`` and ``agbn-block-col`` (IntSliders, 1-based), ``agbn-block-caption-box``
  (HTML)
- VJPExplorer: ``agbn-vjp-explorer``, ``agbn-v-sliders`` with ``agbn-v-slider`` each,
  ``agbn-xy``, ``agbn-jacobian-matrix``, ``agbn-vjp-explicit``, ``agbn-vjp-backward``,
  ``agbn-vjp-agree``
- GraphView: ``agbn-graph-view``, ``agbn-step-controls`` with ``agbn-step-prev``,
  ``agbn-step-next``, ``agbn-step-reset`` (Buttons) and ``agbn-step-slider`` (IntSlider),
  ``agbn-step-text``, ``agbn-graph-svg`` (HTML holding the SVG)

Inside the HTML:

- matrices: ``table.agbn-matrix`` (plus ``agbn-autograd`` or ``agbn-fd``; with a caption,
  inside ``div.agbn-matrix-box`` after its one-line ``div.agbn-matrix-caption``), entries
  ``td.agbn-entry[data-row][data-col][data-value]``; vectors ``div.agbn-x``, ``agbn-y``,
  ``agbn-v``, ``agbn-explicit``, ``agbn-backward`` with ``span.agbn-entry[data-index]
  [data-value]`` (data-value: the full-precision number with Latin digits; the text shows the
  chosen digits)
- agreement: ``div.agbn-fd-diff`` / ``div.agbn-agreement`` with ``data-agree="true|false"``
  and ``data-value`` (the largest difference)
- a large Jacobian: ``div.agbn-block-caption`` (which rows and columns the tables show, with
  data-row / data-col of the whole Jacobian in their entries), ``div.agbn-overview-caption``
- graph: ``svg.agbn-graph``; ``g.agbn-graph-node[data-node][data-name][data-step]`` with
  ``agbn-graph-output``, ``agbn-graph-fn`` or ``agbn-graph-leaf`` and, by step,
  ``agbn-graph-done`` / ``agbn-graph-current``; ``g.agbn-graph-edge[data-src][data-dst]
  [data-slot][data-step][data-grad]`` (``agbn-graph-flowed`` once its gradient has flowed;
  ``text.agbn-graph-grad`` shows it; data-grad: up to 100 numbers, then "…");
  ``text.agbn-graph-leaf-grad`` under a finished leaf; ``div.agbn-step-explanation``; for a
  large graph ``div.agbn-graph-window`` (how many nodes are shown) before the SVG and
  ``text.agbn-graph-more[data-hidden]`` on a node with edges out of the window
"""
import importlib.util

from ..i18n import _


class WidgetsUnavailable(ModuleNotFoundError):
    """``import autograd_bn.widgets`` without ipywidgets or matplotlib (the notebook extra): the
    message, in the language of ``set_language``, says what to install."""


def _require(*packages):
    for package in packages:
        try:
            found = importlib.util.find_spec(package) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            raise WidgetsUnavailable(
                _('autograd_bn.widgets needs {package}, which is not installed. Install the '
                  'notebook extra: pip install "autograd_bn[notebooks]" (in a clone of the '
                  'repository: pip install -e ".[notebooks]", or make lab)').format(
                      package=package), name=package)


_require("ipywidgets", "matplotlib")

from .evaluation import Evaluation, evaluate  # noqa: E402
from .graph import GraphView, Step, collect, layout, replay  # noqa: E402
from .jacobian import JacobianExplorer  # noqa: E402
from .vjp import VJPExplorer, VJPResult, vector_jacobian  # noqa: E402
from .functions import LABELS, examples  # noqa: E402

__all__ = ["JacobianExplorer", "VJPExplorer", "GraphView", "evaluate", "vector_jacobian",
           "replay", "collect", "layout", "examples", "Evaluation", "VJPResult", "Step",
           "LABELS"]
