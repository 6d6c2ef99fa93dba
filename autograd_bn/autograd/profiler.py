"""``torch.autograd.profiler``: time the operations of a block of code, as a CPU-only
tutorial uses it.

    with torch.autograd.profiler.profile() as prof:
        with torch.autograd.profiler.record_function("forward"):
            loss = model(x).sum()
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=10))

While a ``profile`` is active, every Tensor method and operator, every function of the
``torch`` namespace and of ``nn.functional`` is timed under torch's name for it (``aten::mul``
for ``*`` and ``mul``, ``aten::matmul`` for ``@``), and every ``record_function`` block under
its own name; the table has torch's columns (self and total CPU time, their percentages, the
average and the number of calls).  The times are autograd_bn's own, so they differ from
torch's.  The backward pass shows each node as torch does (``autograd::engine::evaluate_function:
MulBackward0`` around ``MulBackward0``).  What is left out: gradient accumulation into leaves
(torch's ``AccumulateGrad`` events), CUDA, memory, shape and stack columns (``record_shapes``,
``profile_memory``, ``with_stack`` are accepted and ignored), trace export, and torch's
internal operations (``aten::empty_strided``, ``aten::copy_``).
"""
import functools
import sys
import time

from ..cuda import _lazy_init
from ..tensor import Tensor
from .graph import Node

OPERATORS = {"__add__": "add", "__radd__": "add", "__iadd__": "add_", "__sub__": "sub",
             "__rsub__": "rsub", "__isub__": "sub_", "__mul__": "mul", "__rmul__": "mul",
             "__imul__": "mul_", "__truediv__": "div", "__rtruediv__": "div",
             "__itruediv__": "div_", "__pow__": "pow", "__rpow__": "pow", "__matmul__": "matmul",
             "__rmatmul__": "matmul", "__neg__": "neg", "__getitem__": "index",
             "__setitem__": "index_put_", "__eq__": "eq", "__lt__": "lt", "__gt__": "gt",
             "__le__": "le", "__ge__": "ge", "__ne__": "ne", "__abs__": "abs"}
_ACTIVE = []                  # the running profile objects (innermost last)
NOT_OPS = {"backward", "register_hook", "retain_grad", "requires_grad_", "numpy", "tolist",
           "size", "dim", "type", "is_floating_point", "is_complex", "is_contiguous",
           "element_size", "nelement", "cpu", "cuda"}   # Python-side methods: no aten event


class FunctionEventAvg:
    """The totals of one name: key, count, cpu_time_total, self_cpu_time_total (microseconds)."""

    def __init__(self, key):
        self.key, self.count = key, 0
        self.cpu_time_total = self.self_cpu_time_total = 0.0

    @property
    def cpu_time(self):
        return self.cpu_time_total / self.count if self.count else 0.0

    def __repr__(self):
        return (f"<FunctionEventAvg key={self.key} self_cpu_time={_fmt(self.self_cpu_time_total)}"
                f" cpu_time={_fmt(self.cpu_time)} input_shapes=>")


def _fmt(us):
    if us >= 1e6:
        return f"{us / 1e6:.3f}s"
    if us >= 1e3:
        return f"{us / 1e3:.3f}ms"
    return f"{us:.3f}us"


class EventList(list):
    """The averaged events of a profile (``prof.key_averages()``)."""

    def table(self, sort_by=None, row_limit=100, max_src_column_width=75,
              max_name_column_width=55, max_shapes_column_width=80, header=None,
              top_level_events_only=False):
        """Torch's text table of the events, sorted by the given column, descending."""
        events = list(self)
        if sort_by:
            key = sort_by.replace("cpu_time_total", "cpu_time_total")
            events.sort(key=lambda e: getattr(e, key), reverse=True)
        if row_limit is not None and row_limit > 0:
            shown = events[:row_limit]
        else:
            shown = events
        width = min(max((len(e.key) for e in self), default=4) + 4, max_name_column_width)
        cols = ["Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg",
                "# of Calls"]
        line = "-" * width + "  " + "  ".join("-" * 12 for _c in cols) + "  "
        total = sum(e.self_cpu_time_total for e in self) or 1.0
        rows = [line, "Name".rjust(width) + "  " + "  ".join(c.rjust(12) for c in cols) + "  ",
                line]
        for e in shown:
            name = e.key if len(e.key) <= width else e.key[:width - 3] + "..."
            cells = [f"{100 * e.self_cpu_time_total / total:.2f}%",
                     _fmt(e.self_cpu_time_total), f"{100 * e.cpu_time_total / total:.2f}%",
                     _fmt(e.cpu_time_total), _fmt(e.cpu_time), str(e.count)]
            rows.append(name.rjust(width) + "  " + "  ".join(c.rjust(12) for c in cells) + "  ")
        rows.append(line)
        rows.append(f"Self CPU time total: {_fmt(sum(e.self_cpu_time_total for e in self))}")
        return "\n".join(rows) + "\n"

    def __str__(self):
        return self.table()


