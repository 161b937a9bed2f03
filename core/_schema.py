"""Form schemas: finding and loading them, validating the outline, and placing the failures.

A form is a JSON Schema that validates the outline JSON (DESIGN §2).  Its subschemas carry
``x-code``, ``x-severity``, ``x-message`` and ``x-name`` annotations, so a failure names its own
code and message: the annotations of the nearest subschema with an ``x-code`` on the failing
schema path apply (``$ref`` is followed); an ``x-message`` deeper than that subschema gives a
more specific message for the same code.

Everything is cached per process: a schema is read, checked and compiled once (again only when
its file changes), and a valid outline costs one ``is_valid`` call.  ``$ref`` resolves locally
only -- the built-in schemas, files on disk -- and nothing is ever fetched from the network.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from speechlint import __version__, _jsonfile, _marshalfile, _regex
from speechlint._jsonschema_rs import load_jsonschema_rs
from speechlint._namedtuple import NamedTuple
from speechlint.diagnostics import Message, Severity
from speechlint.errors import SchemaError
from speechlint.outline import Closing, Node, Opening, Outline, Point
from speechlint.parse import Parsed
from speechlint.rules import RuleContext
from speechlint.settings import Settings

if TYPE_CHECKING:
    # jsonschema and referencing load only when a schema must be checked or an outline fails:
    # a valid outline is answered by jsonschema-rs, and a cold start must not pay ~60 ms.
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator
    from referencing import Registry, Resource

__all__ = [
    "BUILTIN_BASE",
    "Failure",
    "FormSchema",
    "Locator",
    "builtin_schema_path",
    "form_for",
    "load_form",
    "outline_json",
    "resolve_form",
]

# The base of the built-in schemas' $id.  An identifier only: it is never fetched.
BUILTIN_BASE = "https://speechlint.dev/schemas/"
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
_CODE = _regex.compile(r"[A-Z]+[0-9]+")
_NAME = _regex.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_PLACEHOLDER = _regex.compile(r"\{([A-Za-z_][\w-]*)\}")
# Keywords whose values are data, not subschemas: never read annotations or $refs inside them.
_DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples", "description", "title"})
# Keywords whose values map names to subschemas (a property may well be called "title").
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions",
                          "dependentSchemas"})  # fmt: skip


class Failure(NamedTuple):
    """One schema failure: its code and message and where in the outline JSON it failed."""

    code: str
    message: Message
    path: tuple[str | int, ...]
    severity: Severity | None = None
    name: str | None = None


class _Annotation(NamedTuple):
    code: str
    message: Message | None
    severity: Severity | None
    name: str | None
    holder: Mapping[str, Any]


def builtin_schema_path(filename: str) -> Path:
    """The path of a schema file shipped in ``speechlint.schemas``."""
    return _schema_directory() / filename


@lru_cache(maxsize=1)
def _schema_directory() -> Path:
    # The package's directory, without importlib.resources (importing it costs as much as
    # checking a speech); speechlint is never run from a zip archive (it is not zip-safe).
    import speechlint.schemas

    return Path(speechlint.schemas.__file__).parent


def resolve_form(form: str, *, base: Path | None, forms: Mapping[str, Path]) -> tuple[str, Path]:
    """The name and schema file of ``form``: a registered name, or a path ending in ``.json``.

    A relative path is taken relative to ``base`` (the configuration directory, or the document's
    directory for front matter).  Raises :class:`SchemaError` for an unknown name.
    """
    if form.lower().endswith(".json"):
        path = Path(form).expanduser()
        if not path.is_absolute() and base is not None:
            path = base / path
        return form, path
    if form in forms:
        return form, Path(forms[form])
    known = ", ".join(sorted(forms)) or "none"
    from difflib import get_close_matches  # only to suggest a name for an unknown form

    close = get_close_matches(form, list(forms), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise SchemaError(
        f"unknown form {form!r}: expected a registered form ({known}) or the path of a "
        f"form schema ending in .json{hint}"
    )


def load_form(path: Path, name: str | None = None) -> FormSchema:
    """The compiled form schema in ``path`` (cached until the file changes).

    Raises :class:`SchemaError` naming the file when it cannot be read, is not JSON, is not a
    valid JSON Schema, carries malformed ``x-`` annotations, or has a ``$ref`` that does not
    resolve locally.
    """
    return _load_at(os.fspath(path), name or path.name)


def _load_at(path: str, name: str) -> FormSchema:
    """:func:`load_form` of a path given as a string (one ``stat`` per document)."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise SchemaError(f"{path}: cannot read the form schema: {exc.strerror or exc}") from exc
    return _load(_resolved(path), stat.st_mtime_ns, stat.st_size, name)


