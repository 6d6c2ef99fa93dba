"""autograd_bn.nn.init: fill a tensor in place with initial values, as torch.nn.init does.

Every function works under ``no_grad`` on the tensor's own memory and draws from the same
random generator as ``autograd_bn.rand``, with PyTorch's formulas for the bounds, so a seed
gives the same initial weights as in PyTorch.
"""
import math
import warnings

from ..autograd.grad_mode import no_grad
from ..i18n import _

__all__ = ["calculate_gain", "uniform_", "normal_", "constant_", "ones_", "zeros_",
           "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_"]

_LINEAR_FNS = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
               "conv_transpose3d")


def calculate_gain(nonlinearity, param=None):
    """The recommended gain for a nonlinearity (the factor by which it changes a std)."""
    if nonlinearity in _LINEAR_FNS or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif not isinstance(param, bool) and isinstance(param, int) or isinstance(param, float):
            negative_slope = param
        else:
            raise ValueError(_("negative_slope {param} not a valid number").format(param=param))
        return math.sqrt(2.0 / (1 + negative_slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(_("Unsupported nonlinearity {name}").format(name=nonlinearity))


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fill ``tensor`` in place with values from U(a, b) and return it (under no_grad)."""
    with no_grad():
        return tensor.uniform_(a, b, generator=generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fill ``tensor`` in place with values from N(mean, std**2) and return it (under no_grad)."""
    with no_grad():
        return tensor.normal_(mean, std, generator=generator)


def constant_(tensor, val):
    """Fill ``tensor`` in place with ``val`` and return it (under no_grad)."""
    with no_grad():
        return tensor.fill_(val)


def ones_(tensor):
    """Fill ``tensor`` in place with ones and return it (under no_grad)."""
    return constant_(tensor, 1.0)


def zeros_(tensor):
    """Fill ``tensor`` in place with zeros and return it (under no_grad)."""
    with no_grad():
        return tensor.zero_()


def _calculate_fan_in_and_fan_out(tensor):
    dimensions = tensor.dim()
    if dimensions < 2:
        raise ValueError(_("Fan in and fan out can not be computed for tensor with fewer than 2 "
                           "dimensions"))
    num_input_fmaps = tensor.size(1)
    num_output_fmaps = tensor.size(0)
    receptive_field_size = 1
    for s in tensor.shape[2:]:
        receptive_field_size *= s
    return num_input_fmaps * receptive_field_size, num_output_fmaps * receptive_field_size


def _calculate_correct_fan(tensor, mode):
    mode = mode.lower()
    valid_modes = ["fan_in", "fan_out"]
    if mode not in valid_modes:
        raise ValueError(_("Mode {mode} not supported, please use one of {valid}").format(
            mode=mode, valid=valid_modes))
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def _no_op_if_empty(tensor):
    if 0 in tuple(tensor.shape):
        warnings.warn(_("Initializing zero-element tensors is a no-op"), UserWarning,
                      stacklevel=3)
        return True
    return False


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """Glorot (Xavier) initialisation: fill ``tensor`` in place from U(-a, a); return it.

    a = gain * sqrt(6 / (fan_in + fan_out)), where ``fan_in`` is ``tensor.size(1)`` and ``fan_out``
    ``tensor.size(0)`` (times the product of any further dims); the tensor needs at least 2 dims.
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """Glorot (Xavier) initialisation: fill ``tensor`` in place from N(0, std**2); return it.

    std = gain * sqrt(2 / (fan_in + fan_out)), the fans as in ``xavier_uniform_``.
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He initialisation: fill ``tensor`` from U(-bound, bound), bound = gain * sqrt(3 / fan).

    ``fan`` is fan_in or fan_out (``mode``), and ``gain = calculate_gain(nonlinearity, a)``; ``a``
    is the negative slope of a leaky ReLU. A tensor with no elements is left alone, with PyTorch's
    warning. Returns the tensor.
    """
    if _no_op_if_empty(tensor):
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    gain = calculate_gain(nonlinearity, a)
    std = gain / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He initialisation: fill ``tensor`` from N(0, std**2), std = gain / sqrt(fan).

    Arguments as in ``kaiming_uniform_``. Returns the tensor.
    """
    if _no_op_if_empty(tensor):
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    gain = calculate_gain(nonlinearity, a)
    std = gain / math.sqrt(fan)
    return normal_(tensor, 0, std, generator)
