"""How long a slider change takes to redraw the widgets (Python time, no browser).

    python benchmarks/bench_widgets.py [--moves N] [--lang en|bn|both]

For every ready-made function of JacobianExplorer, the first slider is moved N times in small
steps, as a drag does; each move is timed from `slider.value = v` until the widget holds its
new HTML and picture (the traitlets notification, the Jacobian by autograd, the finite
differences, the HTML and, for R^2 -> R^2, the PNG).  Reported: median, 90th percentile and
maximum in milliseconds, as wall time and as this process's CPU time (the
latter hardly changes when other programs load the machine).  "full figure" is the rare redraw in which the picture's axes change
(a new language, digits or limits) and matplotlib lays out the whole figure again; the usual
redraw only blits the curves.  VJPExplorer's v sliders and GraphView's step control are timed
the same way.  Target (issue 5): well under 100 ms for the ready-made functions.

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
        if ex._picture is not None:
            full = []
            for k in range(5):                       # force new axes limits every time
                ex._picture.limits = [None, None]
                t0, c0 = time.perf_counter(), time.process_time()
                ex.sliders[0].value = ex.sliders[0].value + 0.01
                full.append((time.perf_counter() - t0, time.process_time() - c0))
            line += (f"\n    full figure: wall median "
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=40)
    ap.add_argument("--lang", choices=("en", "bn", "both"), default="both")
    args = ap.parse_args()
    for lang in (("en", "bn") if args.lang == "both" else (args.lang,)):
        bench_language(lang, args.moves)
    torch.set_language("en")


if __name__ == "__main__":
    main()
