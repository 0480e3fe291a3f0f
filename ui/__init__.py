"""The War Room desktop console (PySide6).  Calls the core's services only: no SQL here.

``ui.app`` is the composition root (``warroom-gui``, ``warroom gui``)."""
