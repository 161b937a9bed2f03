"""Configuration: finding, parsing and validating ``speechlint.toml`` (DESIGN §6).

A file's configuration is the nearest of ``.speechlint.toml``, ``speechlint.toml`` or a
``pyproject.toml`` with a ``[tool.speechlint]`` table, searched from the file's directory upward
to the filesystem root (like ruff, the search does not stop at a ``.git`` directory, so a
repository nested in another one sees the outer configuration when it has none of its own).
``--config`` replaces the search; ``--isolated`` ignores every configuration file.  Files are
not merged: the nearest one wins whole.

Every file is validated by a JSON Schema generated from the rules' metadata
(:func:`config_schema`); a bad file raises :class:`~speechlint.errors.ConfigError` naming the
file, the key, what was expected and, for a misspelled key or code, the closest valid one.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from speechlint import _jsonfile
from speechlint._pluginmanager import Registry
from speechlint.diagnostics import Severity
from speechlint.errors import ConfigError, UsageError
from speechlint.lexicon import LIST_KEYS
from speechlint.settings import Settings

if TYPE_CHECKING:  # jsonschema is imported only when a configuration file is validated
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

__all__ = ["CONFIG_FILES", "ConfigResolver", "config_schema", "load_config_file"]

# Searched in this order within one directory (ruff's order: the hidden file is the most
# deliberate choice, pyproject.toml the most incidental).
CONFIG_FILES: tuple[str, ...] = (".speechlint.toml", "speechlint.toml", "pyproject.toml")
_PYPROJECT = "pyproject.toml"
_SELECTOR_PATTERN = r"^(ALL|[A-Z]+[0-9]*)$"
_SELECTOR_KEYS = ("select", "extend-select", "ignore")
# Command-line overrides that add to the file's value instead of replacing it.
_EXTENDING = ("ignore", "extend_select", "extend_exclude", "dictionaries")
_MERGING = ("severity", "rules", "per_file_ignores", "outline")


# -- the schema -------------------------------------------------------------------------------


def _doc(zh: str, en: str) -> dict[str, Any]:
    """``description`` (English, for editors) and ``x-description`` (both languages)."""
    return {"description": en, "x-description": {"zh": zh, "en": en}}


_SELECTOR: dict[str, Any] = {
    "type": "string",
    "pattern": _SELECTOR_PATTERN,
    "x-expected": {
        "zh": "规则代码或前缀（如 'S102'、'P4'、'ALL'）",
        "en": "a rule code or prefix (such as 'S102', 'P4' or 'ALL')",
    },
}
_CODES: dict[str, Any] = {"type": "array", "items": {"$ref": "#/$defs/selector"}}
_STRINGS: dict[str, Any] = {"type": "array", "items": {"type": "string"}}


def _top_level_keys() -> dict[str, dict[str, Any]]:
    """Every top-level key except ``rules`` (which depends on the registry)."""
    return {
        "form": {"type": "string", "minLength": 1, "default": "meeting-speech",
                 "examples": ["speech", "org.schema.json"],
                 **_doc("讲话稿的文体：内置文体名，或组织自己的表单文件（.json，相对配置文件）",
                        "the speech form: a built-in form name, or an organisation's schema "
                        "file (.json, relative to the config file)")},
        "select": {**_CODES, "default": ["ALL"],
                   **_doc("启用的规则代码或前缀（替换默认的全部规则）",
                          "codes or prefixes to enable (replaces the default: all)")},
        "extend-select": {**_CODES, "default": [],
                          **_doc("在 select 之外追加启用的规则", "codes added to select")},
        "ignore": {**_CODES, "default": [],
                   **_doc("不检查的规则代码或前缀", "codes or prefixes to disable")},
        "severity": {
            "type": "object",
            "propertyNames": {"$ref": "#/$defs/selector"},
            "additionalProperties": {"enum": ["error", "warning", "info", "off"]},
            "default": {},
            **_doc("按代码或前缀改变严重级别；off 等同于 ignore",
                   "severity by code or prefix; off is the same as ignore"),
        },
        "per-file-ignores": {
            "type": "object",
            "additionalProperties": _CODES,
            "default": {},
            **_doc("文件通配符 → 对这些文件不检查的规则（相对配置文件所在目录）",
                   "glob → codes ignored in matching files (relative to the config file)"),
        },
        "exclude": {**_STRINGS, "default": [".*/", "node_modules/", "__pycache__/"],
                    **_doc("不检查的路径（gitignore 语法，相对配置文件所在目录；替换默认值）",
                           "paths not to check (gitignore syntax, relative to the config "
                           "file; replaces the default)")},
        "extend-exclude": {**_STRINGS, "default": [],
                           **_doc("追加的排除路径（gitignore 语法，相对配置文件所在目录）",
                                  "paths excluded in addition to exclude (gitignore syntax, "
                                  "relative to the config file)")},
        "respect-gitignore": {"type": "boolean", "default": True,
                              **_doc("跳过 .gitignore 忽略的文件", "skip files that git ignores")},
        "lang": {"enum": ["zh", "en"], "default": "zh",
                 **_doc("消息语言", "the language of messages")},
        "dictionaries": {**_STRINGS, "default": [],
                         **_doc("附加词表文件（W501–W505 使用；相对配置文件所在目录）",
                                "extra dictionary files for W501–W505 (relative to the "
                                "config file)")},
        "chars-per-minute": {"type": "number", "exclusiveMinimum": 0, "default": 220,
                             **_doc("估算讲话时长用的语速（字/分钟）",
                                    "speaking rate for the duration estimate (chars/minute)")},
        "encoding": {"type": "string", "minLength": 1, "examples": ["gb18030"],
                     **_doc("强制使用的文件编码（默认依次尝试 UTF-8、GB18030）",
                            "force an encoding (default: try UTF-8, then GB18030)")},
        "outline": _outline_schema(),
    }  # fmt: skip


def _kebab(name: str) -> str:
    return name.replace("_", "-")


# What each [outline] list adds to the built-in lexicon (core/data/lexicon.json).
_OUTLINE_KEYS: dict[str, tuple[str, str]] = {
    "salutation_heads": ("称谓前的修饰语（如“尊敬的”）", "words before an addressee (尊敬的)"),
    "salutation_nouns": ("称谓中的称呼（如“同志们”“各位代表”）",
                         "addressee nouns (同志们, 各位代表)"),
    "recap_markers": ("回顾前面发言的句首词（如“刚才”）",
                      "words opening the recap of earlier speakers (刚才)"),
    "transition_patterns": ("过渡句的正则表达式（如“下面，我讲几点意见”）",
                            "regexes for the transition (下面，我讲几点意见)"),
    "closing_openers": ("结尾段开头的正则表达式（如“同志们，”）",
                        "regexes for how the closing begins (同志们，)"),
    "call_to_action_patterns": ("号召句的正则表达式（如“让我们……”）",
                                "regexes for the call to action (让我们……)"),
    "signoff_patterns": ("致谢语的正则表达式（如“谢谢大家！”）",
                         "regexes for the sign-off (谢谢大家！)"),
    "title_patterns": ("标题的正则表达式（如“在……上的讲话”）",
                       "regexes for titles (在……上的讲话)"),
    "header_patterns": ("标题下的副标题、日期、署名行的正则表达式",
                        "regexes for subtitle, date and speaker lines under the title"),
}  # fmt: skip


def _outline_schema() -> dict[str, Any]:
    properties = {
        _kebab(key): {**_STRINGS, "default": [], **_doc(*_OUTLINE_KEYS[key])} for key in LIST_KEYS
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        **_doc("追加的大纲识别标记（追加在内置词表之后）",
               "extra outline markers, appended to the built-in lexicon"),
    }  # fmt: skip


def _rules_schema(registry: Registry) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``rules`` table (keyed by code and by name) and one ``$defs`` entry per rule."""
    definitions: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    for code in sorted(registry.metas):
        meta = registry.metas[code]
        summary = meta.summary if isinstance(meta.summary, Mapping) else {"en": meta.summary}
        definitions[f"rule-{code}"] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {name: dict(spec) for name, spec in meta.options.items()},
            "description": f"{code} {meta.name}: {summary.get('en') or summary.get('zh', '')}",
        }
        reference = {"$ref": f"#/$defs/rule-{code}"}
        properties[code] = reference
        properties.setdefault(meta.name, reference)
    rules = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        **_doc("规则选项：[rules.<代码或名称>]", "rule options: [rules.<code-or-name>]"),
    }
    return rules, definitions


