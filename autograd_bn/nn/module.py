"""``nn.Module``: the base class of layers and models.

A module keeps its learnable tensors (Parameters), its other state tensors (buffers) and its
sub-modules in three ordered dictionaries that ``__setattr__`` fills, so ``self.fc =
Linear(2, 3)`` inside ``__init__`` is all it takes to register a layer.  Names, orders, the
text of ``repr``, the keys of ``state_dict`` and the error messages are PyTorch's.
"""
from collections import OrderedDict

from ..i18n import _
from ..tensor import Tensor
from . import state as _state
from .parameter import Parameter, _zero_grads
from .state import _IncompatibleKeys  # noqa: F401  (kept importable from here)

__all__ = ["Module"]


def typename(obj):
    """torch.typename: ``torch.FloatTensor`` for a float32 tensor, else the qualified name."""
    if isinstance(obj, Tensor):
        return obj.dtype.legacy_name
    module = getattr(type(obj), "__module__", "") or ""
    name = getattr(type(obj), "__qualname__", type(obj).__name__)
    return name if module in ("", "builtins") else module + "." + name


def _addindent(s_, num_spaces):
    s = s_.split("\n")
    if len(s) == 1:
        return s_
    first = s.pop(0)
    s = [(num_spaces * " ") + line if line.strip() else "" for line in s]
    return first + "\n" + "\n".join(s)


