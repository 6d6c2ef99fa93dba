"""The offline JupyterLite site of the lessons (``make site``; see build.py)."""