def config_schema(registry: Registry) -> dict[str, Any]:
    """The JSON Schema of a configuration table, generated from ``registry``'s rule metadata."""
    rules, definitions = _rules_schema(registry)
    properties = _top_level_keys()
    properties["rules"] = rules
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://speechlint.invalid/config.schema.json",
        "title": "speechlint configuration",
        "type": "object",
        "additionalProperties": False,
        "properties": dict(sorted(properties.items())),
        "$defs": {"selector": _SELECTOR, **definitions},
    }


# -- reading one file -------------------------------------------------------------------------


def _display(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _error(where: str, zh: str, en: str) -> ConfigError:
    return ConfigError(f"{where}: {zh} / {en}")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = exc.strerror or str(exc)
        raise _error(_display(path), f"无法读取配置文件（{problem}）",
                     f"cannot read the configuration file ({problem})") from None  # fmt: skip
    try:
        # utf-8-sig: Windows editors save TOML with a BOM, which tomllib itself rejects.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = exc.start
        raise _error(_display(path), f"配置文件不是 UTF-8 编码（第 {byte} 字节）",
                     f"the configuration file is not UTF-8 (byte {byte})") from None  # fmt: skip
    # Imported here: a run that finds no configuration file never parses TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 has no tomllib; tomli is its backport
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        table: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(path, exc) from None
    return table


def _syntax_error(path: Path, exc: Exception) -> ConfigError:
    """A TOML syntax error as ``file:line:column: …`` (tomllib puts the position in the text)."""
    message = str(exc)
    where = _display(path)
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found:
        where = f"{where}:{found[1]}:{found[2]}"
        message = message[: found.start()]
    elif message.endswith("(at end of document)"):
        where = f"{where}:end"
        message = message[: -len("(at end of document)")].rstrip()
    return _error(where, f"TOML 语法错误：{message}", f"invalid TOML: {message}")


def _speechlint_table(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    """The speechlint table of a parsed file; ``None`` for a pyproject.toml without one."""
    if path.name != _PYPROJECT:
        return data
    tool = data.get("tool")
    table = tool.get("speechlint") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise _error(_display(path), "[tool.speechlint] 应当是一个表",
                     "[tool.speechlint] must be a table")  # fmt: skip
    return table


def load_config_file(path: Path, registry: Registry) -> Settings:
    """Parse and validate one configuration file; raises :class:`ConfigError`."""
    return _Loader(registry).load(path)


class _Loader:
    """Reads configuration files against one registry (the schema is compiled once)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._schema: dict[str, Any] | None = None
        self._validator: Draft202012Validator | None = None
        self._quick: Callable[[Any], bool] | None = None
        self._known: frozenset[str] | None = None

    @property
    def schema(self) -> dict[str, Any]:
        """The configuration schema of this registry (generated once)."""
        if self._schema is None:
            self._schema = config_schema(self.registry)
        return self._schema

    @property
    def validator(self) -> Draft202012Validator:
        """The compiled configuration schema, built when the first file is validated."""
        if self._validator is None:
            from jsonschema import Draft202012Validator

            self._validator = Draft202012Validator(self.schema)
        return self._validator

    def quickly_valid(self, table: dict[str, Any]) -> bool:
        """Whether ``table`` is valid, by a compiled check when jsonschema is not loaded yet.

        jsonschema costs tens of milliseconds to import, more than the rest of a short run;
        jsonschema-rs answers yes or no in a few.  ``False`` only means "ask jsonschema", which
        then explains what is wrong: the quick check can skip work, never change a result.
        """
        if self._quick is None:
            self._quick = _compiled_check(self.schema)
        return self._quick(table)

    @property
    def known_codes(self) -> frozenset[str]:
        """Registered codes and the ``x-code`` codes of the registered form schemas."""
        if self._known is None:
            forms = sorted(str(path) for path in self.registry.forms.values())
            self._known = frozenset(self.registry.metas) | _form_codes(forms)
        return self._known

    def table(self, path: Path) -> dict[str, Any] | None:
        """The parsed speechlint table of ``path`` (``None``: a pyproject.toml without one)."""
        return _speechlint_table(path, _read_toml(path))

    def load(self, path: Path) -> Settings:
        """Validate ``path`` and build its settings; an explicit file must have a table."""
        path = Path(os.path.abspath(path))
        table = self.table(path)
        if table is None:
            raise _error(_display(path), "没有 [tool.speechlint] 表",
                         "no [tool.speechlint] table")  # fmt: skip
        return self.settings(path, table)

    def settings(self, path: Path, table: dict[str, Any]) -> Settings:
        """Validate an already parsed table and convert it into :class:`Settings`."""
        prefix = ("tool", "speechlint") if path.name == _PYPROJECT else ()
        where = _display(path)
        if not self.quickly_valid(table):
            _validate(self.validator, table, where, prefix, self.known_codes)
        form_codes = _check_form(table, path.parent, self.registry.forms, where, prefix)
        _check_codes(table, self.known_codes | form_codes, where, prefix)
        _check_encoding(table, where, prefix)
        return _to_settings(table, path, prefix)


def _compiled_check(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """jsonschema-rs's ``is_valid`` for ``schema``; a check that always defers otherwise."""
    if "jsonschema" in sys.modules:  # already paid for (form validation): it is quick enough
        return _defer
    try:
        from speechlint._jsonschema_rs import load_jsonschema_rs

        load_jsonschema_rs()
        import jsonschema_rs

        return jsonschema_rs.validator_for(schema).is_valid
    except Exception:  # not installed, or a schema it rejects: jsonschema decides
        return _defer


def _defer(table: Any) -> bool:
    return False


def _form_codes(paths: Iterable[str]) -> frozenset[str]:
    """Codes that form schemas define in ``x-code`` annotations (unreadable files add none)."""
    found: set[str] = set()
    for name in paths:
        try:
            stat = os.stat(name)
        except OSError:
            continue  # the form loader reports missing schemas; here they just add no codes
        found |= _file_codes(name, stat.st_mtime_ns, stat.st_size)
    return frozenset(found)


@lru_cache(maxsize=32)
def _file_codes(name: str, mtime_ns: int, size: int) -> frozenset[str]:
    """The ``x-code`` values of one schema file (keyed by its mtime: an editor session edits it)."""
    found: set[str] = set()
    # A broken schema is the form loader's to report; here it just adds no codes.
    with contextlib.suppress(OSError, ValueError):
        _collect_x_codes(_jsonfile.load(name), found)
    return frozenset(found)


def _collect_x_codes(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        code = node.get("x-code")
        if isinstance(code, str):
            found.add(code)
        for value in node.values():
            _collect_x_codes(value, found)
    elif isinstance(node, list):
        for value in node:
            _collect_x_codes(value, found)


# -- validation messages ----------------------------------------------------------------------


def _validate(
    validator: Draft202012Validator,
    table: dict[str, Any],
    where: str,
    prefix: tuple[str, ...],
    known: Iterable[str],
) -> None:
    errors = sorted(validator.iter_errors(table), key=lambda e: _document_order(table, e))
    if not errors:
        return
    first = errors[0]
    path = list(first.absolute_path)
    # An unknown key is named in its message; the label names the table it is in.
    label = _table_label(prefix, path) if _extra_keys(first) else _key_label(prefix, path)
    zh, en = _explain(first, known)
    if len(errors) > 1:
        zh += f"（另有 {len(errors) - 1} 处问题）"
        en += f" (and {len(errors) - 1} more)"
    raise _error(where, f"{label}{zh}", f"{label}{en}")


def _document_order(table: dict[str, Any], error: ValidationError) -> list[int]:
    """Where an error is in the file: tomllib keeps tables in document order."""
    order: list[int] = []
    node: Any = table
    for part in [*error.absolute_path, *_extra_keys(error)[:1]]:
        if isinstance(node, dict) and part in node:
            order.append(list(node).index(part))
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            order.append(part)
            node = node[part]
    return order


def _key_label(prefix: tuple[str, ...], path: Sequence[str | int]) -> str:
    """``[rules.T301] max-length: `` for a nested key, ``select[2]: `` for a list item."""
    parts: list[str] = [_bare(part) for part in prefix]
    for part in path:
        if isinstance(part, int):
            parts[-1] += f"[{part}]"
        else:
            parts.append(_bare(part))
    if not parts:
        return ""
    if len(parts) == 1:
        return f"{parts[0]}: "
    return f"[{'.'.join(parts[:-1])}] {parts[-1]}: "


def _table_label(prefix: tuple[str, ...], path: Sequence[str | int]) -> str:
    """``[rules.T301] `` for keys inside a table, nothing at the top level."""
    parts = [_bare(part) for part in (*prefix, *path) if isinstance(part, str)]
    return f"[{'.'.join(parts)}] " if parts else ""


def _bare(key: str) -> str:
    """A TOML key as written: bare when it can be, quoted otherwise."""
    if re.fullmatch(r"[A-Za-z0-9_-]+", key):
        return key
    import json  # (a message about an unusual key: not worth json's import at every start)

    return json.dumps(key, ensure_ascii=False)


def _extra_keys(error: ValidationError) -> list[str]:
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return []
    known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    return [key for key in error.instance if key not in known]


def _explain(error: ValidationError, known: Iterable[str]) -> tuple[str, str]:
    """What is wrong, in Chinese and English."""
    extras = _extra_keys(error)
    if extras:
        return _unknown_key(error, extras[0])
    if error.validator == "pattern" and isinstance(error.instance, str):
        return _bad_selector(error.instance, known)
    zh, en = _expected(error.schema if isinstance(error.schema, dict) else {})
    got = _show(error.instance)
    return f"应为{zh}，实际为 {got}", f"expected {en}, got {got}"


def _unknown_key(error: ValidationError, key: str) -> tuple[str, str]:
    assert isinstance(error.schema, dict)
    known = list(error.schema.get("properties", {}))
    path = list(error.absolute_path)
    if path == ["rules"]:
        zh, en = f"未知规则 {key!r}", f"unknown rule {key!r}"
    elif not known:
        zh, en = f"该规则没有选项 {key!r}", f"this rule has no option {key!r}"
    else:
        zh, en = f"未知配置项 {key!r}", f"unknown key {key!r}"
    match = _closest(key, known)
    if match:
        zh += f"（是否应为 {match!r}？）"
        en += f" (did you mean {match!r}?)"
    return zh, en


def _closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    pool = list(candidates)
    for variant in (word.upper(), word.lower(), _kebab(word)):
        if variant != word and variant in pool:
            return variant
    import difflib  # only to suggest a spelling for a mistake

    matches = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def _bad_selector(value: str, known: Iterable[str]) -> tuple[str, str]:
    zh = f"应为{_SELECTOR['x-expected']['zh']}，实际为 {value!r}"
    en = f"expected {_SELECTOR['x-expected']['en']}, got {value!r}"
    match = _closest(value, known)
    if match:
        zh += f"（是否应为 {match!r}？）"
        en += f" (did you mean {match!r}?)"
    return zh, en


def _expected(schema: Mapping[str, Any]) -> tuple[str, str]:
    """Describe what a schema accepts: ``an integer ≥ 1``, ``one of 'zh', 'en'`` …"""
    if "x-expected" in schema:
        return schema["x-expected"]["zh"], schema["x-expected"]["en"]
    if "enum" in schema:
        options = ", ".join(_show(value) for value in schema["enum"])
        return f"以下之一：{options}", f"one of {options}"
    kind = schema.get("type")
    zh, en = _TYPE_NAMES.get(kind if isinstance(kind, str) else "", ("合法的值", "a valid value"))
    bounds = [bound for bound in _BOUNDS if isinstance(schema.get(bound[0]), (int, float))]
    for key, sign, word in bounds:
        zh = f"{word} {schema[key]} 的{zh}"
        en = f"{en} {sign} {schema[key]}"
    if kind == "string" and schema.get("minLength") == 1:
        zh, en = "非空字符串", "a non-empty string"
    return zh, en


_TYPE_NAMES: Mapping[str, tuple[str, str]] = {
    "integer": ("整数", "an integer"),
    "number": ("数", "a number"),
    "string": ("字符串", "a string"),
    "boolean": ("布尔值（true 或 false）", "true or false"),
    "array": ("列表", "a list"),
    "object": ("表", "a table"),
}
_BOUNDS = (
    ("minimum", "≥", "不小于"),
    ("exclusiveMinimum", ">", "大于"),
    ("maximum", "≤", "不大于"),
    ("exclusiveMaximum", "<", "小于"),
)


def _show(value: Any) -> str:
    """A value as the user wrote it in TOML (short)."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = repr(value)
    elif isinstance(value, dict):
        text = "a table"
    else:
        import json  # (an error message only)

        text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


# -- semantic checks --------------------------------------------------------------------------


def _selectors(table: Mapping[str, Any]) -> Iterator[tuple[list[str | int], str]]:
    """Every code selector in a table, with its key path."""
    for key in _SELECTOR_KEYS:
        for index, value in enumerate(table.get(key, ())):
            yield [key, index], value
    for pattern, codes in table.get("per-file-ignores", {}).items():
        for index, value in enumerate(codes):
            yield ["per-file-ignores", pattern, index], value
    for selector in table.get("severity", {}):
        yield ["severity", selector], selector


def _unknown_selector(selector: str, known: Iterable[str]) -> tuple[str, str] | None:
    """``None`` when ``selector`` selects a known code; else a bilingual complaint."""
    codes = list(known)
    if selector == "ALL" or any(code.startswith(selector) for code in codes):
        return None
    prefixes = {code[: len(selector)] for code in codes}
    match = _closest(selector, prefixes, cutoff=0.5)
    zh = f"代码 {selector!r} 不对应任何规则"
    en = f"{selector!r} matches no rule code"
    if match:
        zh += f"（是否应为 {match!r}？）"
        en += f" (did you mean {match!r}?)"
    return zh, en


def _check_codes(
    table: Mapping[str, Any], known: frozenset[str], where: str, prefix: tuple[str, ...]
) -> None:
    for path, selector in _selectors(table):
        complaint = _unknown_selector(selector, known)
        if complaint:
            label = _key_label(prefix, path)
            raise _error(where, label + complaint[0], label + complaint[1])


def _check_form(
    table: Mapping[str, Any],
    root: Path,
    forms: Mapping[str, Path],
    where: str,
    prefix: tuple[str, ...],
) -> frozenset[str]:
    """Check ``form`` as the form loader will resolve it; return a form file's own codes."""
    form = table.get("form")
    label = _key_label(prefix, ["form"])
    if form is None:
        return frozenset()
    if form.lower().endswith(".json"):  # a schema file, relative to the configuration
        path = root / Path(form).expanduser()
        if not path.is_file():
            raise _error(where, f"{label}找不到表单文件 {str(path)!r}",
                         f"{label}no such form schema file {str(path)!r}")  # fmt: skip
        return _form_codes((str(path),))
    if forms and form not in forms:
        known = ", ".join(repr(name) for name in sorted(forms))
        zh = f"{label}未知文体 {form!r}，应为 {known} 之一或以 .json 结尾的表单文件"
        en = f"{label}unknown form {form!r}: expected one of {known} or a .json form schema"
        match = _closest(form, forms)
        if match:
            zh += f"（是否应为 {match!r}？）"
            en += f" (did you mean {match!r}?)"
        raise _error(where, zh, en)
    return frozenset()


def _check_encoding(table: Mapping[str, Any], where: str, prefix: tuple[str, ...]) -> None:
    encoding = table.get("encoding")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            label = _key_label(prefix, ["encoding"])
            raise _error(where, f"{label}未知编码 {encoding!r}",
                         f"{label}unknown encoding {encoding!r}") from None  # fmt: skip


# -- conversion into Settings -----------------------------------------------------------------


def _to_settings(table: Mapping[str, Any], path: Path, prefix: tuple[str, ...]) -> Settings:
    root = path.parent
    severity: dict[str, Severity] = {}
    off: list[str] = []
    for selector, level in table.get("severity", {}).items():
        # "off" is one more way to ignore: it goes through the same selection logic.
        if level == "off":
            off.append(selector)
        else:
            severity[selector] = level
    values: dict[str, Any] = {
        "form": table.get("form"),
        "select": _tuple_or_none(table.get("select")),
        "extend_select": tuple(table.get("extend-select", ())),
        "ignore": (*table.get("ignore", ()), *off),
        "severity": severity,
        "rules": {key: dict(options) for key, options in table.get("rules", {}).items()},
        "per_file_ignores": {k: tuple(v) for k, v in table.get("per-file-ignores", {}).items()},
        "exclude": tuple(table.get("exclude", ())),
        "extend_exclude": tuple(table.get("extend-exclude", ())),
        "dictionaries": _dictionaries(table, root, _display(path), prefix),
        "outline": {k.replace("-", "_"): tuple(v) for k, v in table.get("outline", {}).items()},
    }
    for key in ("respect-gitignore", "lang", "encoding"):
        if key in table:
            values[key.replace("-", "_")] = table[key]
    if "chars-per-minute" in table:
        values["chars_per_minute"] = float(table["chars-per-minute"])
    return Settings(**values, root=root, source=path)


def _tuple_or_none(value: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _dictionaries(
    table: Mapping[str, Any], root: Path, where: str, prefix: tuple[str, ...]
) -> tuple[Path, ...]:
    found: list[Path] = []
    for index, name in enumerate(table.get("dictionaries", ())):
        path = Path(os.path.normpath(root / Path(name).expanduser()))
        if not path.is_file():
            label = _key_label(prefix, ["dictionaries", index])
            raise _error(where, f"{label}找不到词表文件 {str(path)!r}",
                         f"{label}no such dictionary file {str(path)!r}")  # fmt: skip
        found.append(path)
    return tuple(found)


# -- resolving the settings of each file ------------------------------------------------------


class ConfigResolver:
    """The settings in force for each file: its nearest configuration plus command-line overrides.

    ``config_path`` (``--config``) replaces the upward search; ``isolated`` (``--isolated``)
    ignores configuration files altogether.  ``overrides`` are :class:`Settings` field names
    (``select``, ``ignore``, ``form``, ``lang`` …); a ``None`` value means "not given".
    ``ignore``, ``extend_select``, ``extend_exclude`` and ``dictionaries`` add to the file's
    value, the table-valued ``severity``, ``rules``, ``per_file_ignores`` and ``outline`` are
    merged key by key, every other field replaces the file's value.
    """

    def __init__(
        self,
        registry: Registry,
        *,
        config_path: Path | None = None,
        overrides: Mapping[str, Any] | None = None,
        isolated: bool = False,
    ) -> None:
        if isolated and config_path is not None:
            raise UsageError("--config 与 --isolated 不能同时使用 / "
                             "--config and --isolated cannot be used together")  # fmt: skip
        self._loader = _Loader(registry)
        self._isolated = isolated
        self._overrides = _checked_overrides(overrides or {}, self._loader.known_codes)
        fixed = None if config_path is None else self._loader.load(config_path)
        self._fixed_source = None if fixed is None else fixed.source
        # Without --config: the settings of a file that no configuration file covers.
        self._base = _apply_overrides(fixed or Settings(), self._overrides)
        self._nearest: dict[Path, Path | None] = {}
        self._settings: dict[Path, Settings] = {}
        self._by_directory: dict[str, Settings] = {}

    def config_schema(self) -> dict[str, Any]:
        """The JSON Schema that configuration files are validated against."""
        return self._loader.schema

    def settings_for(self, path: Path) -> Settings:
        """The settings for ``path`` (a file, or a directory for its own files)."""
        return self._settings_from(self.config_file_for(path))

    def settings_for_file(self, path: str) -> Settings:
        """:meth:`settings_for` a file (or the name given to standard input), looked up once per
        directory as named: a run asks for every file it checks, and building a :class:`Path`, a
        ``stat`` and the upward search for each came to 45 ms over 1,000 files.  A relative
        ``path`` is taken from the working directory, which a run does not change."""
        if self._fixed_source is not None or self._isolated:
            return self._base
        directory = os.path.dirname(path)
        settings = self._by_directory.get(directory)
        if settings is None:
            source = self._search(Path(os.path.abspath(directory or os.curdir)))
            settings = self._by_directory[directory] = self._settings_from(source)
        return settings

    def _settings_from(self, source: Path | None) -> Settings:
        """The settings of the configuration file ``source`` (``None``: no file applies)."""
        if source is None or source == self._fixed_source:
            return self._base
        return self._settings[source]

    def config_file_for(self, path: Path) -> Path | None:
        """The configuration file that applies to ``path``, or ``None`` (none found)."""
        if self._fixed_source is not None or self._isolated:
            return self._fixed_source
        absolute = Path(os.path.abspath(path))
        return self._search(absolute if absolute.is_dir() else absolute.parent)

    def _search(self, directory: Path) -> Path | None:
        """The nearest configuration at or above ``directory``; every directory seen is cached."""
        visited: list[Path] = []
        found: Path | None = None
        current: Path | None = directory
        while current is not None:
            if current in self._nearest:
                found = self._nearest[current]
                break
            visited.append(current)
            found = self._config_in(current)
            if found is not None:
                break
            current = current.parent if current.parent != current else None
        for seen in visited:
            self._nearest[seen] = found
        return found

    def _config_in(self, directory: Path) -> Path | None:
        for name in CONFIG_FILES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            table = self._loader.table(candidate)
            if table is None:
                continue  # a pyproject.toml that does not configure speechlint
            loaded = self._loader.settings(candidate, table)
            self._settings[candidate] = _apply_overrides(loaded, self._overrides)
            return candidate
        return None


def _checked_overrides(overrides: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """Overrides without ``None`` values; unknown fields are a programming error."""
    fields = set(Settings._fields)
    given = {key: value for key, value in overrides.items() if value is not None}
    unknown = sorted(set(given) - fields)
    if unknown:
        raise TypeError(f"unknown settings override(s): {', '.join(unknown)}")
    for key in ("select", "extend_select", "ignore"):
        for selector in given.get(key, ()):
            if re.fullmatch(_SELECTOR_PATTERN, selector):
                problem = _unknown_selector(selector, known)
            else:
                problem = _bad_selector(selector, known)
            if problem:
                raise UsageError(f"--{_kebab(key)}: {problem[0]} / {problem[1]}")
    encoding = given.get("encoding")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError(
                f"--encoding: 未知编码 {encoding!r} / unknown encoding {encoding!r}"
            ) from None
    return given


def _apply_overrides(settings: Settings, overrides: Mapping[str, Any]) -> Settings:
    changes: dict[str, Any] = {}
    for key, value in overrides.items():
        current = getattr(settings, key)
        if key in _EXTENDING:
            changes[key] = (*current, *value)
        elif key in _MERGING:
            changes[key] = {**current, **value}
        elif key == "select":
            changes[key] = tuple(value)
        else:
            changes[key] = value
    return settings._replace(**changes) if changes else settings
