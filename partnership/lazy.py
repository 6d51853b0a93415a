"""Heavy libraries imported on first use, so starting the app does not pay for them.

geopandas, pandas, folium, scipy, statsmodels, pyxform and friends take seconds to import
between them, and most requests (and every CLI command but a few) never touch them.
`gpd = lazy_module("geopandas")` reads like the usual import; the library is imported the
first time an attribute is looked up, and nothing is put in `sys.modules` before that.
"""
from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule:
    """Stands in for a module until an attribute of it is needed."""

    __slots__ = ("_name",)

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(self._lazy_load(), attribute)

    def __setattr__(self, attribute: str, value) -> None:
        # Tests replace a function of the library (monkeypatch): it goes to the real module.
        if attribute in LazyModule.__slots__:
            object.__setattr__(self, attribute, value)
        else:
            setattr(self._lazy_load(), attribute, value)

    def __delattr__(self, attribute: str) -> None:
        delattr(self._lazy_load(), attribute)

    # Named so that it cannot hide an attribute of the module (numpy has its own `load`).
    def _lazy_load(self) -> ModuleType:
        return importlib.import_module(self._name)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str) -> LazyModule:
    return LazyModule(name)
