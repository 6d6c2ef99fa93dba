"""Run a sequence of random-number calls against torch or autograd_bn and record every output.

Shared by tests/golden/random_record.py (records torch's answers into random_golden.json and
random_golden.npz), tests/test_random.py (replays them without torch) and
tests/live/test_random_live.py (runs both libraries side by side).  Imports only NumPy.

A program is a list of steps, each a dict with an ``op`` and its arguments (JSON-able):

  seed s              manual_seed(s) on the default generator (or on generator ``gen``)
  gen name [seed]     make a Generator called ``name`` (torch's default seed when seed is None)
  rand / randn        shape, dtype, [gen], [form "varargs": f(2, 3) instead of f((2, 3))]
  randint             low, high, shape, dtype, [gen]
  randperm            n, dtype, [gen]
  normal_             shape, dtype, mean, std, [layout "t": a transposed view], [gen]
  uniform_            shape, dtype, low, high, [layout], [gen]
  random_             shape, dtype, low, high, [layout], [gen]
  get_state [gen]     the state bytes
  set_state ref [gen] restore the state recorded by step number ``ref``
  initial_seed [gen]  the seed, as an int
  call expr           evaluate a Tensor-level expression with ``torch`` bound to the library
                      (argument parsing and errors); not available with the array-level lib

Each step's outcome is ("array", ndarray) or ("int", value) or ("error", class, message); the
in-place ops report the whole base array in memory order.  Warnings are recorded as
("warning", category, message) entries after the step's outcome.
"""
import hashlib
import re
import warnings

import numpy as np

TRIGGERED = re.compile(r" \(Triggered internally at [^)]*\.\)$")
DTYPES = ("float32", "float64", "int64", "int32", "bool")


class TorchLib:
    """The reference: torch itself."""
    name = "torch"

    def __init__(self, torch):
        self.t = torch

    def dtype(self, name):
        return getattr(self.t, name)

    def new_generator(self):
        return self.t.Generator()

    def default(self):
        return self.t.default_generator

    def manual_seed(self, s, gen):
        return self.t.manual_seed(s) if gen is None else gen.manual_seed(s)

    def factory(self, op, args, dtype, gen):
        kw = {"dtype": self.dtype(dtype)}
        if gen is not None:
            kw["generator"] = gen
        return getattr(self.t, op)(*args, **kw).numpy()

    def inplace(self, op, shape, dtype, args, layout, gen):
        base = self.t.zeros(shape, dtype=self.dtype(dtype))
        view = base.t() if layout == "t" else base
        kw = {} if gen is None else {"generator": gen}
        getattr(view, op)(*args, **kw)
        return base.numpy()

    def get_state(self, gen):
        g = self.default() if gen is None else gen
        return g.get_state().numpy().copy()

    def set_state(self, raw, gen):
        g = self.default() if gen is None else gen
        g.set_state(self.t.from_numpy(np.array(raw, np.uint8)))

    def initial_seed(self, gen):
        return (self.default() if gen is None else gen).initial_seed()


class OursTensorLib(TorchLib):
    """autograd_bn through its Tensor-level API (the in-place ops use Tensor methods when the
    Tensor has them, else the array-level functions on the tensor's array)."""
    name = "autograd_bn"

    def __init__(self, ab):
        self.ab = ab
        self.t = ab

    def new_generator(self):
        return self.ab.random.Generator()

    def default(self):
        return self.ab.random.default_generator

    def manual_seed(self, s, gen):
        return self.ab.random.manual_seed(s) if gen is None else gen.manual_seed(s)

    def factory(self, op, args, dtype, gen):
        kw = {"dtype": self.dtype(dtype)}
        if gen is not None:
            kw["generator"] = gen
        return getattr(self.ab.random, op)(*args, **kw).numpy()

    def inplace(self, op, shape, dtype, args, layout, gen):
        arr = np.zeros(shape, getattr(np, "bool_" if dtype == "bool" else dtype))
        view = arr.T if layout == "t" else arr
        kw = {} if gen is None else {"generator": gen}
        t = self.ab.Tensor._from_array(view)
        method = getattr(t, op, None)
        if method is not None:
            method(*args, **kw)
        else:
            getattr(self.ab.random, op)(view, *args, **kw)
        return arr

    def get_state(self, gen):
        g = self.default() if gen is None else gen
        s = g.get_state()
        return np.array(getattr(s, "_data", s), np.uint8)

    def set_state(self, raw, gen):
        g = self.default() if gen is None else gen
        g.set_state(np.array(raw, np.uint8))


class OursArrayLib(OursTensorLib):
    """autograd_bn through its array-level API only (no Tensor needed)."""
    name = "autograd_bn (arrays)"

    def factory(self, op, args, dtype, gen):
        r = self.ab.random
        dt = getattr(self.ab, "bool" if dtype == "bool" else dtype)
        if op in ("rand", "randn"):
            shape = tuple(args[0]) if len(args) == 1 and isinstance(args[0], tuple) else tuple(args)
            return getattr(r, op + "_array")(shape, dt, gen)
        if op == "randint":
            low, high, shape = args
            return r.randint_array(low, high, tuple(shape), dt, gen)
        return r.randperm_array(args[0], dt, gen)

    def inplace(self, op, shape, dtype, args, layout, gen):
        arr = np.zeros(shape, getattr(np, "bool_" if dtype == "bool" else dtype))
        view = arr.T if layout == "t" else arr
        getattr(self.ab.random, op)(view, *args, generator=gen)
        return arr


