"""uint8 index tensors: torch reads them as boolean masks, with a deprecation warning (given
again by the backward formulas that index with the masks, as torch's index_put/index do)."""
import warnings

import numpy as np

from ..i18n import N_, _

UINT8_INDEX = N_("indexing with dtype torch.uint8 is now deprecated, please use a dtype "
                  "torch.bool instead.")

def warn_uint8_index(stacklevel):
    warnings.warn(_(UINT8_INDEX), UserWarning, stacklevel=stacklevel)


def uint8_array(item):
    a = item._data if hasattr(item, "_data") else item if isinstance(item, np.ndarray) else None
    return a if a is not None and a.dtype == np.uint8 else None


def uint8_masks(index):
    """torch reads a uint8 index tensor (or array) as a mask, with its deprecation warning (a
    0-d one as a 0-d bool tensor, silently).  Returns the index with bool masks, and their count."""
    items = index if isinstance(index, tuple) else (index,)
    if not any(uint8_array(it) is not None for it in items):
        return index, 0
    out, n = [], 0
    for it in items:
        a = uint8_array(it)
        if a is None:
            out.append(it)
        elif a.ndim == 0:
            out.append(np.asarray(a != 0))     # as a 0-d bool tensor index: no warning
        else:
            warn_uint8_index(4)
            out.append(a != 0)
            n += 1
    return (tuple(out) if isinstance(index, tuple) else out[0]), n
