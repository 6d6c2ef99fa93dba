"""Time randn(1_000_000) in autograd_bn against torch (one thread), side by side.

Usage: python benchmarks/bench_random.py [--repeat N] [--size N]

Each round times ours and torch's call back to back, alternating which goes first, and the
best of the rounds is reported (the machine may be shared; the minimum is the most stable
estimate of the cost).  Prints the times in milliseconds and the ratio ours / torch.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from autograd_bn import random as ab_random  # noqa: E402
from autograd_bn import float32, float64  # noqa: E402


def _timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--size", type=int, default=1_000_000)
    args = ap.parse_args()
    try:
        import torch
    except ImportError:
        torch = None
    else:
        torch.set_num_threads(1)
    n = args.size
    print(f"randn({n:_}), best of {args.repeat} rounds")
    for name, ours_dt, torch_dt in (("float32", float32, "float32"),
                                    ("float64", float64, "float64")):
        ours = lambda: ab_random.randn_array((n,), ours_dt)         # noqa: E731
        ours()                                                      # warm-up (libm check)
        t_ours = []
        t_torch = []
        for i in range(args.repeat):
            if torch is not None:
                tdt = getattr(torch, torch_dt)
                theirs = lambda: torch.randn(n, dtype=tdt)           # noqa: E731
                pair = [(t_ours, ours), (t_torch, theirs)]
                for acc, fn in (pair if i % 2 == 0 else pair[::-1]):
                    acc.append(_timed(fn))
            else:
                t_ours.append(_timed(ours))
        mine = min(t_ours) * 1e3
        if t_torch:
            ref = min(t_torch) * 1e3
            print(f"  {name}: autograd_bn {mine:8.2f} ms   torch {ref:8.2f} ms   "
                  f"ratio {mine / ref:5.2f}")
        else:
            print(f"  {name}: autograd_bn {mine:8.2f} ms   (torch not installed)")


if __name__ == "__main__":
    main()
