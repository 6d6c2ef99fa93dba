"""autograd_bn's benchmarks: each measured side by side with PyTorch and hand-written NumPy
in one run, reported as ratios (lower is better for autograd_bn).

    python benchmarks/run.py            # all
    python benchmarks/run.py tutorial   # one: tutorial, mlp, mlp_nn, lesson2, import, chain

(a) tutorial: the lesson's cell (ones(2,2) -> +2 -> y*y*3 -> mean -> backward), 10,000 times
(b) mlp:      784-256-10 MLP, batch 64, cross-entropy, 200 SGD steps (float32, one thread)
    mlp_nn:   the same run written with nn.Linear, nn.CrossEntropyLoss and optim.SGD
              (torch.nn + torch.optim for torch); same weights, same losses
    lesson2:  lesson 2's network (2-32-32-2, tanh, Adam, 400 points), 100 steps
    Each is measured in the default (deterministic) mode and, as "autograd_bn fast", with
    use_deterministic_algorithms(False).
(c) import:   `import autograd_bn` against `import numpy`, in fresh interpreters
(d) chain:    backward through a chain of 100,000 multiplications
Targets (issue 2): (a) <= 0.5x torch, (b) <= 1.0x torch, (c) <= 0.15 s above numpy,
(d) no error and <= 1.0x torch.
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"          # one thread everywhere, set before NumPy loads

import statistics
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import autograd_bn  # noqa: E402

try:
    import torch
    torch.set_num_threads(1)
except ImportError:                      # the ratios to torch are then left out
    torch = None


def interleaved(fns, repeat=7):
    """Best time of each of several functions, their rounds taken in turn (A B C A B C ...), so
    that a change in the machine's load affects them alike and their ratio stays fair."""
    best = {name: float("inf") for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


# --- (a) the tutorial cell --------------------------------------------------------------
def tutorial_cell(lib):
    x = lib.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    out.backward()
    return x.grad


def tutorial_numpy():
    x = np.ones((2, 2), np.float32)
    y = x + 2
    z = y * y * 3
    z.mean()
    gz = np.full((2, 2), np.float32(1) / 4, np.float32)
    gy = gz * 3 * y
    return (gy + gy).copy()


def bench_tutorial(n=10_000):
    def loop(fn, *args):
        def run():
            for _ in range(n):
                fn(*args)
        run()                                   # warm up
        return run
    fns = {"autograd_bn": loop(tutorial_cell, autograd_bn), "numpy": loop(tutorial_numpy)}
    if torch is not None:
        fns["torch"] = loop(tutorial_cell, torch)
    return {k: v / n for k, v in interleaved(fns).items()}, "us per cell", 1e6


# --- (b) an MLP training run ------------------------------------------------------------
def mlp_data(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((64, 784)).astype(np.float32)
    y = rng.integers(0, 10, 64)
    w1 = (rng.standard_normal((784, 256)) * 0.05).astype(np.float32)
    w2 = (rng.standard_normal((256, 10)) * 0.05).astype(np.float32)
    return x, y, w1, w2


def mlp_train(lib, steps=200, lr=0.1):
    x, y, w1, w2 = mlp_data()
    F = lib.nn.functional
    X, Y = lib.tensor(x), lib.tensor(y)
    W1 = lib.tensor(w1, requires_grad=True)
    b1 = lib.zeros(256, requires_grad=True)
    W2 = lib.tensor(w2, requires_grad=True)
    b2 = lib.zeros(10, requires_grad=True)
    params = (W1, b1, W2, b2)
    for _ in range(steps):
        loss = F.cross_entropy((X @ W1 + b1).relu() @ W2 + b2, Y)
        loss.backward()
        with lib.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None
    return loss.item()


def mlp_numpy(steps=200, lr=0.1):
    x, y, w1, w2 = mlp_data()
    b1, b2 = np.zeros(256, np.float32), np.zeros(10, np.float32)
    rows = np.arange(64)
    for _ in range(steps):
        h = x @ w1 + b1
        a = np.maximum(h, 0)
        logits = a @ w2 + b2
        shifted = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        p = e / e.sum(axis=1, keepdims=True)
        loss = -np.log(p[rows, y]).mean()
        g = p
        g[rows, y] -= 1
        g /= 64
        gw2, gb2 = a.T @ g, g.sum(0)
        ga = g @ w2.T
        ga[h <= 0] = 0
        gw1, gb1 = x.T @ ga, ga.sum(0)
        w1 -= lr * gw1
        b1 -= lr * gb1
        w2 -= lr * gw2
        b2 -= lr * gb2
    return float(loss)


def fast(fn):
    """fn run with use_deterministic_algorithms(False): NumPy's BLAS and SIMD loops."""
    def run():
        autograd_bn.use_deterministic_algorithms(False)
        try:
            return fn()
        finally:
            autograd_bn.use_deterministic_algorithms(True)
    return run


def bench_mlp():
    return side_by_side(mlp_train, 3, {"numpy": mlp_numpy}), "ms for 200 steps", 1e3


def mlp_train_nn(lib, steps=200, lr=0.1):
    """mlp_train written with the library's nn and optim packages."""
    x, y, w1, w2 = mlp_data()
    nn = lib.nn
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    with lib.no_grad():                          # the functional run's weights, transposed
        model[0].weight.copy_(lib.tensor(w1.T.copy()))
        model[2].weight.copy_(lib.tensor(w2.T.copy()))
        model[0].bias.zero_()
        model[2].bias.zero_()
    return train_steps(lib, model, lib.optim.SGD(model.parameters(), lr=lr), x, y, steps)


def train_steps(lib, model, opt, x, y, steps):
    """`steps` training steps with cross-entropy; the last loss."""
    X, Y = lib.tensor(x), lib.tensor(y)
    loss_fn = lib.nn.CrossEntropyLoss()
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(model(X), Y)
        loss.backward()
        opt.step()
    return loss.item()


def side_by_side(train, rounds, extra=None):
    """Round-robin timings of train(lib): autograd_bn in both modes, torch, and `extra`."""
    fns = {"autograd_bn": lambda: train(autograd_bn),
           "autograd_bn fast": fast(lambda: train(autograd_bn)), **(extra or {})}
    if torch is not None:
        fns["torch"] = lambda: train(torch)
    return interleaved(fns, rounds)


def bench_mlp_nn():
    return side_by_side(mlp_train_nn, 3, {"numpy": mlp_numpy}), "ms for 200 steps", 1e3


def lesson2_train(lib, steps=100):
    """Lesson 2's network and optimizer on 400 points (the data is random here)."""
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((400, 2)).astype(np.float32), rng.integers(0, 2, 400)
    nn = lib.nn
    lib.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(),
                          nn.Linear(32, 2))
    return train_steps(lib, model, lib.optim.Adam(model.parameters(), lr=0.01), x, y, steps)


def bench_lesson2():
    return side_by_side(lesson2_train, 5), "ms for 100 steps", 1e3


# --- (c) import time --------------------------------------------------------------------
def import_time(module, runs=7):
    """Median wall time of `python -c 'import MODULE'` in fresh interpreters, with bytecode
    caches written (as after `pip install`; a first run writes them even where
    PYTHONDONTWRITEBYTECODE is set in the environment)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=root)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True, env=env)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_import():
    res = {"autograd_bn": import_time("autograd_bn"), "numpy": import_time("numpy")}
    if torch is not None:
        res["torch"] = import_time("torch", runs=3)
    return res, "ms", 1e3


# --- (d) a long chain -------------------------------------------------------------------
def chain(lib, n=100_000):
    x = lib.ones(3, requires_grad=True)
    y = x
    for _ in range(n):
        y = y * 1.00001
    y.sum().backward()
    return x.grad


def bench_chain():
    fns = {"autograd_bn": lambda: chain(autograd_bn)}
    if torch is not None:
        fns["torch"] = lambda: chain(torch)
    return interleaved(fns, 3), "ms (forward + backward)", 1e3


BENCHMARKS = {"tutorial": bench_tutorial, "mlp": bench_mlp, "mlp_nn": bench_mlp_nn,
              "lesson2": bench_lesson2, "import": bench_import, "chain": bench_chain}


def main(names):
    print(f"autograd_bn {autograd_bn.__version__}, numpy {np.__version__}, "
          f"torch {torch.__version__ if torch else 'not installed'}, one thread")
    for name in names:
        res, unit, scale = BENCHMARKS[name]()
        parts = [f"{k} {v * scale:.1f}" for k, v in res.items()]
        line = f"{name:9s} {unit}: " + ", ".join(parts)
        if "torch" in res:
            for mine in ("autograd_bn", "autograd_bn fast"):
                if mine in res:
                    line += f" | {mine}/torch = {res[mine] / res['torch']:.2f}x"
        if name == "import":
            line += f" | above numpy: {(res['autograd_bn'] - res['numpy']) * 1e3:.0f} ms"
        elif "numpy" in res:
            line += f" | autograd_bn/numpy = {res['autograd_bn'] / res['numpy']:.2f}x"
        print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(BENCHMARKS))