@lru_cache(maxsize=64)
def _resolved(path: str) -> str:
    # Resolving a path is a system call per component; every document asks for its form.
    return str(Path(path).resolve())


@lru_cache(maxsize=64)
def _load(path: str, mtime_ns: int, size: int, name: str) -> FormSchema:
    schema = _read_json(Path(path))
    if not isinstance(schema, dict):
        raise SchemaError(f"{path}: a form schema must be a JSON object, not {_kind(schema)}")
    # Without an $id, relative $refs resolve against the file itself (siblings on disk).
    base_uri = str(schema.get("$id") or Path(path).as_uri())
    schema = {**schema, "$id": base_uri}
    checked: _Checked | None = None
    # Only built-in forms are remembered: an organisation's schema may $ref sibling files whose
    # changes its own content would not show, so it is checked afresh in every process.
    builtin = Path(path).parent == builtin_schema_path("outline.schema.json").resolve().parent
    codes = _remembered_codes(schema) if builtin else None
    if codes is None:
        checked = _check(path, schema, base_uri)
        codes = checked.codes
        if builtin:
            _remember_codes(schema, codes)
    fast = _fast_validator(schema, base_uri)
    # The built-in forms constrain spans only through outline.schema.json, whose spans any
    # valid positions satisfy (tests/core/test_schema_fast_path.py checks both); an
    # organisation's schema may read them (a title on line 1).
    form = FormSchema(name, Path(path), schema, base_uri, codes, fast, checked)
    form.reads_spans = not builtin
    return form


class _Checked(NamedTuple):
    """What jsonschema builds for a schema: its validator, registry and reportable codes."""

    validator: Validator
    registry: Registry[Any]
    codes: frozenset[str]


def _check(path: str, schema: dict[str, Any], base_uri: str) -> _Checked:
    """Check ``schema`` with jsonschema (meta-schema, x- annotations, local $refs); compile it."""
    from jsonschema import Draft202012Validator, validators
    from jsonschema.exceptions import SchemaError as JsonSchemaError

    cls = validators.validator_for(schema, default=Draft202012Validator)
    try:
        cls.check_schema(schema)
    except JsonSchemaError as exc:
        where = _pointer(exc.absolute_path) or "/"
        raise SchemaError(f"{path}: not a valid JSON Schema at {where}: {exc.message}") from exc
    registry = _builtin_registry().with_resource(base_uri, _resource(schema))
    codes = _Walker(path, registry).check(schema, base_uri)
    return _Checked(_traced(cls)(schema, registry=registry), registry, frozenset(codes))


def _codes_file(schema: Mapping[str, Any]) -> Path:
    """Where the codes of an already checked built-in schema are remembered.

    Keyed by speechlint's version, the form's ``$id`` and the size and modification time of
    every file of speechlint.schemas (a form may $ref the others): a changed file -- a
    development checkout, an upgrade -- is checked again.  Hashing the schemas' canonical
    JSON instead cost six milliseconds of every start.
    """
    import zlib  # a cache key, not a security boundary: hashlib's import costs milliseconds

    from speechlint._dirs import cache_root

    stamps = [__version__, str(schema.get("$id"))]
    for entry in sorted(os.scandir(_schema_directory()), key=lambda entry: entry.name):
        if entry.name.endswith(".json"):
            found = entry.stat()
            stamps.append(f"{entry.name}:{found.st_size}:{found.st_mtime_ns}")
    data = "\n".join(stamps).encode("utf-8", "surrogatepass")
    digest = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
    return cache_root() / "schemas" / f"{digest}.marshal"


def _remembered_codes(schema: Mapping[str, Any]) -> frozenset[str] | None:
    """The codes of a schema that passed the full check before (same content, same version)."""
    codes = _marshalfile.read(str(_codes_file(schema)))
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        return None  # none yet, or damaged
    return frozenset(codes)


