"""The chain-rule explorer: a graph's forward and backward pass with each node's chain rule.

explorer.py is the widget, formulas.py writes a node's row of ops/derivatives_tex.py with the
graph's numbers, values.py finds the nodes' forward values, draw.py the picture, expression.py
the safe expression language, mathml.py and export.py the static page.
"""
from .explorer import ChainModel, ChainRuleExplorer, math_html  # noqa: F401
from .expression import ExpressionError, build  # noqa: F401
from .values import trace  # noqa: F401
