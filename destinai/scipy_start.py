"""scipy.sparse imported without the numpy submodules scipy's array-API layer drags in.

scipy (1.17) clones the ``numpy`` namespace for its array-API compatibility layer
(``scipy._lib.array_api_compat.numpy``) with ``from numpy import *`` and a ``getattr`` of
every name in ``dir(numpy)``. numpy 2 lists its lazily imported submodules there, so the
clone imports ``numpy.f2py``, ``numpy.testing``, ``numpy.ma``, ``numpy.polynomial`` … that
nothing here uses: ~65 ms of the ~140 ms ``import scipy.sparse`` costs a cold ``match`` or
``study``. :func:`import_sparse` hides the submodules not imported yet from numpy's ``__all__``
and ``__dir__`` while scipy is imported, then gives the clone a module ``__getattr__`` that
hands out numpy's own attribute, so ``np_compat.testing`` (say) is still numpy's, imported
when first asked, as before.
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType

_LOCK = threading.Lock()
COMPAT = "scipy._lib.array_api_compat.numpy"


def import_sparse() -> ModuleType:
    """``scipy.sparse``, imported once; the first import leaves numpy's lazy submodules
    unimported (see the module docstring)."""
    if "scipy.sparse" in sys.modules:
        return sys.modules["scipy.sparse"]
    import numpy

    with _LOCK:
        if COMPAT in sys.modules or not hasattr(numpy, "__numpy_submodules__"):
            import scipy.sparse  # cloned already, or a numpy without lazy submodules

            return scipy.sparse
        names: set[str] = numpy.__numpy_submodules__
        lazy = {n for n in names if n not in vars(numpy)}
        saved_all = numpy.__all__
        setattr(numpy, "__all__", [n for n in saved_all if n not in lazy])  # noqa: B010
        setattr(numpy, "__numpy_submodules__", names - lazy)  # noqa: B010
        try:
            import scipy.sparse
        finally:
            setattr(numpy, "__all__", saved_all)  # noqa: B010
            setattr(numpy, "__numpy_submodules__", names)  # noqa: B010
        compat = sys.modules.get(COMPAT)
        if compat is not None and "__getattr__" not in vars(compat):
            # a name the clone skipped is numpy's own, imported when first asked
            setattr(compat, "__getattr__", lambda name: getattr(numpy, name))  # noqa: B010
        return scipy.sparse