def _remember_codes(schema: Mapping[str, Any], codes: frozenset[str]) -> None:
    """Remember a checked schema's codes, atomically; a cache that cannot be written is skipped."""
    _marshalfile.write(str(_codes_file(schema)), sorted(codes))


class FormSchema:
    """A compiled form schema; :meth:`failures` validates one outline JSON object."""

    def __init__(
        self,
        name: str,
        path: Path,
        schema: Mapping[str, Any],
        base_uri: str,
        codes: frozenset[str],  # every x-code the schema (and what it $refs) can report
        is_valid: Callable[[Any], bool] | None = None,
        checked: _Checked | None = None,
    ) -> None:
        self.name = name
        self.path = path
        self.schema = schema
        self.base_uri = base_uri
        self.codes = codes
        # jsonschema-rs's compiled ``is_valid`` (about 100× faster than jsonschema's walk), or
        # None when it cannot compile the schema; jsonschema then answers alone.
        self.is_valid = is_valid
        # Whether validity may depend on the spans' values; if not, an outline can be checked
        # with placeholder spans (cheaper to build) when it is valid.
        self.reads_spans = True
        self._checked = checked
        self._annotations: dict[tuple[str | int, ...], _Annotation | None] = {}

    @property
    def validator(self) -> Validator:
        """jsonschema's validator (built on first use: only failing outlines need it)."""
        return self._jsonschema().validator

    @property
    def registry(self) -> Registry[Any]:
        """The local ``$ref`` registry jsonschema resolves against."""
        return self._jsonschema().registry

    def _jsonschema(self) -> _Checked:
        if self._checked is None:
            self._checked = _check(str(self.path), dict(self.schema), self.base_uri)
        return self._checked

    def reports_any(self, enabled: Callable[[str], bool]) -> bool:
        """Whether any code of this form is enabled (otherwise validation can be skipped)."""
        return any(enabled(code) for code in self.codes)

    def failures(self, instance: Mapping[str, Any]) -> list[Failure]:
        """The failures of ``instance``: none when the compiled fast path finds it valid.

        Only an invalid outline pays for jsonschema's detailed errors (one more pass, whose
        error paths lead to the x-code annotations).
        """
        if self.is_valid is not None and self.is_valid(instance):
            return []
        from referencing.exceptions import Unresolvable

        try:
            return [self._failure(error) for error in self.validator.iter_errors(instance)]
        except Unresolvable as exc:
            raise SchemaError(
                f"{self.path}: $ref {exc.ref!r} cannot be resolved locally "
                "(speechlint never fetches schemas from the network)"
            ) from exc

    def _failure(self, error: ValidationError) -> Failure:
        schema_path = tuple(error.absolute_schema_path)
        annotation = self._annotation(schema_path)
        if annotation is None:
            raise SchemaError(
                f"{self.path}: the requirement at {_pointer(schema_path)} failed "
                f"({error.message}) but neither it nor an enclosing subschema has an x-code; "
                "expected x-code, x-severity and x-message on it or on an enclosing subschema"
            )
        path = tuple(error.absolute_path)
        if error.validator == "required":
            path += _missing_key(error)
        message = annotation.message or _default_message(error)
        values = _placeholders(error, annotation.holder)
        return Failure(
            code=annotation.code,
            message=_fill(message, values),
            path=path,
            severity=annotation.severity,
            name=annotation.name,
        )

    def _annotation(self, schema_path: tuple[str | int, ...]) -> _Annotation | None:
        if schema_path not in self._annotations:
            self._annotations[schema_path] = _find_annotation(
                self.schema, self.registry.resolver(base_uri=self.base_uri), schema_path
            )
        return self._annotations[schema_path]