class Module:
    """Base class for all neural network modules; subclasses define ``forward``."""

    training: bool
    dump_patches = False
    _version = 1

    def __init__(self, *args, **kwargs):
        if kwargs:
            raise TypeError(_("{cls}.__init__() got an unexpected keyword argument '{name}'")
                            .format(cls=type(self).__name__, name=next(iter(kwargs))))
        if args:
            raise TypeError(_("{cls}.__init__() takes 1 positional argument but {n} were given")
                            .format(cls=type(self).__name__, n=len(args) + 1))
        d = self.__dict__
        d["training"] = True
        d["_parameters"] = OrderedDict()
        d["_buffers"] = OrderedDict()
        d["_non_persistent_buffers_set"] = set()
        d["_modules"] = OrderedDict()

    def forward(self, *input):
        """Define the computation of the module: every subclass overrides it.

        Call the module itself (``model(x)``), whose ``__call__`` passes its arguments on to
        ``forward`` (there are no forward hooks here). The base method raises NotImplementedError
        with PyTorch's message.
        """
        raise NotImplementedError(_('Module [{name}] is missing the required "forward" '
                                    'function').format(name=type(self).__name__))

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    # --- registration --------------------------------------------------------------------
    def _check_name(self, kind, name, store):
        if not isinstance(name, str):
            raise TypeError(_("{kind} name should be a string. Got {t}").format(
                kind=kind, t=typename(name)))
        if "." in name:
            if kind == "module":
                raise KeyError(_('module name can\'t contain ".", got: {name}').format(
                    name=name))
            raise KeyError(_('{kind} name can\'t contain "."').format(kind=kind))
        if name == "":
            raise KeyError(_('{kind} name can\'t be empty string ""').format(kind=kind))
        if hasattr(self, name) and name not in store:
            raise KeyError(_("attribute '{name}' already exists").format(name=name))

    def register_parameter(self, name, param):
        """Add the parameter ``param`` (a ``Parameter``, or None) to the module under ``name``.

        Assigning ``self.name = Parameter(...)`` calls this. As in PyTorch it raises TypeError for
        anything but a Parameter or None, ValueError for a non-leaf tensor, and KeyError for a name
        that is empty, contains ".", or is already an attribute.
        """
        if "_parameters" not in self.__dict__:
            raise AttributeError(_("cannot assign parameter before Module.__init__() call"))
        self._check_name("parameter", name, self._parameters)
        if param is None:
            self._parameters[name] = None
        elif not isinstance(param, Parameter):
            raise TypeError(_("cannot assign '{t}' object to parameter '{name}' "
                              "(torch.nn.Parameter or None required)").format(
                                  t=typename(param), name=name))
        elif param.grad_fn is not None:
            raise ValueError(_(
                "Cannot assign non-leaf Tensor to parameter '{name}'. Model parameters must be "
                "created explicitly. To express '{name}' as a function of another Tensor, "
                "compute the value in the forward() method.").format(name=name))
        else:
            self._parameters[name] = param

    def register_buffer(self, name, tensor, persistent=True):
        """Add a buffer: a tensor (or None) in the module's state that is not a parameter.

        A buffer is returned by ``buffers()``; it is saved by ``state_dict`` unless
        ``persistent=False``. Names are checked as in ``register_parameter``.
        """
        if "_buffers" not in self.__dict__:
            raise AttributeError(_("cannot assign buffer before Module.__init__() call"))
        self._check_name("buffer", name, self._buffers)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(_("cannot assign '{t}' object to buffer '{name}' (torch Tensor or "
                              "None required)").format(t=typename(tensor), name=name))
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name, module):
        """Add the child ``module`` (or None) under ``name``, as ``self.name = module`` does.

        ``register_module`` is the same method. Raises TypeError for a non-Module and KeyError for
        a bad or already used name.
        """
        if not isinstance(module, Module) and module is not None:
            raise TypeError(_("{t} is not a Module subclass").format(t=typename(module)))
        self._check_name("module", name, self._modules)
        self._modules[name] = module

    register_module = add_module

    def __getattr__(self, name):
        d = self.__dict__
        for store in ("_parameters", "_buffers", "_modules"):
            if store in d and name in d[store]:
                return d[store][name]
        raise AttributeError(_("'{cls}' object has no attribute '{name}'").format(
            cls=type(self).__name__, name=name))

    def __setattr__(self, name, value):
        d = self.__dict__

        def remove_from(*stores):
            for s in stores:
                if name in s:
                    if isinstance(s, dict):
                        del s[name]
                    else:
                        s.discard(name)

        params = d.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError(_("cannot assign parameters before Module.__init__() call"))
            remove_from(d, self._buffers, self._modules, self._non_persistent_buffers_set)
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(_("cannot assign '{t}' as parameter '{name}' (torch.nn.Parameter "
                                  "or None expected)").format(t=typename(value), name=name))
            self.register_parameter(name, value)
        else:
            modules = d.get("_modules")
            if isinstance(value, Module):
                if modules is None:
                    raise AttributeError(_("cannot assign module before Module.__init__() call"))
                remove_from(d, self._parameters, self._buffers, self._non_persistent_buffers_set)
                modules[name] = value
            elif modules is not None and name in modules:
                if value is not None:
                    raise TypeError(_("cannot assign '{t}' as child module '{name}' "
                                      "(torch.nn.Module or None expected)").format(
                                          t=typename(value), name=name))
                modules[name] = value
            else:
                buffers = d.get("_buffers")
                if buffers is not None and name in buffers:
                    if value is not None and not isinstance(value, Tensor):
                        raise TypeError(_("cannot assign '{t}' as buffer '{name}' "
                                          "(torch.nn.Buffer, torch.Tensor or None expected)")
                                        .format(t=typename(value), name=name))
                    buffers[name] = value
                else:
                    object.__setattr__(self, name, value)

    def __delattr__(self, name):
        for store in (self._parameters, self._buffers, self._modules):
            if name in store:
                del store[name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self):
        keys = set(dir(type(self))) | set(self.__dict__)
        keys |= set(self._parameters) | set(self._modules) | set(self._buffers)
        return sorted(k for k in keys if not k[0].isdigit())

    # --- iteration -----------------------------------------------------------------------
    def _named_members(self, get_members, prefix="", recurse=True, remove_duplicate=True):
        memo = set()
        modules = (self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
                   if recurse else [(prefix, self)])
        for module_prefix, module in modules:
            for k, v in get_members(module):
                if v is None or (remove_duplicate and id(v) in memo):
                    continue
                if remove_duplicate:
                    memo.add(id(v))
                yield (module_prefix + ("." if module_prefix else "") + k, v)

    def parameters(self, recurse=True):
        """Yield the parameters of this module and (``recurse=True``) of all its sub-modules.

        Depth first, in registration order, each tensor once (a shared parameter is not repeated)
        and None entries skipped: the order ``optim.SGD(model.parameters(), lr=0.1)`` sees.
        """
        for _name, param in self.named_parameters(recurse=recurse):
            yield param

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """Yield ``(name, parameter)`` pairs, the names dotted paths such as ``"0.weight"``.

        ``prefix`` is put before every name; ``recurse`` is as in ``parameters``. With
        ``remove_duplicate=False`` a parameter shared by several modules is yielded for each of
        them.
        """
        yield from self._named_members(lambda m: m._parameters.items(), prefix, recurse,
                                       remove_duplicate)

    def buffers(self, recurse=True):
        """Yield the buffers of this module and, with ``recurse=True``, of its sub-modules.

        In the order and with the rules of ``parameters``.
        """
        for _name, buf in self.named_buffers(recurse=recurse):
            yield buf

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        """Yield ``(name, buffer)`` pairs, with the arguments of ``named_parameters``."""
        yield from self._named_members(lambda m: m._buffers.items(), prefix, recurse,
                                       remove_duplicate)

    def children(self):
        """Yield the immediate sub-modules (each once, None entries skipped)."""
        for _name, module in self.named_children():
            yield module

    def named_children(self):
        """Yield ``(name, module)`` for the immediate sub-modules (each once, None skipped)."""
        memo = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in memo:
                memo.add(id(module))
                yield name, module

    def modules(self):
        """Yield this module and all its sub-modules, depth first, each once."""
        for _name, module in self.named_modules():
            yield module

    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        """Yield ``(name, module)`` for this module and all its sub-modules, depth first.

        This module's name is ``prefix`` ("" by default) and the others are dotted paths from it.
        ``memo`` is the set of ids already yielded (the recursion passes it on); with
        ``remove_duplicate=False`` a module reached along two paths is yielded twice.
        """
        if memo is None:
            memo = set()
        if id(self) in memo:
            return
        if remove_duplicate:
            memo.add(id(self))
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            sub = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, sub, remove_duplicate)

    def get_submodule(self, target):
        """Return the sub-module at the dotted path ``target`` (``""``: this module itself).

        Raises AttributeError, with PyTorch's message, when a step is missing or is not a Module.
        """
        if target == "":
            return self
        mod = self
        for item in target.split("."):
            mod = _attribute_of_type(mod, item, Module, "nn.Module")
        return mod

    def get_parameter(self, target):
        """Return the parameter at the dotted path ``target``, such as ``"fc.weight"``.

        Raises AttributeError when it, or a module on the way, is missing or is not a Parameter.
        """
        module_path, _sep, name = target.rpartition(".")
        return _attribute_of_type(self.get_submodule(module_path), name, Parameter,
                                  "nn.Parameter")

    # --- modes and gradients -------------------------------------------------------------
    def train(self, mode=True):
        """Set ``training`` to ``mode`` on this module and all its sub-modules; return self.

        The layers here (Linear, the activations, the losses) behave the same in both modes, so
        only the flag changes. A ``mode`` that is not a bool raises ValueError.
        """
        if not isinstance(mode, bool):
            raise ValueError(_("training mode is expected to be boolean"))
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self):
        """Put the module in evaluation mode: ``train(False)``; return self."""
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        """Set ``requires_grad`` on every parameter (recursively); return self.

        ``model.requires_grad_(False)`` freezes the module's parameters.
        """
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Reset the gradients of all parameters (recursively).

        With ``set_to_none=True`` (the default, as in PyTorch 2) each ``.grad`` becomes None;
        otherwise existing gradients are detached from any graph and filled with zeros in place.
        """
        _zero_grads(self.parameters(), set_to_none)

    def apply(self, fn):
        """Call ``fn(module)`` on every sub-module and then on this module; return self.

        The recursion goes through ``children()``, so the deepest modules come first; a typical use
        is ``model.apply(init_weights)``.
        """
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # --- state_dict (the functions are in state.py) ------------------------------------
    _save_to_state_dict = _state._save_to_state_dict
    state_dict = _state.state_dict
    _load_from_state_dict = _state._load_from_state_dict
    load_state_dict = _state.load_state_dict

    # --- text ----------------------------------------------------------------------------
    def _get_name(self):
        return self.__class__.__name__

    def extra_repr(self):
        """Return the module-specific text shown inside the parentheses of its repr ("" here).

        Subclasses override it, as ``Linear`` does with its sizes.
        """
        return ""

    def __repr__(self):
        extra_lines = []
        extra_repr = self.extra_repr()
        if extra_repr:
            extra_lines = extra_repr.split("\n")
        child_lines = []
        for key, module in self._modules.items():
            mod_str = _addindent(repr(module), 2)
            child_lines.append("(" + key + "): " + mod_str)
        lines = extra_lines + child_lines
        main_str = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main_str += extra_lines[0]
            else:
                main_str += "\n  " + "\n  ".join(lines) + "\n"
        return main_str + ")"


def _attribute_of_type(mod, name, cls, kind):
    """``getattr(mod, name)`` for get_submodule / get_parameter, with PyTorch's AttributeErrors
    when it is missing or is not an instance of ``cls`` (``kind`` names it in the message)."""
    if not hasattr(mod, name):
        raise AttributeError(mod._get_name() + " has no attribute `" + name + "`")
    value = getattr(mod, name)
    if not isinstance(value, cls):
        raise AttributeError("`" + name + "` is not an " + kind)
    return value
