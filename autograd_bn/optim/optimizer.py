"""``Optimizer``: the base class of SGD and Adam, with PyTorch's parameter groups, per-parameter
state, ``zero_grad``, ``state_dict`` and ``load_state_dict``."""
import warnings
from collections import defaultdict
from copy import deepcopy
from itertools import chain

from ..autograd.grad_mode import enable_grad, no_grad
from ..i18n import _
from ..nn.module import typename
from ..nn.parameter import _zero_grads
from ..tensor import Tensor

__all__ = ["Optimizer", "required"]


class _RequiredParameter:
    """Singleton class representing a required parameter for an Optimizer."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


def _typename(obj):
    return typename(obj)


class Optimizer:
    """Base class: holds ``param_groups`` (a list of dicts) and ``state`` (per parameter)."""

    def __init__(self, params, defaults):
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError(_("params argument given to the optimizer should be an iterable of "
                              "Tensors or dicts, but got {t}").format(t=_typename(params)))
        self.state = defaultdict(dict)
        self.param_groups = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError(_("optimizer got an empty parameter list"))
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for param_group in param_groups:
            self.add_param_group(param_group)

    def __getstate__(self):
        return {"defaults": self.defaults, "state": self.state,
                "param_groups": self.param_groups}

    # the options an older pickle may lack, with the values they then take (per optimizer)
    _restored_defaults = {}

    def __setstate__(self, state):
        self.__dict__.update(state)
        for group in self.param_groups:
            for key, value in self._restored_defaults.items():
                group.setdefault(key, value)

    def __repr__(self):
        format_string = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            format_string += "\n"
            format_string += f"Parameter Group {i}\n"
            for key in sorted(group.keys()):
                if key != "params":
                    format_string += f"    {key}: {group[key]}\n"
        format_string += ")"
        return format_string

    def add_param_group(self, param_group):
        """Add a parameter group: a dict with ``"params"`` and optionally its own hyperparameters.

        Hyperparameters it leaves out take the optimizer's defaults. As in PyTorch, ``params`` may
        be one tensor or an ordered iterable (not a set), every parameter must be a leaf (or retain
        its grad), a parameter may belong to only one group, and duplicates within the group give a
        UserWarning.
        """
        if not isinstance(param_group, dict):
            raise TypeError(_("param_group must be a dict, but got {t}").format(
                t=type(param_group).__name__))
        params = param_group["params"]
        if isinstance(params, Tensor):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError(_("optimizer parameters need to be organized in ordered collections, "
                              "but the ordering of tensors in sets will change between runs. "
                              "Please use a list instead."))
        else:
            param_group["params"] = list(params)
        for param in param_group["params"]:
            if not isinstance(param, Tensor):
                raise TypeError(_("optimizer can only optimize Tensors, but one of the params is "
                                  "{t}").format(t=_typename(param)))
            if not (param.is_leaf or param.retains_grad):
                raise ValueError(_("can't optimize a non-leaf Tensor"))
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(_("parameter group didn't specify a value of required "
                                   "optimization parameter {name}").format(name=name))
            param_group.setdefault(name, default)
        params = param_group["params"]
        if len(params) != len({id(p) for p in params}):
            warnings.warn(_("optimizer contains a parameter group with duplicate parameters; in "
                            "future, this will cause an error; see "
                            "github.com/pytorch/pytorch/issues/40967 for more information"),
                          UserWarning, stacklevel=3)
        seen = {id(p) for group in self.param_groups for p in group["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError(_("some parameters appear in more than one parameter group"))
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none=True):
        """Reset the gradients of all parameters of all groups.

        With ``set_to_none=True`` (the default, as in PyTorch 2) each ``.grad`` becomes None;
        otherwise existing gradients are detached from any graph and filled with zeros in place.
        """
        _zero_grads(chain.from_iterable(group["params"] for group in self.param_groups),
                    set_to_none)

    def step(self, closure=None):
        """Update every parameter that has a ``.grad``; return the closure's loss (or None).

        ``closure``, if given, is called first with grad mode enabled (to recompute the loss and
        the gradients) and its result returned; the update itself runs under no_grad and writes
        into the parameters in place. Parameters whose ``.grad`` is None are skipped.
        """
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        with no_grad():
            for group in self.param_groups:
                self._update_group(group)
        return loss

    def _update_group(self, group):
        raise NotImplementedError

    # --- state_dict ----------------------------------------------------------------------
    def state_dict(self):
        """Return the state as ``{"state": ..., "param_groups": ...}``, in PyTorch's format.

        Parameters are replaced by their indices (counted over all groups in order), so the dict
        can be loaded into an optimizer built over other, equally shaped parameters. The
        per-parameter state tensors are the optimizer's own, not copies.
        """
        param_mappings = {}
        start_index = 0

        def pack_group(group):
            nonlocal start_index
            packed = {k: v for k, v in group.items() if k != "params"}
            param_mappings.update({id(p): i for i, p in enumerate(group["params"], start_index)
                                   if id(p) not in param_mappings})
            packed["params"] = [param_mappings[id(p)] for p in group["params"]]
            start_index += len(packed["params"])
            return packed

        param_groups = [pack_group(g) for g in self.param_groups]
        packed_state = {(param_mappings[id(k)] if isinstance(k, Tensor) else k): v
                        for k, v in self.state.items()}
        return {"state": packed_state, "param_groups": param_groups}

    def load_state_dict(self, state_dict):
        """Load a state from ``state_dict()`` (of this or a matching optimizer).

        The groups must match in number and size; the hyperparameters and per-parameter state
        (momentum buffers, Adam's moments and steps) are taken from the dict, state tensors other
        than ``step`` cast to their floating-point parameter's dtype. Raises ValueError when the
        groups differ.
        """
        state_dict = state_dict.copy()
        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError(_("loaded state dict has a different number of parameter groups"))
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups)):
            raise ValueError(_("loaded state dict contains a parameter group that doesn't match "
                               "the size of optimizer's group"))
        id_map = dict(zip(chain.from_iterable(g["params"] for g in saved_groups),
                          chain.from_iterable(g["params"] for g in groups)))

        def cast(param, value, key=None):
            if isinstance(value, Tensor):
                if key == "step" or value.dtype is param.dtype or \
                        not param.is_floating_point():
                    return value
                return value.to(param.dtype)
            if isinstance(value, dict):
                return {k: cast(param, v, k) for k, v in value.items()}
            return value

        state = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                param = id_map[k]
                state[param] = cast(param, v)
            else:
                state[k] = v
        for group, new_group in zip(groups, saved_groups):
            new_group["params"] = group["params"]
        self.__setstate__({"state": state, "param_groups": saved_groups})