def _step(lib, step, gens, outputs):
    op = step["op"]
    gen = gens[step["gen"]] if step.get("gen") else None
    if op == "seed":
        lib.manual_seed(step["seed"], gen)
        return None
    if op == "gen":
        g = lib.new_generator()
        if step.get("seed") is not None:
            g.manual_seed(step["seed"])
        gens[step["name"]] = g
        return None
    if op in ("rand", "randn"):
        shape = tuple(step["shape"])
        args = list(shape) if step.get("form") == "varargs" and shape else [shape]
        return ("array", lib.factory(op, args, step["dtype"], gen))
    if op == "randint":
        args = [step["low"], step["high"], tuple(step["shape"])]
        return ("array", lib.factory(op, args, step["dtype"], gen))
    if op == "randperm":
        return ("array", lib.factory(op, [step["n"]], step["dtype"], gen))
    if op in ("normal_", "uniform_", "random_"):
        keys = {"normal_": ("mean", "std"), "uniform_": ("low", "high"),
                "random_": ("low", "high")}[op]
        args = [step[k] for k in keys]
        return ("array", lib.inplace(op, tuple(step["shape"]), step["dtype"], args,
                                     step.get("layout", "c"), gen))
    if op == "get_state":
        return ("array", lib.get_state(gen))
    if op == "set_state":
        lib.set_state(outputs[step["ref"]][1], gen)
        return None
    if op == "initial_seed":
        return ("int", int(lib.initial_seed(gen)))
    if op == "call":                    # a Tensor-level expression, e.g. "torch.randn(2.0)"
        res = eval(step["expr"], {"torch": lib.t, "np": np})        # noqa: S307
        if hasattr(res, "numpy"):
            return ("array", np.array(res.detach().numpy() if hasattr(res, "detach")
                                      else res.numpy()))
        return ("value", repr(res) if not hasattr(res, "manual_seed") else "Generator")
    raise ValueError("unknown op " + op)


def run(lib, program):
    """The list of outcomes of ``program`` (one entry per step, None for silent steps)."""
    gens, outputs = {}, []
    for step in program:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                out = _step(lib, step, gens, outputs)
            except Exception as e:          # noqa: BLE001 -- errors are part of the record
                out = ("error", type(e).__name__, str(e))
        ws = [("warning", w.category.__name__, TRIGGERED.sub("", str(w.message)))
              for w in caught]
        outputs.append(out if not ws else (out, ws))
    return outputs


# --------------------------------------------------------------------------- encoding
def encode_array(a):
    a = np.array(a, order="C")
    return {"dtype": str(a.dtype), "shape": list(a.shape),
            "hex": a.astype(a.dtype.newbyteorder("<")).tobytes().hex()}


def decode_array(enc):
    dt = np.dtype(enc["dtype"]).newbyteorder("<")
    return np.frombuffer(bytes.fromhex(enc["hex"]), dt).astype(dt.newbyteorder("=")).reshape(
        enc["shape"])


def encode(outputs, max_bytes=256):
    """JSON-able form of ``run``'s outcomes: arrays as exact little-endian hex, or as a
    ``digest`` when larger than ``max_bytes`` (states are 5056 bytes)."""
    res = []
    for out in outputs:
        ws = []
        if isinstance(out, tuple) and len(out) == 2 and isinstance(out[1], list):
            out, ws = out
        if out is not None and out[0] == "array":
            a = out[1]
            enc = encode_array(a) if a.nbytes <= max_bytes else {
                "dtype": str(a.dtype), "shape": list(a.shape), "digest": digest(a)}
            out = ["array", enc]
        res.append({"out": list(out) if out is not None else None,
                    "warnings": [list(w) for w in ws]})
    return res


def digest(a):
    """A short fingerprint of an array's dtype, shape and exact bytes."""
    a = np.array(a, order="C")
    h = hashlib.sha256("{}{}".format(a.dtype.str, a.shape).encode())
    h.update(a.astype(a.dtype.newbyteorder("<")).tobytes())
    return h.hexdigest()[:16]


def text_digest(text):
    """A short fingerprint of a printed text (what a learner reads)."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def compare(ours, theirs):
    """Differences between two encoded runs (an empty list when they agree bit for bit)."""
    diffs = []
    for i, (a, b) in enumerate(zip(ours, theirs)):
        if a == b:
            continue
        if a["warnings"] != b["warnings"]:
            diffs.append("step {}: warnings {} vs torch {}".format(i, a["warnings"],
                                                                   b["warnings"]))
        oa, ob = a["out"], b["out"]
        if oa != ob:
            if oa and ob and oa[0] == ob[0] == "array" and "hex" in oa[1] and "hex" in ob[1]:
                x, y = decode_array(oa[1]), decode_array(ob[1])
                if x.dtype != y.dtype or x.shape != y.shape:
                    diffs.append("step {}: {} {} vs torch {} {}".format(
                        i, x.dtype, x.shape, y.dtype, y.shape))
                else:
                    xb = x.reshape(-1).view("u{}".format(x.itemsize))
                    yb = y.reshape(-1).view("u{}".format(y.itemsize))
                    bad = np.flatnonzero(xb != yb)
                    diffs.append("step {}: {} of {} values differ, first at {}: {!r} vs torch "
                                 "{!r}".format(i, bad.size, x.size, bad[:3].tolist(),
                                               x.reshape(-1)[bad[:3]].tolist(),
                                               y.reshape(-1)[bad[:3]].tolist()))
            else:
                diffs.append("step {}: {} vs torch {}".format(i, oa, ob))
    if len(ours) != len(theirs):
        diffs.append("{} steps vs torch {}".format(len(ours), len(theirs)))
    return diffs
