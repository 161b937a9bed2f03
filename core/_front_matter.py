"""YAML front matter: loaded safely, refused when it would explode.

Front matter holds a few settings (``form``, ``duration``).  PyYAML's ``safe_load`` builds no
objects, but YAML aliases let a few lines stand for billions of values, and deeply nested
collections exhaust Python's recursion limit -- in the loader and in every consumer of the
mapping.  Such front matter is refused with a reason (E904), and the document is checked
without it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_DEPTH", "MAX_VALUES", "load_front_matter"]

# Bounds far above any real front matter; they only stop YAML that would explode.
MAX_DEPTH = 32
MAX_VALUES = 10_000


def load_front_matter(content: str) -> tuple[dict[str, Any], str | None]:
    """The front matter's mapping, or an empty one and why it was refused."""
    import yaml  # only documents with front matter pay for the YAML import

    try:
        loaded = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        return {}, str(exc).replace("\n", " ")
    except RecursionError:  # PyYAML composes nested collections recursively
        return {}, f"front matter is nested more than {MAX_DEPTH} levels deep"
    error = _yaml_too_big(loaded)
    if error is not None:
        return {}, error
    if isinstance(loaded, dict):
        return {str(key): value for key, value in loaded.items()}, None
    if loaded is not None:
        return {}, "front matter is not a mapping of keys to values"
    return {}, None


def _yaml_too_big(loaded: Any) -> str | None:
    """Why a loaded front matter is refused, if it is too deep or too big to walk safely.

    YAML aliases let a few lines stand for billions of values ("billion laughs"), and every
    consumer of ``meta`` -- the outline JSON, the form schema -- walks them expanded, some
    recursively.  Front matter holds a handful of settings, so generous bounds cost nothing.
    """
    stack: list[tuple[Any, int]] = [(loaded, 0)]
    seen = 0
    while stack:
        value, depth = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            return f"front matter expands to more than {MAX_VALUES} values (YAML aliases)"
        if depth > MAX_DEPTH:
            return f"front matter is nested more than {MAX_DEPTH} levels deep"
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list | tuple | set):
            stack.extend((item, depth + 1) for item in value)
    return None