class profile:
    """Context manager timing the operations run inside it (see the module doc)."""

    def __init__(self, enabled=True, *, use_cuda=False, use_device=None, record_shapes=False,
                 with_flops=False, profile_memory=False, with_stack=False, with_modules=False,
                 use_kineto=False, use_cpu=True, experimental_config=None, acc_events=False,
                 custom_trace_id_callback=None):
        if use_cuda or (use_device not in (None, "cpu")):
            _lazy_init()
        self.enabled = enabled
        self._totals = {}
        self._stack = []
        self._patched = []

    def __enter__(self):
        if self.enabled:
            _ACTIVE.append(self)
            if len(_ACTIVE) == 1:
                self._patched = _instrument()
        return self

    def __exit__(self, *exc):
        if self.enabled:
            _ACTIVE.remove(self)
            for owner, name, original in reversed(self._patched):
                setattr(owner, name, original)
            self._patched = []
        return False

    def _begin(self, key):
        self._stack.append([key, time.perf_counter_ns(), 0])

    def _end(self):
        key, start, child = self._stack.pop()
        elapsed = (time.perf_counter_ns() - start) / 1000.0
        ev = self._totals.get(key)
        if ev is None:
            ev = self._totals[key] = FunctionEventAvg(key)
        ev.count += 1
        ev.cpu_time_total += elapsed
        ev.self_cpu_time_total += elapsed - child
        if self._stack:
            self._stack[-1][2] += elapsed

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0):
        """The events averaged by name, as an EventList."""
        return EventList(self._totals.values())

    def table(self, *args, **kwargs):
        """``key_averages().table(...)``."""
        return self.key_averages().table(*args, **kwargs)


class record_function:
    """Time a block (``with record_function("name"):``) or a function (as a decorator) under
    the given name while a profile is active."""

    def __init__(self, name, args=None):
        self.name = name

    def __enter__(self):
        for p in _ACTIVE:
            p._begin(self.name)
        return self

    def __exit__(self, *exc):
        for p in _ACTIVE:
            p._end()
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            with record_function(self.name):
                return fn(*args, **kwargs)
        return timed


def _timed(fn, key):
    @functools.wraps(fn)
    def timed(*args, **kwargs):
        active = tuple(_ACTIVE)
        for p in active:
            p._begin(key)
        try:
            return fn(*args, **kwargs)
        finally:
            for p in active:
                p._end()
    return timed


def _timed_apply(apply):
    @functools.wraps(apply)
    def timed(self, *args, **kwargs):
        active = tuple(_ACTIVE)
        name = self.name()
        for p in active:
            p._begin("autograd::engine::evaluate_function: " + name)
            p._begin(name)
        try:
            return apply(self, *args, **kwargs)
        finally:
            for p in active:
                p._end()
                p._end()
    return timed


def _node_classes():
    seen, todo = [], [Node]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.append(sub)
                todo.append(sub)
    return seen


def _instrument():
    """Wrap the Tensor methods and the functions of torch and nn.functional; return what to
    restore: [(owner, name, original)]."""
    patched = []
    for name, fn in list(vars(Tensor).items()):
        if not callable(fn) or isinstance(fn, (type, staticmethod, classmethod, property)):
            continue
        if name.startswith("_") and name not in OPERATORS or name in NOT_OPS:
            continue
        setattr(Tensor, name, _timed(fn, "aten::" + OPERATORS.get(name, name)))
        patched.append((Tensor, name, fn))
    package = sys.modules["autograd_bn"]
    # _keywords and nn load the rest of the package: only needed once a profile starts
    from .._keywords import _is_op
    from ..nn import functional as NF      # (see above)
    for module in (package, NF):
        for name in [n for n in dir(module) if not n.startswith("_")]:
            fn = getattr(module, name, None)
            if fn is None or isinstance(fn, type) or not callable(fn) or \
                    type(fn).__name__ != "function":
                continue
            if module is package and not (_is_op(fn) or name in ("cumsum", "cumprod", "normal")):
                continue
            setattr(module, name, _timed(fn, "aten::" + name))
            patched.append((module, name, fn))
    for cls in _node_classes():              # the backward pass, node by node
        apply = cls.__dict__.get("apply")
        if apply is not None and callable(apply):
            setattr(cls, "apply", _timed_apply(apply))
            patched.append((cls, "apply", apply))
    return patched