def _fast_validator(schema: dict[str, Any], base_uri: str) -> Callable[[Any], bool] | None:
    """jsonschema-rs's compiled check of ``schema``, resolving ``$ref`` as jsonschema does.

    Both implement draft 2020-12 with formats as annotations, so they agree on what is valid
    (tests/core/test_schema_fast_path.py checks the built-in forms); a ``pattern`` is read by
    each in its own regex dialect.  A schema it cannot compile (a regex it rejects, a $ref it
    cannot follow) is left to jsonschema alone.
    """
    try:
        load_jsonschema_rs()
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a declared dependency; jsonschema still answers
        return None
    resources = [
        (str(contents.get("$id") or BUILTIN_BASE + name), contents)
        for name, contents in _builtin_schemas().items()
    ]
    try:
        registry = jsonschema_rs.Registry(resources, retriever=_retrieve_contents)
        validator = jsonschema_rs.validator_for(
            schema, registry=registry, base_uri=base_uri, validate_formats=False
        )
    except Exception:  # whatever it rejects, jsonschema handles (and explains)
        return None
    return validator.is_valid


def _retrieve_contents(uri: str) -> Any:
    return _retrieve_local(uri).contents


# -- annotations --------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _traced(cls: type[Validator]) -> type[Validator]:
    """``cls`` with ``$ref`` kept in error schema paths, so that they can be walked.

    jsonschema leaves ``$ref`` out of ``schema_path``; the path then mixes keys of the
    referring and the referred schema, and the annotations along it cannot be found.
    """
    from jsonschema import validators

    original = cls.VALIDATORS["$ref"]

    def ref(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        for error in original(validator, value, instance, schema) or ():
            error.relative_schema_path.appendleft("$ref")
            yield error

    # jsonschema's extend() carries no annotations.
    traced: type[Validator] = validators.extend(cls, {"$ref": ref})  # type: ignore[no-untyped-call]
    return traced


def _find_annotation(
    schema: Mapping[str, Any], resolver: Any, schema_path: Sequence[str | int]
) -> _Annotation | None:
    """Walk the schema path (through $refs); the deepest x-code wins, a deeper x-message refines."""
    from referencing.exceptions import Unresolvable

    found = _own(schema, None)
    node: Any = schema
    for key in schema_path:
        try:
            if key in ("$ref", "$dynamicRef") and isinstance(node, Mapping):
                resolved = resolver.lookup(node[key])
                node, resolver = resolved.contents, resolved.resolver
            else:
                node = node[key]
        except (KeyError, IndexError, TypeError, Unresolvable):
            break  # a path this walk cannot follow: the annotations found so far apply
        if isinstance(node, Mapping):
            found = _own(node, found)
    return found


def _own(node: Mapping[str, Any], found: _Annotation | None) -> _Annotation | None:
    if "x-code" in node:
        return _Annotation(
            node["x-code"], node.get("x-message"), node.get("x-severity"), node.get("x-name"), node
        )
    if "x-message" in node and found is not None:
        return _Annotation(found.code, node["x-message"], found.severity, found.name, node)
    return found


def _missing_key(error: ValidationError) -> tuple[str, ...]:
    """For ``required``: the first missing property, so the place it belongs is reported."""
    if isinstance(error.instance, Mapping) and isinstance(error.validator_value, list):
        missing = [key for key in error.validator_value if key not in error.instance]
        if missing and isinstance(missing[0], str):
            return (missing[0],)
    return ()


def _default_message(error: ValidationError) -> Message:
    return {"zh": f"不符合讲话形式的要求：{error.message}", "en": f"{error.message}"}


def _placeholders(error: ValidationError, holder: Mapping[str, Any]) -> dict[str, str]:
    """Values for ``{name}`` in x-message: the subschemas' scalar keywords and ``{count}``."""
    values: dict[str, str] = {}
    for source in (holder, error.schema):
        if isinstance(source, Mapping):
            values.update(
                (key, str(value))
                for key, value in source.items()
                if isinstance(value, str | int | float) and not isinstance(value, bool)
            )
    if isinstance(error.instance, list | dict | str):
        values["count"] = str(len(error.instance))
    return values


def _fill(message: Message, values: Mapping[str, str]) -> Message:
    """Replace known ``{name}`` placeholders; leave any other braces as written."""

    def one(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)

    if isinstance(message, str):
        return one(message)
    return {lang: one(text) for lang, text in message.items()}


# -- checking a schema once, at load ---------------------------------------------------------


class _Walker:
    """Checks a schema's x- annotations and $refs, and collects every code it can report."""

    def __init__(self, path: str, registry: Registry[Any]) -> None:
        self.path = path
        self.registry = registry
        self.codes: set[str] = set()
        self.seen: set[tuple[int, bool]] = set()

    def check(self, schema: Mapping[str, Any], base_uri: str) -> set[str]:
        self.walk(schema, self.registry.resolver(base_uri=base_uri), "", own=True)
        return self.codes

    def walk(self, node: Any, resolver: Any, pointer: str, *, own: bool) -> None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                self.walk(item, resolver, f"{pointer}/{index}", own=own)
            return
        # A node reached through a $ref is seen again when the walk of its own file gets there.
        if not isinstance(node, Mapping) or (id(node), own) in self.seen:
            return
        self.seen.add((id(node), own))
        if pointer and isinstance(node.get("$id"), str):
            resolver = resolver.in_subresource(_resource(node))
        if own:
            self.annotations(node, pointer)
        elif isinstance(node.get("x-code"), str):
            self.codes.add(node["x-code"])
        for key, value in node.items():
            where = f"{pointer}/{_escape(key)}"
            if key in ("$ref", "$dynamicRef") and isinstance(value, str):
                self.follow(value, resolver, where, own=own)
            elif key in _SCHEMA_MAPS and isinstance(value, Mapping):
                for name, subschema in value.items():
                    self.walk(subschema, resolver, f"{where}/{_escape(name)}", own=own)
            elif key not in _DATA_KEYWORDS and not key.startswith("x-"):
                self.walk(value, resolver, where, own=own)

    def follow(self, ref: str, resolver: Any, pointer: str, *, own: bool) -> None:
        from referencing.exceptions import Unresolvable

        try:
            resolved = resolver.lookup(ref)
        except Unresolvable as exc:
            where = f" at {pointer}" if own else ""
            raise SchemaError(
                f"{self.path}: $ref {ref!r}{where} cannot be resolved locally; expected a "
                f"built-in schema ({BUILTIN_BASE}…) or a file next to the schema "
                "(speechlint never fetches schemas from the network)"
            ) from exc
        self.walk(resolved.contents, resolved.resolver, "", own=False)

    def annotations(self, node: Mapping[str, Any], pointer: str) -> None:
        where = f"{self.path}: {pointer or '/'}"
        code = node.get("x-code")
        if code is not None:
            if not isinstance(code, str) or not _CODE.fullmatch(code):
                raise SchemaError(f"{where}: x-code must be letters and digits such as ORG201, "
                                  f"not {code!r}")  # fmt: skip
            self.codes.add(code)
        severity = node.get("x-severity")
        if severity is not None and severity not in SEVERITIES:
            raise SchemaError(f"{where}: x-severity must be one of error, warning, info, "
                              f"not {severity!r}")  # fmt: skip
        name = node.get("x-name")
        if name is not None and (not isinstance(name, str) or not _NAME.fullmatch(name)):
            raise SchemaError(f"{where}: x-name must be kebab-case such as missing-signoff, "
                              f"not {name!r}")  # fmt: skip
        if "x-message" in node and not _is_message(node["x-message"]):
            raise SchemaError(f"{where}: x-message must be a string or an object of strings "
                              'such as {"zh": "…", "en": "…"}')  # fmt: skip


def _is_message(value: Any) -> bool:
    if isinstance(value, str):
        return True
    return (
        isinstance(value, Mapping)
        and bool(value)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    )


# -- local resources ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _builtin_schemas() -> dict[str, dict[str, Any]]:
    """File name → contents of every schema shipped in ``speechlint.schemas``."""
    found: dict[str, dict[str, Any]] = {}
    for entry in sorted(_schema_directory().iterdir()):
        if entry.name.endswith(".json"):
            found[entry.name] = _jsonfile.load(entry)
    return found


@lru_cache(maxsize=1)
def _builtin_registry() -> Registry[Any]:
    """The built-in schemas under their $id; other URIs go to :func:`_retrieve_local`."""
    from referencing import Registry

    pairs = [
        (str(schema.get("$id") or BUILTIN_BASE + name), _resource(schema))
        for name, schema in _builtin_schemas().items()
    ]
    registry: Registry[Any] = Registry(retrieve=_retrieve_local)  # type: ignore[call-arg]
    return registry.with_resources(pairs)


def _retrieve_local(uri: str) -> Resource[Any]:
    """A ``file:`` URI from disk, else a built-in schema of the same file name; never the web."""
    from urllib.parse import unquote, urlsplit

    from referencing.exceptions import NoSuchResource

    parts = urlsplit(uri)
    if parts.scheme == "file":
        path = Path(unquote(parts.path))
        if path.is_file():
            return _resource(_read_json(path))
    name = parts.path.rsplit("/", 1)[-1]
    builtin = _builtin_schemas().get(name)
    if builtin is not None and parts.scheme in ("", "file"):
        return _resource(builtin)
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # an attrs class mypy cannot see


def _resource(contents: Any) -> Resource[Any]:
    """A registry resource; its ``$schema`` is dropped once its dialect is known.

    Following a ``$ref`` into a schema that declares ``$schema``, jsonschema switches to the
    stock validator class of that dialect -- which leaves ``$ref`` out of error paths again
    (see :func:`_traced`).  Without the key, the form's own traced class carries on.
    """
    from referencing import Resource
    from referencing.jsonschema import DRAFT202012, specification_with

    if isinstance(contents, Mapping) and isinstance(contents.get("$schema"), str):
        specification = specification_with(contents["$schema"], default=DRAFT202012)
        return specification.create_resource({k: v for k, v in contents.items() if k != "$schema"})
    return Resource.from_contents(contents, default_specification=DRAFT202012)


def _read_json(path: Path) -> Any:
    try:
        return _jsonfile.load(path)
    except OSError as exc:
        raise SchemaError(f"{path}: cannot read the form schema: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SchemaError(f"{path}: the form schema is not UTF-8: {exc.reason}") from exc
    except ValueError as exc:  # json.JSONDecodeError
        where = getattr(exc, "lineno", "?"), getattr(exc, "colno", "?")
        message = getattr(exc, "msg", str(exc))
        raise SchemaError(
            f"{path}: not valid JSON at line {where[0]} column {where[1]}: {message}"
        ) from exc


def _kind(value: Any) -> str:
    return "an array" if isinstance(value, list) else type(value).__name__


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _pointer(path: Iterator[Any] | Sequence[Any]) -> str:
    return "".join(f"/{_escape(str(part))}" for part in path)


# -- from a document to its form, and from a failure back to the text ----------------------


def form_for(ctx: RuleContext) -> FormSchema:
    """The form schema that applies to a document (its front matter, else the settings).

    A form path in front matter is relative to the document's directory; one from the
    configuration or the command line to the configuration's directory (``Settings.root``).
    Registered names come from the ``speechlint_forms`` hook.
    """
    settings = ctx.settings if isinstance(ctx.settings, Settings) else Settings()
    front = ctx.parsed.front_matter
    if front is not None and front.meta.get("form") == ctx.form:
        base: Path | None = Path(ctx.document.path).parent
    else:
        base = settings.root
    forms = _registered_forms(ctx)
    # Every document asks; the answer depends on the form, the base and the forms registered.
    key = (ctx.form, base)
    found = _RESOLVED_FORMS.get(key)
    if found is None or found[0] is not forms:
        name, path = resolve_form(ctx.form, base=base, forms=forms)
        if len(_RESOLVED_FORMS) >= 64:
            _RESOLVED_FORMS.clear()  # a run has a handful; an editor may see more
        found = _RESOLVED_FORMS[key] = (forms, name or path.name, os.fspath(path))
    return _load_at(found[2], found[1])


_RESOLVED_FORMS: dict[tuple[str, Path | None], tuple[Mapping[str, Path], str, str]] = {}


def _registered_forms(ctx: RuleContext) -> Mapping[str, Path]:
    # Forms come from the registry the engine ran with, so plugins passed to it count too;
    # a context built by hand without forms falls back to the built-in ones.
    return ctx.forms or _default_forms()


@lru_cache(maxsize=1)
def _default_forms() -> dict[str, Path]:
    from speechlint._pluginmanager import load_registry

    return dict(load_registry(entry_points=False).forms)


def outline_json(ctx: RuleContext, *, positions: bool = True) -> dict[str, Any]:
    """The outline JSON of the document, built once per document and shared by rules.

    ``positions=False``: spans are placeholders (see :meth:`Outline.to_json`), for a form that
    does not read them (:attr:`FormSchema.reads_spans`).
    """
    key = "outline-json" if positions else "outline-json-shape"
    cached: dict[str, Any] | None = ctx.cache.get(key)
    if cached is None:
        cached = ctx.outline.to_json(ctx.document, positions=positions)
        ctx.cache[key] = cached
    return cached


_UNKNOWN = object()  # a JSON key with no node of its own (span, stats, scalars)
_CHILDREN: Mapping[type, frozenset[str]] = {
    Outline: frozenset({"title", "salutation", "opening", "points", "closing", "signoff"}),
    Opening: frozenset({"paragraphs", "context", "recap", "transition"}),
    Closing: frozenset({"paragraphs", "call_to_action"}),
    Point: frozenset({"topic", "body", "points"}),
}


class Locator:
    """Maps a path in the outline JSON to source offsets ``(start, end)``.

    An existing node maps to its own text (a point to its marker, a list to the range from its
    first to its last item); a missing one to the place where it was expected (DESIGN §3), e.g.
    a missing salutation to the start of the first paragraph of the body.
    """

    def __init__(self, outline: Outline, parsed: Parsed) -> None:
        self.outline = outline
        self.parsed = parsed
        units = parsed.units
        self.start = units[0].start if units else 0
        self.end = units[-1].end if units else 0

    def locate(self, path: Sequence[str | int]) -> tuple[int, int]:
        """The offsets of ``path`` (keys and list indices from the outline's root)."""
        if path and path[0] == "meta":
            front = self.parsed.front_matter
            return (front.start, front.end) if front is not None else (self.start, self.start)
        value: Any = self.outline
        span = (self.start, self.start)
        for depth, key in enumerate(path):
            child = _child(value, key)
            if child is _UNKNOWN:
                return span
            if child is None or child == []:
                return self._expected(tuple(path[: depth + 1]), span)
            value, span = child, _span(child)
        return span

    def _expected(self, path: tuple[str | int, ...], parent: tuple[int, int]) -> tuple[int, int]:
        outline = self.outline
        opening = outline.opening
        here: int | None = None
        if path == ("title",):
            here = self.start
        elif path == ("salutation",):
            here = self._first_start(opening, *outline.points[:1], outline.closing)
        elif path == ("opening",):
            here = self._first_start(*outline.points[:1], outline.closing)
        elif path == ("opening", "recap") and opening is not None:
            return opening.paragraphs[0].start, opening.paragraphs[0].end
        elif path == ("opening", "transition") and opening is not None:
            here = outline.points[0].marker_start if outline.points else opening.end
        elif path == ("points",):
            here = opening.end if opening is not None else self._first_start(outline.closing)
        elif path == ("closing",):
            here = self._content_end()
        elif path == ("signoff",):
            here = self.end
        return (here, here) if here is not None else parent

    def _first_start(self, *candidates: Opening | Point | Closing | None) -> int:
        """The start of the first existing candidate, else the end of what precedes the body."""
        for candidate in candidates:
            if candidate is not None:
                return candidate.start
        if self.outline.signoff is not None:
            return self.outline.signoff.start
        return self._content_end()

    def _content_end(self) -> int:
        """The end of the last element before the closing (and the sign-off)."""
        outline = self.outline
        parts: list[Node | Opening | Point | None] = [
            outline.title,
            outline.salutation,
            outline.opening,
            *outline.points[-1:],
        ]
        ends = [part.end for part in parts if part is not None]
        return max(ends) if ends else self.start


def _child(value: Any, key: str | int) -> Any:
    if isinstance(value, list):
        return value[key] if isinstance(key, int) and 0 <= key < len(value) else _UNKNOWN
    if isinstance(key, str) and key in _CHILDREN.get(type(value), ()):
        return getattr(value, key)
    return _UNKNOWN


def _span(value: Any) -> tuple[int, int]:
    if isinstance(value, Point):
        return value.marker_start, value.marker_end  # a point is reported at its marker
    if isinstance(value, list):
        return value[0].start, value[-1].end
    return int(value.start), int(value.end)
