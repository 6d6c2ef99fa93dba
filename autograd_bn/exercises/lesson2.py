"""The exercises of lesson 2 (lesson_sources/02_first_network.md).

The checker builds its own small network and data for the code exercises; it saves and restores
the random number generator around every check, so the notebook's numbers do not change.
"""
import autograd_bn as torch

from .. import nn
from ..ops.inplace import LEAF_INPLACE
from ..autograd.engine import NO_GRAD_FN
from ..i18n import N_, _
from ._answers import run_learner
from ._checker import Exercise, close_to, is_name

MESSAGES = {
    "q1.why": N_("nn.Linear(2, 32) stores W with one row for each of its 32 outputs and one "
                 "column for each of its 2 inputs, and computes x Wᵀ + b."),
    "q1.hint": N_("The layer computes y = x Wᵀ + b. x has 2 columns and y has 32; what shape "
                  "must W have for x Wᵀ to work?"),
    "q1.transposed": N_("These are the sizes in the order of the call nn.Linear(n_in, n_out), "
                        "but the weight is stored the other way round: n_out × n_in, one row "
                        "for each output, because the layer computes x Wᵀ."),
    "q2.why": N_("model[1] is the tanh, the last operation applied, so the result's grad_fn "
                 "is TanhBackward0; the AddmmBackward0 of the linear layer comes before it."),
    "q2.hint": N_("grad_fn belongs to the last operation that produced the tensor. Which layer "
                  "runs last here?"),
    "q2.addmm": N_("AddmmBackward0 is the node of the linear layer model[0]. Its result then "
                   "went through model[1], and grad_fn names that last operation."),
    "q3.why": N_("Inside torch.no_grad() the in-place update p -= lr * p.grad is not recorded, "
                 "so each parameter stays a leaf and moves against its gradient."),
    "q3.hint": N_("for p in params: inside with torch.no_grad(): change p in place with "
                  "p -= lr * p.grad."),
    "q3.no_grad": N_("autograd forbids an in-place change of a leaf that requires gradients "
                     "while it records: the update itself would become part of the graph. Do "
                     "the update inside with torch.no_grad():."),
    "q3.rebind": N_("The parameters did not change. p = p - lr * p.grad makes a new tensor and "
                    "only gives it the name p; the model's tensor stays as it was. Change it "
                    "in place: p -= lr * p.grad."),
    "q3.sign": N_("The parameters moved along the gradient, which makes the loss larger. "
                  "Gradient descent subtracts: p -= lr * p.grad."),
    "q4.why": N_("zero_grad() empties the gradients of the previous step, backward() computes "
                 "new ones, and step() uses them: in this order, each step uses exactly its own "
                 "gradient."),
    "q4.hint": N_("Four lines: optimizer.zero_grad(), the loss of model(X) against y, "
                  "loss.backward(), optimizer.step()."),
    "q4.unchanged": N_("The parameters did not change at all. A step needs loss.backward() to "
                       "compute the gradients and then optimizer.step() to apply them; "
                       "zero_grad() belongs before backward(), not between backward() and "
                       "step()."),
}


def text(key, **fields):
    return _(MESSAGES[key]).format(**fields)


# -------------------------------------------------------------- 1, 2: layers
def _q1():
    return tuple(nn.Linear(2, 32).weight.shape)


def _q2():
    model = nn.Sequential(nn.Linear(2, 32), nn.Tanh())
    out = model[1](model[0](torch.ones(4, 2)))
    return type(out.grad_fn).__name__


# -------------------------------------------------------------- 4: a training step
def _q4_setup():
    torch.manual_seed(1)     # the checker restores the generator afterwards
    model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 2))
    X = torch.randn(8, 2)
    y = torch.tensor([0, 1] * 4)
    return model, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=0.5), X, y


def _flat(model):
    return [v for p in model.parameters() for v in p.detach().reshape(-1).tolist()]


def _q4_run(step, steps=2):
    model, loss_fn, optimizer, X, y = _q4_setup()
    for _ in range(steps):
        run_learner(step, model, loss_fn, optimizer, X, y)
    return _flat(model)


def _step_right(model, loss_fn, optimizer, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()


def _step_without_zero_grad(model, loss_fn, optimizer, X, y):
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()


# -------------------------------------------------------------- 3: gradient descent by hand
_Q3_LR = 0.1


def _q3_params():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([[0.5, -1.0]], requires_grad=True)
    a.grad = torch.tensor([0.5, -3.0])
    b.grad = torch.tensor([[2.0, 1.0]])
    return [a, b]


def _q3_flat(params):
    return [v for p in params for v in p.detach().reshape(-1).tolist()]


def _q3_probe(fn):
    params = _q3_params()
    run_learner(fn, params, _Q3_LR)
    return _q3_flat(params)


def _q3_moved(sign):
    params = _q3_params()
    return [v + sign * _Q3_LR * g for p in params
            for v, g in zip(p.detach().reshape(-1).tolist(), p.grad.reshape(-1).tolist())]


EXERCISES = [
    Exercise("shape", _q1, [
        (lambda obs: obs == tuple(reversed(_q1())), "q1.transposed"),
    ], solution="check.q1((32, 2))"),
    Exercise("printed", _q2, [
        (is_name("AddmmBackward0"), "q2.addmm"),
    ], solution='check.q2("TanhBackward0")'),
    Exercise("function", lambda: _q3_moved(-1), [
        (close_to(lambda: _q3_moved(0)), "q3.rebind"),
        (close_to(lambda: _q3_moved(+1)), "q3.sign"),
    ], probe=_q3_probe, errors=[(lambda: _(LEAF_INPLACE), "q3.no_grad")], solution='''
def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad


check.q3(sgd_step)
'''),
    Exercise("function", lambda: _q4_run(_step_right), [
        (close_to(lambda: _q4_run(_step_without_zero_grad)), "accumulated"),
        (close_to(lambda: _q4_run(_step_right, steps=0)), "q4.unchanged"),
    ], probe=_q4_run, errors=[(lambda: _(NO_GRAD_FN), "no_grad_swallowed")], solution='''
def train_step(model, loss_fn, optimizer, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()


check.q4(train_step)
'''),
]
