"""Loading plugins: the built-in packs and the ``speechlint`` entry-point group.

Rules are collected once per process into a :class:`Registry`.  A plugin that cannot be
imported, has a misspelled hook, or declares a code twice is a :class:`PluginLoadError`
naming it (exit status 2).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, cast

import pluggy

from speechlint import hookspecs
from speechlint.errors import PluginLoadError
from speechlint.rules import Rule, RuleMeta

__all__ = ["BUILTIN_PACKS", "Registry", "load_registry"]

# Built-in packs, registered through the same hooks as third-party plugins.
BUILTIN_PACKS: tuple[str, ...] = (
    "speechlint.plugins.structure",
    "speechlint.plugins.numbering",
    "speechlint.plugins.topic",
    "speechlint.plugins.punctuation",
    "speechlint.plugins.wording",
    "speechlint.plugins.drafting",
    "speechlint.plugins.length",
    "speechlint.plugins.core",
)


@dataclass
class Registry:
    """The rules, forms and dictionaries contributed by all plugins."""

    rules: list[Rule] = field(default_factory=list)
    metas: dict[str, RuleMeta] = field(default_factory=dict)
    forms: dict[str, Path] = field(default_factory=dict)
    dictionaries: list[Path] = field(default_factory=list)
    plugins: list[str] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)

    def meta_by_name(self, key: str) -> RuleMeta | None:
        """A rule's metadata by code (``W501``) or name (``misspelled-phrase``)."""
        upper = key.upper()
        if upper in self.metas:
            return self.metas[upper]
        return next((meta for meta in self.metas.values() if meta.name == key), None)


def _manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    return manager


def load_registry(
    *, entry_points: bool = True, extra: Iterable[Any] = (), builtin: Iterable[str] | None = None
) -> Registry:
    """Register built-in packs, entry-point plugins and ``extra`` objects; collect their rules."""
    manager = _manager()
    registry = Registry()
    for name in BUILTIN_PACKS if builtin is None else builtin:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # a pack not installed in this build
            raise PluginLoadError(f"built-in pack {name!r} failed to load: {exc}") from exc
        except Exception as exc:
            raise PluginLoadError(
                f"built-in pack {name!r} failed to load: {type(exc).__name__}: {exc}"
            ) from exc
        _register(manager, module, name)
        registry.plugins.append(name)
    if entry_points:
        for entry_point in _entry_points():
            try:
                plugin = entry_point.load()
            except Exception as exc:
                raise PluginLoadError(
                    f"plugin {entry_point.name!r} ({entry_point.value}) failed to load: "
                    f"{type(exc).__name__}: {exc}"
                ) from exc
            _register(manager, plugin, entry_point.name)
            registry.plugins.append(entry_point.name)
            if entry_point.dist is not None:
                registry.versions[entry_point.dist.name] = entry_point.dist.version
    for index, plugin in enumerate(extra):
        name = getattr(plugin, "__name__", f"plugin-{index}")
        _register(manager, plugin, name)
        registry.plugins.append(name)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginLoadError(f"plugin {exc.plugin!r} is invalid: {exc}") from exc
    _collect(manager, registry)
    return registry


def _entry_points() -> list[metadata.EntryPoint]:
    return sorted(metadata.entry_points(group=hookspecs.PROJECT), key=lambda ep: ep.name)


def _register(manager: pluggy.PluginManager, plugin: Any, name: str) -> None:
    try:
        manager.register(plugin, name=name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        raise PluginLoadError(f"plugin {name!r} cannot be registered: {exc}") from exc


def _collect(manager: pluggy.PluginManager, registry: Registry) -> None:
    hook = manager.hook
    owners: dict[str, str] = {}
    for impl in hook.speechlint_rules.get_hookimpls():
        try:
            rules = cast("list[object]", impl.function() or [])
        except Exception as exc:
            raise PluginLoadError(
                f"plugin {impl.plugin_name!r}: speechlint_rules raised {type(exc).__name__}: {exc}"
            ) from exc
        for rule in rules:
            if not isinstance(rule, Rule):
                raise PluginLoadError(
                    f"plugin {impl.plugin_name!r}: speechlint_rules returned {rule!r}, not a Rule"
                )
            for meta in rule.metas:
                if meta.code in owners:
                    raise PluginLoadError(
                        f"plugin {impl.plugin_name!r}: code {meta.code} is already declared "
                        f"by {owners[meta.code]!r}"
                    )
                owners[meta.code] = impl.plugin_name
                registry.metas[meta.code] = meta
            registry.rules.append(rule)
    try:
        form_results: list[Mapping[str, Any]] = hook.speechlint_forms()
        dictionary_results: list[list[Any]] = hook.speechlint_dictionaries()
    except Exception as exc:
        raise PluginLoadError(f"a plugin hook raised {type(exc).__name__}: {exc}") from exc
    for forms in form_results:
        registry.forms.update(_paths(forms))
    for paths in dictionary_results:
        registry.dictionaries.extend(Path(path) for path in paths)


def _paths(forms: Mapping[str, Any]) -> dict[str, Path]:
    return {str(name): Path(path) for name, path in forms.items()}
