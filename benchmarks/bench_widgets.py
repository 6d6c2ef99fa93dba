"""How long a slider change takes to redraw the widgets (Python time, no browser).

    python benchmarks/bench_widgets.py [--moves N] [--lang en|bn|both] [--part moves|sizes|graph|all]

For every ready-made function of JacobianExplorer, the first slider is moved N times in small
steps, as a drag does; each move is timed from `slider.value = v` until the widget holds its
new HTML and picture (the traitlets notification, the Jacobian by autograd, the finite
differences, the HTML and, for R^2 -> R^2, the PNG).  Reported: median, 90th percentile and
maximum in milliseconds, as wall time and as this process's CPU time (the
latter hardly changes when other programs load the machine).  "full figure" is the rare redraw in which the picture's axes change
(a new language, digits or limits) and matplotlib lays out the whole figure again; the usual
redraw only blits the curves.  VJPExplorer's v sliders and GraphView's step control are timed
the same way.  Target (issue 5): well under 100 ms for the ready-made functions.

Sizes (issue 11; ``--part sizes``): JacobianExplorer (softmax: a dense Jacobian; square: a
diagonal one) and VJPExplorer (softmax) at x of 1, 10, 100, 1,000 and 10,000 elements, each in a
fresh interpreter: the constructor's time, a move of the first slider, a move of the block
("window move", when the Jacobian is too large to show whole), the bytes the widget holds for
the browser (HTML and images) and the peak memory.  Graphs (``--part graph``): GraphView at
50, 500, 5,000 and 20,000 nodes, as a chain (y = y * 1.001 repeated) and as a mesh (y = y * x
repeated: every node also feeds the leaf x): build time, a step (the next one, then jumps) and
the SVG's size.  Target: every interaction under 100 ms up to the explorers' limit.

    python benchmarks/bench_widgets.py --part sizes --sizes 1,10,100,1000,10000
    python benchmarks/bench_widgets.py --part graph --nodes 50,500,5000,20000

The machine may be shared: the median and the 90th percentile are the numbers to compare.
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

import autograd_bn as torch  # noqa: E402
from autograd_bn.widgets import GraphView, JacobianExplorer, VJPExplorer, examples  # noqa: E402


def timed_moves(slider, values):
    """[(wall seconds, CPU seconds of this process)] of each slider move."""
    times = []
    for v in values:
        t0, c0 = time.perf_counter(), time.process_time()
        slider.value = float(v)
        times.append((time.perf_counter() - t0, time.process_time() - c0))
    return times


def summary(times):
    wall = np.array([t[0] for t in times]) * 1e3
    cpu = np.array([t[1] for t in times]) * 1e3
    return (f"wall median {statistics.median(wall):5.1f} p90 {np.percentile(wall, 90):5.1f} "
            f"max {wall.max():5.1f} | CPU median {statistics.median(cpu):5.1f} "
            f"p90 {np.percentile(cpu, 90):5.1f} ms")


def drag(slider, moves, step):
    start = slider.value
    return [start + step * (k + 1) for k in range(moves)]


def bench_language(lang, moves):
    torch.set_language(lang)
    print(f"--- language {lang}")
    for key in examples():
        ex = JacobianExplorer(example=key)
        ex.sliders[0].value = ex.sliders[0].value + 0.005           # warm up
        times = timed_moves(ex.sliders[0], drag(ex.sliders[0], moves, 0.01))
        line = f"JacobianExplorer {key:9s} {summary(times)}"
        if ex.picture.layout.display is None:        # a map of the plane: the square picture
            full = []
            for k in range(5):                       # force new axes limits every time
                ex._picture.limits = [None, None]
                t0, c0 = time.perf_counter(), time.process_time()
                ex.sliders[0].value = ex.sliders[0].value + 0.01
                full.append((time.perf_counter() - t0, time.process_time() - c0))
            line += (f"\n    new axes: wall median "
                     f"{statistics.median([t[0] for t in full]) * 1e3:.1f} | CPU median "
                     f"{statistics.median([t[1] for t in full]) * 1e3:.1f} ms")
        print(line)
    vx = VJPExplorer()
    times = timed_moves(vx.sliders[0], drag(vx.sliders[0], moves, 0.01))
    print(f"VJPExplorer (lesson)       {summary(times)}")
    x = torch.ones(2, 2, requires_grad=True)
    out = ((x + 2) * (x + 2) * 3).mean()
    view = GraphView(out)
    steps = [k % (len(view.steps) + 1) for k in range(1, moves + 1)]
    times = timed_moves(view.step_slider, steps)
    print(f"GraphView step (lesson)    {summary(times)}")


# --------------------------------------------------------------------------- sizes (issue 11)
def rss_mib():
    """Peak resident memory of this process so far, in MiB (Linux: ru_maxrss is in KiB).
    "peak +N MiB" is how far building and using the widget raised it above its value after the
    imports (0: no higher than the imports had already been)."""
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def shown_bytes(widget):
    """What a widget sends to the browser: the text of its HTML children and its images."""
    total = 0
    for child in getattr(widget, "children", ()):
        value = getattr(child, "value", None)
        if isinstance(value, (str, bytes)) and not hasattr(child, "min"):
            total += len(value)
        total += shown_bytes(child)
    return total


def window_slider(widget, name):
    """The window control ``name`` ("row" or "col") of a widget that has one, else None."""
    return getattr(widget, f"{name}_slider", None)


def graph_of(kind, nodes):
    """A graph of about ``nodes`` nodes: "chain" (y = y * 1.001 again and again: one long path)
    or "mesh" (y = y * x again and again: every node also feeds the one leaf x)."""
    x = torch.ones(3, requires_grad=True)
    y = x
    for _k in range(nodes - 2):
        y = y * 1.001 if kind == "chain" else y * x
    return y.sum()


def one_size(kind, size, moves):
    """Build one widget of one size and time it; prints one line.  Run in a fresh process (the
    peak memory is this widget's)."""
    rng = np.random.default_rng(0)
    base = rss_mib()
    if kind.startswith("graph"):
        out = graph_of(kind.split("-")[1], size)
        t0, c0 = time.perf_counter(), time.process_time()
        view = GraphView(out)
        build = (time.perf_counter() - t0, time.process_time() - c0)
        n = len(view.steps)
        targets = [n // 2 + k for k in range(moves)] + [n, 1, n // 3]
        times = timed_moves(view.step_slider, targets)
        print(f"{kind:13s} {len(view.nodes):6d} nodes  build {build[0] * 1e3:8.1f} ms "
              f"(CPU {build[1] * 1e3:8.1f})  step {summary(times)}  SVG "
              f"{len(view.svg) / 1e3:8.1f} kB  peak +{rss_mib() - base:6.0f} MiB "
              f"(of {rss_mib():.0f})", flush=True)
        return
    x = torch.tensor(rng.normal(size=size))
    t0, c0 = time.perf_counter(), time.process_time()
    if kind == "vjp":
        widget = VJPExplorer(examples()["softmax"][0], x, v=np.ones(size))
    else:
        widget = JacobianExplorer(x=x, example=kind)
    build = (time.perf_counter() - t0, time.process_time() - c0)
    slider = widget.sliders[0]
    times = timed_moves(slider, drag(slider, moves, 0.01))
    line = (f"{kind:13s} {size:6d} elements  build {build[0] * 1e3:8.1f} ms "
            f"(CPU {build[1] * 1e3:8.1f})  move {summary(times)}  shown "
            f"{shown_bytes(widget) / 1e3:9.1f} kB  peak +{rss_mib() - base:6.0f} MiB "
            f"(of {rss_mib():.0f})")
    col = window_slider(widget, "col")
    if col is not None and widget.window_box.layout.display != "none" and col.max > col.min:
        steps = [min(col.max, col.min + 8 * (k + 1)) for k in range(moves)]
        line += f"\n{'':13s} window move {summary(timed_moves(col, steps))}"
    print(line, flush=True)


def bench_sizes(kinds, sizes, moves, timeout):
    """Each (kind, size) in a fresh interpreter, so that peak memory is measured per widget."""
    import subprocess
    for kind in kinds:
        for size in sizes:
            cmd = [sys.executable, os.path.abspath(__file__), "--one", f"{kind}:{size}",
                   "--moves", str(moves)]
            try:
                r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
                print(r.stdout.rstrip() or f"{kind} {size}: failed\n{r.stderr[-2000:]}",
                      flush=True)
            except subprocess.TimeoutExpired:
                print(f"{kind:13s} {size:6d}: no result within {timeout} s", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=40)
    ap.add_argument("--lang", choices=("en", "bn", "both"), default="both")
    ap.add_argument("--part", choices=("moves", "sizes", "graph", "all"), default="all",
                    help="moves: the ready-made functions; sizes: the explorers at 1 to 10,000 "
                         "elements; graph: GraphView at 50 to 20,000 nodes")
    ap.add_argument("--sizes", default="1,10,100,1000,10000")
    ap.add_argument("--nodes", default="50,500,5000,20000")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per widget (sizes, graph)")
    ap.add_argument("--one", help=argparse.SUPPRESS)        # KIND:SIZE, in a fresh process
    args = ap.parse_args()
    if args.one:
        kind, size = args.one.split(":")
        one_size(kind, int(size), args.moves)
        return
    if args.part in ("moves", "all"):
        for lang in (("en", "bn") if args.lang == "both" else (args.lang,)):
            bench_language(lang, args.moves)
        torch.set_language("en")
    sized_moves = min(args.moves, 10)
    if args.part in ("sizes", "all"):
        print("--- explorers by size of x (softmax: a dense Jacobian, square: a diagonal one)")
        bench_sizes(["softmax", "square", "vjp"], [int(s) for s in args.sizes.split(",")],
                    sized_moves, args.timeout)
    if args.part in ("graph", "all"):
        print("--- GraphView by number of nodes")
        bench_sizes(["graph-chain", "graph-mesh"], [int(s) for s in args.nodes.split(",")],
                    sized_moves, args.timeout)


if __name__ == "__main__":
    main()
