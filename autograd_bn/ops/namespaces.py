"""The two namespaces a backward formula computes with.

``ARRAYS`` (array_namespace.py): plain NumPy, used by an ordinary backward pass (fast, records
nothing).  ``TENSORS`` (tensor_namespace.py): the same functions on autograd_bn tensors, used
under ``create_graph=True`` so the gradient itself is recorded and can be differentiated again.
Operators (+ - * / ** @, unary -, comparisons) work the same on both, so only what has no
operator is listed there.
"""
from . import tensor_namespace as TENSORS
from .array_namespace import ARRAYS

__all__ = ["ARRAYS", "TENSORS"]
