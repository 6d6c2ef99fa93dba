"""Saved tensors of backward nodes, as PyTorch's autograd notes show them.

* ``grad_fn._saved_self`` / ``_saved_other`` / ``_saved_result``: the tensors a node saved for
  its backward (the input object itself; the output as a new tensor sharing its data; a saved
  Python number as a 0-d tensor, as torch wraps it), and ``_saved_<name>`` for the node's
  other saved values (``_saved_exponent``, ``_saved_dim``, ``_saved_self_sym_sizes`` ...) where
  the node has them.  After backward has freed them, torch's error; a name the node never
  saved, None for a tensor slot that was not needed, AttributeError otherwise.  They are
  class attributes of each node class, one per value its formulas name (graph.py).
* ``grad_fn._raw_saved_self`` ...: a ``SavedTensor`` object (it only prints).
* ``torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook)``: while the context is
  active every tensor an operation saves goes through ``pack_hook`` (the node keeps what it
  returns) and through ``unpack_hook`` when backward needs it; ``save_on_cpu()`` is the pair
  that keeps a copy (here: everything already is on the CPU).

What is left out: pack hooks do not apply to custom ``autograd.Function``s'
``save_for_backward`` (they see the tensors unpacked as usual), and ``SavedTensor``'s
``register_hooks`` is not available.
"""
import threading

from .._device import check_pin_memory
from .graph import _SLOTS, Packed, SavedOutput, SavedTensor  # noqa: F401 (SavedTensor: public)

_HOOKS = []       # the active (thread id, pack_hook, unpack_hook) contexts, innermost last;
                  # as in torch they apply to the thread that entered them


class saved_tensors_hooks:
    """Context manager: pack every tensor saved for backward with ``pack_hook`` and unpack it
    with ``unpack_hook`` when backward uses it."""

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook, self.unpack_hook = pack_hook, unpack_hook

    def __enter__(self):
        self._entry = (threading.get_ident(), self.pack_hook, self.unpack_hook)
        _HOOKS.append(self._entry)
        return self

    def __exit__(self, *exc):
        _HOOKS.remove(self._entry)
        return False


class save_on_cpu(saved_tensors_hooks):
    """Keep a copy of every saved tensor on the CPU (pin_memory is refused: no accelerator)."""

    def __init__(self, pin_memory=False, device_type="cuda"):
        check_pin_memory(pin_memory)

        def pack(tensor):
            return ("cpu", tensor.detach().clone())

        def unpack(packed):
            return packed[1]
        super().__init__(pack, unpack)


def pack_saved(node, names, tensor_cls):
    """Called by ops when they record a node inside saved_tensors_hooks: pass each saved tensor
    through the innermost pack hook, in the order torch saves them."""
    me = threading.get_ident()
    mine = [h for h in _HOOKS if h[0] == me]
    if not mine:
        return                                   # hooks of another thread
    _tid, pack_hook, unpack_hook = mine[-1]
    order = []
    for _fn, params in node.formulas:
        order.extend(p for p in params if p in names and p not in order)
    for name in order:
        slot = _SLOTS[name]
        value = getattr(node, slot)
        if value.__class__ is SavedOutput:
            t = tensor_cls._from_array(value.data)
            t.grad_fn = node
            value = t
        elif not isinstance(value, tensor_cls):
            continue
        setattr(node, slot, Packed(pack_hook(value), unpack_hook))
