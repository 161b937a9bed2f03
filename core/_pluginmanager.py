"""Loading plugins: the built-in packs and the ``speechlint`` entry-point group.

Rules are collected once per process into a :class:`Registry`.  A plugin that cannot be
imported, has a misspelled hook, or declares a code twice is a :class:`PluginLoadError`
naming it (exit status 2).
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import types
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from speechlint import hookspecs
from speechlint._namedtuple import NamedTuple
from speechlint.errors import PluginLoadError
from speechlint.rules import Rule, RuleMeta

if TYPE_CHECKING:
    import pluggy

__all__ = ["BUILTIN_PACKS", "EntryPoint", "Registry", "installed_entry_points", "load_registry"]

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


class Registry:
    """The rules, forms and dictionaries contributed by all plugins."""

    __slots__ = ("dictionaries", "forms", "metas", "plugins", "rules", "versions")

    def __init__(
        self,
        rules: list[Rule] | None = None,
        metas: dict[str, RuleMeta] | None = None,
        forms: dict[str, Path] | None = None,
        dictionaries: list[Path] | None = None,
        plugins: list[str] | None = None,
        versions: dict[str, str] | None = None,
    ) -> None:
        self.rules = rules if rules is not None else []
        self.metas = metas if metas is not None else {}
        self.forms = forms if forms is not None else {}
        self.dictionaries = dictionaries if dictionaries is not None else []
        self.plugins = plugins if plugins is not None else []
        self.versions = versions if versions is not None else {}

    def meta_by_name(self, key: str) -> RuleMeta | None:
        """A rule's metadata by code (``W501``) or name (``misspelled-phrase``)."""
        upper = key.upper()
        if upper in self.metas:
            return self.metas[upper]
        return next((meta for meta in self.metas.values() if meta.name == key), None)


@cache
def _manager_class() -> type[pluggy.PluginManager]:
    import pluggy

    class _PluginManager(pluggy.PluginManager):
        """pluggy's manager, finding a module's hooks in its namespace.

        pluggy looks every name of a plugin up with ``inspect.getattr_static`` so as not to run
        descriptors; a module's names are plain values, and the built-in packs have about two
        hundred of them.  Looking a plain function's marker up directly saves a tenth of a cold
        start's plugin loading; anything else a module may hold that pluggy could bind
        (static and class methods, bound methods) still goes through pluggy, as do plugins
        that are not modules.
        """

        def parse_hookimpl_opts(self, plugin: Any, name: str) -> pluggy.HookimplOpts | None:
            if not isinstance(plugin, types.ModuleType):
                return super().parse_hookimpl_opts(plugin, name)
            value = plugin.__dict__.get(name)
            if isinstance(value, types.FunctionType):
                opts = getattr(value, _IMPL_MARK, None)
                return cast("pluggy.HookimplOpts", opts) if isinstance(opts, dict) else None
            if isinstance(value, (staticmethod, classmethod, types.MethodType)):
                return super().parse_hookimpl_opts(plugin, name)
            return None

    return _PluginManager


_IMPL_MARK = hookspecs.PROJECT + "_impl"
# The options of a plain ``@hookimpl``: a built-in pack's hooks that have them are called here
# without pluggy (see _builtin_registry).
_PLAIN_IMPL = {
    "wrapper": False,
    "hookwrapper": False,
    "optionalhook": False,
    "tryfirst": False,
    "trylast": False,
    "specname": None,
}


def _manager() -> pluggy.PluginManager:
    manager = _manager_class()(hookspecs.PROJECT)
    hookspecs.mark_specs()
    manager.add_hookspecs(hookspecs)
    return manager


