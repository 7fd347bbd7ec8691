"""Plug-ins registered by the modules of one package (lesion kinds, procedure types), imported on first use."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable


class PluginRegistry:
    """What the modules of a package register, by name. Every module is imported the first time the registry is
    read, whichever of them was imported on its own before (and registered early)."""

    def __init__(self, package: str, path: Iterable[str]):
        self.package, self.path = package, list(path)
        self.items: dict[str, object] = {}
        self.discovered = False

    def register(self, item):
        self.items[item.name] = item
        return item

    def all(self) -> dict:
        if not self.discovered:
            for module in pkgutil.iter_modules(self.path):
                importlib.import_module(f"{self.package}.{module.name}")
            self.discovered = True
        return dict(self.items)
