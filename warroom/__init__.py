"""War Room core: the order cache, tickets, the compliance gate and the audit chain.

Nothing in this package imports Qt; the GUI lives in the top-level ``ui`` package.
"""

__version__ = "0.1.0"
