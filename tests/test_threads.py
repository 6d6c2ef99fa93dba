"""Autograd state is per thread, as in PyTorch: grad mode, no_grad blocks and backward passes in
one thread leave every other thread alone.  Real threads, many trials (a race shows up only now
and then, so each test repeats its scenario)."""
import threading

import numpy as np
import pytest

import autograd_bn as torch
from autograd_bn import nn

TRIALS = 20


def run_threads(targets):
    errors = []
    barrier = threading.Barrier(len(targets))

    def wrap(fn):
        def run():
            try:
                barrier.wait()
                fn()
            except BaseException as exc:         # noqa: BLE001 - reported below
                errors.append(exc)
        return run
    threads = [threading.Thread(target=wrap(fn)) for fn in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def train(seed, steps=30, results=None):
    rng = np.random.default_rng(seed)
    x = torch.tensor(rng.standard_normal((64, 4)).astype(np.float32))
    y = torch.tensor(rng.integers(0, 3, 64))
    model = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 3))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.tensor(rng.standard_normal(tuple(p.shape)).astype(np.float32) * 0.3))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.CrossEntropyLoss()(model(x), y)
        loss.backward()
        opt.step()
        with torch.no_grad():                      # a no_grad block in the middle of training
            losses.append(model(x).sum().item())
    if results is not None:
        results[seed] = losses
    return losses


def test_two_threads_train_their_own_models():
    alone = {seed: train(seed) for seed in (1, 2)}
    for _ in range(TRIALS):
        results = {}
        run_threads([lambda s=s: train(s, results=results) for s in (1, 2)])
        assert results == alone
    assert torch.is_grad_enabled()


def test_no_grad_in_threads_does_not_leak_into_the_process():
    seen = []

    def worker():
        for _ in range(200):
            with torch.no_grad():
                seen.append(torch.is_grad_enabled())
            seen.append(torch.is_grad_enabled())
    for _ in range(TRIALS):
        run_threads([worker, worker])
        assert torch.is_grad_enabled()
        x = torch.ones(2, requires_grad=True)
        assert (x * 2).requires_grad
    assert seen.count(False) == seen.count(True)


def test_a_new_thread_starts_with_grad_mode_on():
    seen = {}

    def worker():
        seen["mode"] = torch.is_grad_enabled()
        seen["requires_grad"] = (torch.ones(1, requires_grad=True) * 2).requires_grad
    with torch.no_grad():
        run_threads([worker])
    assert seen == {"mode": True, "requires_grad": True}


def test_backward_in_one_thread_does_not_switch_off_another():
    # backward() runs its formulas with grad mode off; another thread building its graph at
    # the same time must keep recording
    def backward_loop():
        for _ in range(300):
            x = torch.ones(50, requires_grad=True)
            ((x * 3).exp() * x).sum().backward()

    def forward_loop():
        for _ in range(3000):
            x = torch.ones(3, requires_grad=True)
            assert (x * 2).requires_grad
    for _ in range(5):
        run_threads([backward_loop, forward_loop])


def test_create_graph_backward_in_threads():
    def worker():
        for _ in range(100):
            x = torch.tensor([2.0], requires_grad=True)
            (g,) = torch.autograd.grad(x ** 4, x, create_graph=True)
            (g2,) = torch.autograd.grad(g, x)
            assert g.item() == 32.0 and g2.item() == 48.0
    run_threads([worker, worker])


def test_set_grad_enabled_per_thread():
    barrier = threading.Barrier(2)
    seen = {}

    def off():
        torch.set_grad_enabled(False)
        barrier.wait()
        barrier.wait()
        seen["off"] = torch.is_grad_enabled()
        torch.set_grad_enabled(True)

    def on():
        barrier.wait()
        seen["on"] = torch.is_grad_enabled()
        barrier.wait()
    run_threads([off, on])
    assert seen == {"off": False, "on": True}


@pytest.mark.parametrize("bad", ["yes", 1, None, 1.0])
def test_set_grad_enabled_wants_a_bool(bad):
    with pytest.raises(TypeError) as info:
        torch.set_grad_enabled(bad)
    assert str(info.value) == ("set_grad_enabled(): argument 'enabled' (position 1) must be bool, "
                               f"not {type(bad).__name__}")
    assert torch.is_grad_enabled()


def test_no_grad_on_a_generator_function():
    @torch.no_grad()
    def gen():
        x = torch.ones(2, requires_grad=True)
        yield torch.is_grad_enabled(), (x * 2).requires_grad
        yield torch.is_grad_enabled(), (x * 2).requires_grad

    g = gen()
    assert next(g) == (False, False)
    assert torch.is_grad_enabled()               # the caller's mode between the steps
    assert next(g) == (False, False)
    assert list(gen()) == [(False, False)] * 2
    assert torch.is_grad_enabled()

    @torch.enable_grad()
    def gen_on():
        yield torch.is_grad_enabled()
    with torch.no_grad():
        assert list(gen_on()) == [True]
        assert not torch.is_grad_enabled()

    @torch.set_grad_enabled(False)
    def gen_off():
        sent = yield torch.is_grad_enabled()
        yield sent, torch.is_grad_enabled()
    g = gen_off()
    assert next(g) is False
    assert g.send("hello") == ("hello", False)
    assert torch.is_grad_enabled()


def test_generator_close_and_throw_run_under_the_mode():
    seen = []

    @torch.no_grad()
    def gen():
        try:
            yield 1
            yield 2
        except ValueError:
            seen.append(("throw", torch.is_grad_enabled()))
            yield 3
        finally:
            seen.append(("finally", torch.is_grad_enabled()))
    g = gen()
    next(g)
    assert g.throw(ValueError) == 3
    g.close()
    assert seen == [("throw", False), ("finally", False)]
    assert torch.is_grad_enabled()


def test_inference_mode_false_keeps_its_mode_as_decorator():
    @torch.inference_mode(False)
    def f():
        return torch.is_grad_enabled()
    with torch.no_grad():
        assert f() is True
