"""The same numbers on every CPU: the notebooks' recorded outputs under other CPUs' kernels.

OpenBLAS picks a matrix kernel per CPU and NumPy a SIMD loop per CPU; both can be told to act
as on an older machine, on this one:
  OPENBLAS_CORETYPE         Prescott, Sandybridge, Haswell, Zen, SkylakeX (AVX-512 only)
  NPY_DISABLE_CPU_FEATURES  X86_V3 (NumPy's AVX2/AVX-512 loops off)

* test_kernels_change_numpy_not_us: in each configuration, NumPy's own float32 product and
  float64 exp change their bits (the configuration really took effect), while autograd_bn's
  products, functions and a short training run stay bit-identical.
* test_notebooks_reproduce: nbval over the committed notebooks in that configuration.

`make test` runs one configuration far from the native one (Prescott kernels with NumPy's
X86_V3 loops off); `.ci/run` sets AGBN_CPU_MATRIX=full for every combination this CPU can run,
plus one with glibc's variants for CPUs without FMA (GLIBC_TUNABLES): the C library's last bits
change there (torch's too), the lessons' printed numbers must not.
PyTorch itself is kept out of these runs (its own CPU-dependent numbers are shown only in a
cell whose output nbval ignores).
"""
import hashlib
import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
FLAGS = set()
if pathlib.Path("/proc/cpuinfo").exists():
    for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("flags"):
            FLAGS = set(line.split(":", 1)[1].split())
            break
_NEEDS = {"Prescott": set(), "Sandybridge": {"avx"}, "Haswell": {"avx2", "fma"},
          "Zen": {"avx2", "fma"}, "SkylakeX": {"avx512f", "avx512bw", "avx512vl"}}
CORETYPES = [c for c, need in _NEEDS.items() if need <= FLAGS]
NPY = ["", "X86_V3"] if {"avx2", "fma"} <= FLAGS else [""]
FULL = [(c, n) for c in CORETYPES for n in NPY]
# glibc picks FMA variants of log/sin/cos/exp/pow... on CPUs with FMA; this switches them off,
# as on a CPU without FMA (their last bits differ in 1 value in 1,200-8,500).
NO_FMA_LIBM = "glibc.cpu.hwcaps=-AVX2,-FMA,-AVX512F"
CONFIGS = FULL if os.environ.get("AGBN_CPU_MATRIX") == "full" else [("Prescott", NPY[-1])]
# the C library's non-FMA variants (full matrix only): the lessons' printed numbers must not move
LIBM_CONFIGS = [("Prescott", NPY[-1], NO_FMA_LIBM)] if len(CONFIGS) > 1 else []


def _env(coretype, npy, block_torch=False, tmp=None, libm=""):
    env = dict(os.environ, OPENBLAS_CORETYPE=coretype, NPY_DISABLE_CPU_FEATURES=npy,
               OPENBLAS_NUM_THREADS="1")
    if libm:
        env["GLIBC_TUNABLES"] = libm
    if block_torch:
        shim = pathlib.Path(tmp) / "no_torch"
        (shim / "torch").mkdir(parents=True, exist_ok=True)
        (shim / "torch" / "__init__.py").write_text(
            'raise ImportError("torch is kept out of the CPU-matrix runs")\n')
        env["PYTHONPATH"] = os.pathsep.join([str(shim), str(ROOT), env.get("PYTHONPATH", "")])
    return env


PROBE = r"""
import hashlib, json, numpy as np
import autograd_bn as torch
from autograd_bn import nn
def h(a): return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()[:16]
rng = np.random.default_rng(0)
a = rng.standard_normal((64, 400)).astype(np.float32)
b = rng.standard_normal((400, 48)).astype(np.float32)
x = rng.uniform(-30, 30, 100_000)
raw = {"sgemm": h(a @ b), "exp64": h(np.exp(x)), "tanh64": h(np.tanh(x)),
       "pow64": h(np.power(np.abs(x), 2.5)),
       "exp32": h(np.exp(x.astype(np.float32)))}
ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b)
tx = torch.tensor(x.astype(np.float32))
y = (ta @ tb).tanh()
y.sum().backward()
ours = {"mm": h((ta @ tb).detach().numpy()), "grad": h(ta.grad.numpy()),
        "fns": [h(getattr(torch, f)(tx).numpy())
                for f in ("exp", "tanh", "sin", "cos", "sigmoid")],
        "log": h(torch.log(tx.abs() + 1).numpy()),
        "pow": h(((tx.abs() + 1) ** 1.7).numpy()),
        "pow64": h((torch.tensor(x).abs() ** 2.5).numpy()),
        "softmax": h(torch.tensor(a).softmax(dim=1).numpy())}
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 32), nn.Tanh(), nn.Linear(32, 2))
opt = torch.optim.Adam(net.parameters(), lr=0.01)
X, Y = torch.randn(400, 2), (torch.rand(400) > 0.5).long()
for _ in range(30):
    opt.zero_grad(); loss = nn.CrossEntropyLoss()(net(X), Y); loss.backward(); opt.step()
ours["training"] = h(torch.cat([p.detach().reshape(-1) for p in net.parameters()]).numpy())
print(json.dumps({"raw": raw, "ours": ours}))
"""


def _probe(coretype, npy):
    out = subprocess.run([sys.executable, "-c", PROBE], env=_env(coretype, npy), cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_kernels_change_numpy_not_us():
    configs = [("", "")] + FULL
    results = {c: _probe(*c) for c in configs}
    native = results[("", "")]
    for config, r in results.items():
        assert r["ours"] == native["ours"], f"autograd_bn's bits differ under {config}"
    raws = {json.dumps(r["raw"], sort_keys=True) for r in results.values()}
    if len(FULL) > 1:
        # otherwise the environment variables did nothing and this test proves nothing
        assert len(raws) > 1, "no configuration changed NumPy's own results"


@pytest.mark.parametrize("coretype,npy,libm",
                         [(c, n, "") for c, n in CONFIGS] + LIBM_CONFIGS,
                         ids=[f"{c}-{n or 'native'}" for c, n in CONFIGS]
                         + [f"{c}-{n or 'native'}-libm-without-fma" for c, n, _ in LIBM_CONFIGS])
def test_notebooks_reproduce(coretype, npy, libm, tmp_path):
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*/*.ipynb"))
    assert notebooks
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
           "--nbval", "--nbval-current-env", "--nbval-cell-timeout=600",
           "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", *notebooks]
    if libm:        # and torch's random numbers: float64 normals compared as this C library allows
        cmd.append("tests/test_random.py")
    out = subprocess.run(cmd, env=_env(coretype, npy, True, tmp_path, libm), cwd=ROOT,
                         capture_output=True, text=True, timeout=1800)
    assert out.returncode == 0, (f"nbval failed with OPENBLAS_CORETYPE={coretype} "
                                 f"NPY_DISABLE_CPU_FEATURES={npy} GLIBC_TUNABLES={libm}:\n"
                                 + out.stdout[-6000:])
