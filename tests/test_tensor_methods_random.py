"""Tensor.normal_/uniform_/random_ draw from the same generator as randn/rand/randint."""
import pickle

import pytest

import autograd_bn as torch


@pytest.mark.parametrize("n", [3, 15, 16, 40])
def test_normal_fills_like_randn(n):
    torch.manual_seed(5)
    want = torch.randn(n)
    torch.manual_seed(5)
    got = torch.empty(n).normal_()
    assert got.tolist() == want.tolist()


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_uniform_fills_like_rand(dtype):
    torch.manual_seed(1)
    want = torch.rand(7, dtype=dtype)
    torch.manual_seed(1)
    got = torch.empty(7, dtype=dtype).uniform_()
    assert got.tolist() == want.tolist()


def test_in_place_fill_bumps_the_version_and_refuses_grad_leaves():
    t = torch.zeros(4)
    v = t._version
    t.normal_(2.0, 0.5)
    assert t._version == v + 1
    w = torch.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        w.uniform_()
    assert w.tolist() == [0.0, 0.0, 0.0]
    with torch.no_grad():
        w.uniform_(-1, 1)                          # allowed without grad recording
    assert all(-1 <= v < 1 for v in w.tolist())


def test_random_with_bounds_matches_randint():
    torch.manual_seed(3)
    want = torch.randint(2, 9, (6,))
    torch.manual_seed(3)
    got = torch.zeros(6, dtype=torch.int64).random_(2, 9)
    assert got.tolist() == want.tolist()


def test_pickle_keeps_dtype_values_and_leaf_flag():
    t = torch.tensor([1.5, -2.25], dtype=torch.float64, requires_grad=True)
    u = pickle.loads(pickle.dumps(t))
    assert u.dtype is torch.float64 and u.tolist() == [1.5, -2.25] and u.requires_grad
    i = pickle.loads(pickle.dumps(torch.arange(3, dtype=torch.int32)))
    assert i.dtype is torch.int32 and i.tolist() == [0, 1, 2]