def load_registry(
    *, entry_points: bool = True, extra: Iterable[Any] = (), builtin: Iterable[str] | None = None
) -> Registry:
    """Register built-in packs, entry-point plugins and ``extra`` objects; collect their rules.

    With only the built-in packs (no entry point, no ``extra``) their hooks are called directly,
    in the order pluggy would call them, and pluggy is not imported: a tenth of a cold start.
    """
    points = installed_entry_points(hookspecs.PROJECT) if entry_points else []
    packs = _builtin_packs(BUILTIN_PACKS if builtin is None else builtin)
    if not points and not extra:
        registry = _builtin_registry(packs)
        if registry is not None:
            return registry
    import pluggy

    manager = _manager()
    registry = Registry()
    for name, module in packs:
        _register(manager, module, name)
        registry.plugins.append(name)
    for entry_point in points:
        try:
            plugin = entry_point.load()
        except Exception as exc:
            raise PluginLoadError(
                f"plugin {entry_point.name!r} ({entry_point.value}) failed to load: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        _register(manager, plugin, entry_point.name)
        registry.plugins.append(entry_point.name)
        if entry_point.dist_name:
            registry.versions[entry_point.dist_name] = entry_point.dist_version
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


def _builtin_packs(names: Iterable[str]) -> list[tuple[str, types.ModuleType]]:
    """The built-in packs ``names`` that are installed, imported."""
    packs = []
    for name in names:
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
        packs.append((name, module))
    return packs


def _builtin_registry(packs: list[tuple[str, types.ModuleType]]) -> Registry | None:
    """The registry of ``packs`` alone, their hooks called without pluggy; None when a pack
    marks anything but plain ``@hookimpl`` functions of known hooks (pluggy then decides).

    pluggy keeps a hook's implementations in registration order and calls them last first:
    rules are collected in that order (see _collect), forms and dictionaries from the calls.
    """
    hooks: dict[str, list[tuple[str, Any]]] = {name: [] for name in hookspecs.HOOKS}
    for name, module in packs:
        for attribute, value in module.__dict__.items():
            options = getattr(value, _IMPL_MARK, None) if callable(value) else None
            if options is None:
                continue
            if (
                options != _PLAIN_IMPL
                or attribute not in hooks
                or not isinstance(value, types.FunctionType)
                or value.__code__.co_argcount
            ):
                return None
            hooks[attribute].append((name, value))
    registry = Registry(plugins=[name for name, _module in packs])
    owners: dict[str, str] = {}
    for plugin, function in hooks["speechlint_rules"]:
        try:
            rules = cast("list[object]", function() or [])
        except Exception as exc:
            raise PluginLoadError(
                f"plugin {plugin!r}: speechlint_rules raised {type(exc).__name__}: {exc}"
            ) from exc
        _add_rules(registry, owners, plugin, rules)
    try:
        form_results = [function() for _, function in reversed(hooks["speechlint_forms"])]
        dictionary_results = [
            function() for _, function in reversed(hooks["speechlint_dictionaries"])
        ]
    except Exception as exc:
        raise PluginLoadError(f"a plugin hook raised {type(exc).__name__}: {exc}") from exc
    _add_contributions(registry, form_results, dictionary_results)
    return registry


class EntryPoint(NamedTuple):
    """One entry point of an installed distribution (``name = module:attribute``)."""

    name: str
    value: str
    dist_name: str = ""
    dist_version: str = ""

    def load(self) -> Any:
        """Import the module and return the attribute the entry point names (or the module)."""
        module_name, _, attribute = self.value.partition(":")
        target: Any = importlib.import_module(module_name.strip())
        for part in attribute.strip().split(".") if attribute.strip() else ():
            target = getattr(target, part)
        return target


def installed_entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group``, sorted by name; the first distribution on sys.path wins.

    Reads the ``entry_points.txt`` of each ``*.dist-info`` / ``*.egg-info`` directory directly:
    ``importlib.metadata`` costs more to import and to scan than the whole check of a short
    speech.  A zip archive on sys.path (which this scan cannot read) falls back to it.
    """
    if any(os.path.isfile(entry) for entry in sys.path if entry):
        return _metadata_entry_points(group)
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for entry in sys.path:
        for dist_name, version, info in _distributions(entry or "."):
            key = _normalize(dist_name)
            if key in seen:
                continue  # shadowed by the same distribution earlier on sys.path
            seen.add(key)
            found.extend(_read_entry_points(info, group, dist_name, version))
    return sorted(found, key=lambda point: point.name)


def _distributions(directory: str) -> list[tuple[str, str, str]]:
    """``(name, version, metadata dir)`` of the distributions installed in ``directory``."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    found = []
    for name in names:
        stem, dot, suffix = name.rpartition(".")
        if dot and suffix in ("dist-info", "egg-info"):
            dist_name, _, version = stem.partition("-")
            found.append((dist_name, version.partition("-")[0], os.path.join(directory, name)))
    return found


def _normalize(name: str) -> str:
    """PEP 503 normalisation: ``Foo_Bar.baz`` and ``foo-bar-baz`` are one distribution."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _read_entry_points(info: str, group: str, dist: str, version: str) -> list[EntryPoint]:
    try:
        with open(os.path.join(info, "entry_points.txt"), encoding="utf-8") as stream:
            lines = stream.read().splitlines()
    except OSError:
        return []
    found: list[EntryPoint] = []
    section = ""
    for raw in lines:
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == group and "=" in line:
            name, _, value = line.partition("=")
            found.append(EntryPoint(name.strip(), value.strip(), dist, version))
    return found


def _metadata_entry_points(group: str) -> list[EntryPoint]:
    from importlib import metadata

    found = [
        EntryPoint(
            point.name,
            point.value,
            point.dist.name if point.dist is not None else "",
            point.dist.version if point.dist is not None else "",
        )
        for point in metadata.entry_points(group=group)
    ]
    return sorted(found, key=lambda point: point.name)


def _register(manager: pluggy.PluginManager, plugin: Any, name: str) -> None:
    import pluggy

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
        _add_rules(registry, owners, impl.plugin_name, rules)
    try:
        form_results: list[Mapping[str, Any]] = hook.speechlint_forms()
        dictionary_results: list[list[Any]] = hook.speechlint_dictionaries()
    except Exception as exc:
        raise PluginLoadError(f"a plugin hook raised {type(exc).__name__}: {exc}") from exc
    _add_contributions(registry, form_results, dictionary_results)


def _add_rules(
    registry: Registry, owners: dict[str, str], plugin: str, rules: Iterable[object]
) -> None:
    for rule in rules:
        if not isinstance(rule, Rule):
            raise PluginLoadError(
                f"plugin {plugin!r}: speechlint_rules returned {rule!r}, not a Rule"
            )
        for meta in rule.metas:
            if meta.code in owners:
                raise PluginLoadError(
                    f"plugin {plugin!r}: code {meta.code} is already declared "
                    f"by {owners[meta.code]!r}"
                )
            owners[meta.code] = plugin
            registry.metas[meta.code] = meta
        registry.rules.append(rule)


def _add_contributions(
    registry: Registry,
    form_results: Iterable[Mapping[str, Any] | None],
    dictionary_results: Iterable[Iterable[Any] | None],
) -> None:
    """Forms and dictionaries from the hooks' results (pluggy leaves out a None)."""
    for forms in form_results:
        if forms is not None:
            registry.forms.update(_paths(forms))
    for paths in dictionary_results:
        if paths is not None:
            registry.dictionaries.extend(Path(path) for path in paths)


def _paths(forms: Mapping[str, Any]) -> dict[str, Path]:
    return {str(name): Path(path) for name, path in forms.items()}
