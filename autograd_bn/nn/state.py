"""``state_dict`` and ``load_state_dict`` of ``nn.Module``: saving and loading its tensors.

The functions here are the methods of the same names: ``Module`` binds them in its class body
(see module.py), so they take the module as ``self``.  Keys are dotted names, as in PyTorch.
"""
from collections import OrderedDict, namedtuple
from collections.abc import Mapping

from ..autograd.grad_mode import no_grad
from ..i18n import _
from ..tensor import Tensor
from .parameter import Parameter


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    __slots__ = ()

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


def _save_to_state_dict(self, destination, prefix, keep_vars):
    for name, param in self._parameters.items():
        if param is not None:
            destination[prefix + name] = param if keep_vars else param.detach()
    for name, buf in self._buffers.items():
        if buf is not None and name not in self._non_persistent_buffers_set:
            destination[prefix + name] = buf if keep_vars else buf.detach()


def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
    """Return an OrderedDict of the parameters and persistent buffers, keyed by dotted names.

    The values are detached tensors sharing memory with the module's (the tensors themselves
    with ``keep_vars=True``); ``prefix`` is put before every key, and an existing
    ``destination`` mapping may be filled instead of a new one. As in PyTorch, the dict has a
    ``_metadata`` attribute with each module's version, and the old positional form
    ``state_dict(destination, prefix, keep_vars)`` is still accepted.
    """
    if args:                       # the old positional form (destination, prefix, keep_vars)
        destination = args[0]
        if len(args) > 1:
            prefix = args[1]
        if len(args) > 2:
            keep_vars = args[2]
    if destination is None:
        destination = OrderedDict()
        destination._metadata = OrderedDict()
    metadata = getattr(destination, "_metadata", None)
    if metadata is not None:
        metadata[prefix[:-1]] = {"version": self._version}
    self._save_to_state_dict(destination, prefix, keep_vars)
    for name, module in self._modules.items():
        if module is not None:
            module.state_dict(destination=destination, prefix=prefix + name + ".",
                              keep_vars=keep_vars)
    return destination


def _load_from_state_dict(self, state_dict, prefix, strict, missing_keys, unexpected_keys,
                          error_msgs, assign):
    persistent = {k: v for k, v in self._buffers.items()
                  if k not in self._non_persistent_buffers_set}
    local_state = {k: v for k, v in list(self._parameters.items()) + list(persistent.items())
                   if v is not None}
    for name, param in local_state.items():
        key = prefix + name
        if key not in state_dict:
            if strict:
                missing_keys.append(key)
            continue
        value = state_dict[key]
        if not isinstance(value, Tensor):
            error_msgs.append(_('While copying the parameter named "{key}", expected '
                                'torch.Tensor or Tensor-like object from checkpoint but '
                                'received {t}').format(key=key, t=type(value)))
            continue
        if param.dim() == 0 and value.dim() == 1 and value.shape[0] == 1:
            value = value[0]
        if value.shape != param.shape:
            error_msgs.append(_("size mismatch for {key}: copying a param with shape {src} "
                                "from checkpoint, the shape in current model is {dst}.")
                              .format(key=key, src=value.shape, dst=param.shape))
            continue
        try:
            with no_grad():
                if assign:
                    if isinstance(param, Parameter) and not isinstance(value, Parameter):
                        value = Parameter(value, requires_grad=param.requires_grad)
                    setattr(self, name, value)
                else:
                    param.copy_(value)
        except Exception as ex:          # noqa: BLE001  (reported as torch reports it)
            error_msgs.append(_('While copying the parameter named "{key}", whose '
                                'dimensions in the model are {dst} and whose dimensions in '
                                'the checkpoint are {src}, an exception occurred : {args}.')
                              .format(key=key, dst=param.size(), src=value.size(),
                                      args=ex.args))
    if strict:
        for key in state_dict:
            if key.startswith(prefix):
                input_name = key[len(prefix):].split(".", 1)
                if len(input_name) > 1:
                    if input_name[0] not in self._modules:
                        unexpected_keys.append(key)
                elif input_name[0] not in local_state:
                    unexpected_keys.append(key)


def load_state_dict(self, state_dict, strict=True, assign=False):
    """Copy the parameters and buffers in ``state_dict`` into this module and its children.

    The values are copied in place under no_grad; with ``assign=True`` the dict's tensors
    replace the module's instead (wrapped as Parameters where a parameter was). A shape
    mismatch is always an error; with ``strict=True`` so are missing and unexpected keys. All
    errors are raised together as one RuntimeError with PyTorch's text. Returns the named tuple
    ``(missing_keys, unexpected_keys)``, which lists those keys in either mode.
    """
    if not isinstance(state_dict, Mapping):
        raise TypeError(_("Expected state_dict to be dict-like, got {t}.").format(
            t=type(state_dict)))
    missing_keys, unexpected_keys, error_msgs = [], [], []
    state_dict = OrderedDict(state_dict)

    def load(module, local_state_dict, prefix=""):
        module._load_from_state_dict(local_state_dict, prefix, True, missing_keys,
                                     unexpected_keys, error_msgs, assign)
        for name, child in module._modules.items():
            if child is not None:
                child_prefix = prefix + name + "."
                load(child, {k: v for k, v in local_state_dict.items()
                             if k.startswith(child_prefix)}, child_prefix)

    load(self, state_dict)
    if strict:
        if unexpected_keys:
            error_msgs.insert(0, _("Unexpected key(s) in state_dict: {keys}. ").format(
                keys=", ".join(f'"{k}"' for k in unexpected_keys)))
        if missing_keys:
            error_msgs.insert(0, _("Missing key(s) in state_dict: {keys}. ").format(
                keys=", ".join(f'"{k}"' for k in missing_keys)))
    if error_msgs:
        raise RuntimeError(_("Error(s) in loading state_dict for {name}:\n\t{errors}").format(
            name=self.__class__.__name__, errors="\n\t".join(error_msgs)))
    return _IncompatibleKeys(missing_keys, unexpected_keys)
