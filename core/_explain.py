"""The commands that describe speechlint itself: ``rules``, ``explain``, ``forms`` and ``init``.

Everything here reads rule metadata and form schemas from the plugin registry, so a third-party
plugin's rules and forms are listed and explained exactly like the built-in ones.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from speechlint._pluginmanager import Registry
from speechlint.diagnostics import Message, localize
from speechlint.errors import SchemaError, UsageError
from speechlint.formatters.text import display_width
from speechlint.rules import RuleMeta
from speechlint.settings import DEFAULT_FORM

__all__ = [
    "CONFIG_NAME",
    "OptionText",
    "RuleText",
    "explain",
    "forms_listing",
    "render_text",
    "rule_text",
    "rules_listing",
    "starter_config",
    "write_starter",
]

CONFIG_NAME = "speechlint.toml"

_SEVERITY = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
_FIXABILITY = {
    "zh": {
        "none": "不能自动修复",
        "safe": "安全修复（--fix）",
        "unsafe": "不安全修复（需 --unsafe-fixes）",
        "safe/unsafe": "视情况为安全或不安全修复",
    },
    "en": {
        "none": "not fixable",
        "safe": "safe fix (--fix)",
        "unsafe": "unsafe fix (needs --unsafe-fixes)",
        "safe/unsafe": "safe or unsafe, depending on the case",
    },
}
_LABELS = {
    "zh": {
        "code": "代码", "name": "名称", "severity": "级别", "fix": "修复", "summary": "说明",
        "default_severity": "默认级别", "fixable": "自动修复", "tags": "标签", "why": "为什么",
        "bad": "错误示例", "good": "正确示例", "options": "选项", "reference": "依据",
        "default": "默认", "no_doc": "（该规则没有文档）", "form": "文体", "title": "标题",
        "default_form": "（默认）", "no_forms": "没有已注册的文体",
    },
    "en": {
        "code": "code", "name": "name", "severity": "severity", "fix": "fix", "summary": "summary",
        "default_severity": "default severity", "fixable": "fixable", "tags": "tags",
        "why": "why", "bad": "bad", "good": "good", "options": "options",
        "reference": "reference", "default": "default",
        "no_doc": "(this rule has no documentation)",
        "form": "form", "title": "title", "default_form": " (default)",
        "no_forms": "no forms are registered",
    },
}  # fmt: skip


def _labels(lang: str) -> Mapping[str, str]:
    return _LABELS.get(lang, _LABELS["zh"])


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _table(rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns measured in display columns (汉字 are two wide); last one unpadded."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [
            cell + " " * (width - display_width(cell))
            for cell, width in zip(row[:-1], widths, strict=True)
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"


# -- rules ---------------------------------------------------------------------------------


def _metas(registry: Registry) -> list[RuleMeta]:
    return [registry.metas[code] for code in sorted(registry.metas)]


def rules_listing(registry: Registry, *, lang: str = "zh", format: str = "table") -> str:
    """Every rule's code, name, default severity, fixability and summary."""
    if format == "json":
        return _dump([_rule_json(meta, lang) for meta in _metas(registry)])
    labels = _labels(lang)
    severity = _SEVERITY.get(lang, _SEVERITY["zh"])
    header = [labels[key] for key in ("code", "name", "severity", "fix", "summary")]
    rows = [
        [m.code, m.name, severity[m.severity], "-" if m.fix == "none" else m.fix,
         localize(m.summary, lang)]
        for m in _metas(registry)
    ]  # fmt: skip
    return _table([header, *rows])


def _rule_json(meta: RuleMeta, lang: str) -> dict[str, Any]:
    return {
        "code": meta.code,
        "name": meta.name,
        "summary": localize(meta.summary, lang),
        "severity": meta.severity,
        "fix": meta.fix,
        "tags": list(meta.tags),
        "options": dict(meta.options),
    }


# -- explain -------------------------------------------------------------------------------


def _unknown_rule(key: str, registry: Registry, lang: str) -> UsageError:
    candidates = {code.lower(): code for code in registry.metas}
    candidates.update({meta.name: meta.name for meta in registry.metas.values()})
    close = difflib.get_close_matches(key.lower(), list(candidates), n=1, cutoff=0.6)
    hint = {"zh": "", "en": ""}
    if close:
        match = candidates[close[0]]
        hint = {"zh": f"是不是想找 {match}？", "en": f" Did you mean {match}?"}
    return UsageError(
        localize(
            {
                "zh": f"未知的规则：{key}。{hint['zh']}运行 speechlint rules 查看所有规则。",
                "en": f"unknown rule: {key}.{hint['en']} Run `speechlint rules` for the list.",
            },
            lang,
        )
    )


# A rule's documentation is built once, as a :class:`RuleText`, and rendered twice: as plain
# text here (``speechlint explain``, the hover, SARIF help) and as Markdown by ``_docgen`` (the
# pages under docs/rules/).  Both renderers only arrange the fields, so they cannot disagree.


@dataclass(frozen=True, slots=True)
class OptionText:
    """One rule option as documented: name, JSON type, default (as JSON) and description."""

    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True, slots=True)
class RuleText:
    """A rule's documentation in one language, ready to render.

    ``facts`` are (label, value) lines (default severity, fixability, tags); ``sections`` are
    (key, label, text) with key ``why``, ``bad``, ``good``, ``reference`` or ``no_doc``;
    ``bad`` and ``good`` are verbatim examples, the others prose.
    """

    code: str
    name: str
    lang: str
    summary: str
    facts: tuple[tuple[str, str], ...]
    sections: tuple[tuple[str, str, str], ...]
    options_label: str
    options: tuple[OptionText, ...]


def _describe(spec: Any, lang: str) -> str:
    if not isinstance(spec, Mapping):
        return ""
    for key in ("x-description", "description"):
        if isinstance(spec.get(key), (str, Mapping)):
            return localize(spec[key], lang)
    return ""


def _type_name(spec: Mapping[str, Any]) -> str:
    kind = spec.get("type")
    if isinstance(kind, list):
        return " | ".join(str(item) for item in kind)
    return "" if kind is None else str(kind)


def _option(name: str, spec: Any, lang: str) -> OptionText:
    if not isinstance(spec, Mapping):
        return OptionText(name, "", None, "")
    default = None
    if "default" in spec:
        default = json.dumps(spec["default"], ensure_ascii=False)
    return OptionText(name, _type_name(spec), default, _describe(spec, lang))


def _sections(meta: RuleMeta, lang: str) -> tuple[tuple[str, str, str], ...]:
    labels = _labels(lang)
    doc = meta.doc
    if doc is None:
        return (("no_doc", "", labels["no_doc"]),)
    sections = [
        ("why", labels["why"], localize(doc.why, lang)),
        ("bad", labels["bad"], doc.bad),
        ("good", labels["good"], doc.good),
    ]
    if doc.reference:
        sections.append(("reference", labels["reference"], doc.reference))
    return tuple(sections)


def rule_text(meta: RuleMeta, lang: str = "zh") -> RuleText:
    """Everything ``explain`` says about a rule, in ``lang``."""
    labels = _labels(lang)
    facts = [
        (labels["default_severity"], _SEVERITY.get(lang, _SEVERITY["zh"])[meta.severity]),
        (labels["fixable"], _FIXABILITY.get(lang, _FIXABILITY["zh"])[meta.fix]),
    ]
    if meta.tags:
        facts.append((labels["tags"], ", ".join(meta.tags)))
    return RuleText(
        code=meta.code,
        name=meta.name,
        lang=lang,
        summary=localize(meta.summary, lang),
        facts=tuple(facts),
        sections=_sections(meta, lang),
        options_label=labels["options"],
        options=tuple(_option(name, spec, lang) for name, spec in meta.options.items()),
    )


def _indented(text: str) -> list[str]:
    return [f"  {line}".rstrip() for line in text.splitlines() or [""]]


def _colon(lang: str) -> str:
    return ": " if lang == "en" else "："


def _option_line(option: OptionText, lang: str) -> str:
    facts = [option.type] if option.type else []
    if option.default is not None:
        facts.append(f"{_labels(lang)['default']} {option.default}")
    line = f"  {option.name}" + (f" ({', '.join(facts)})" if facts else "")
    return line + (f"{_colon(lang)}{option.description}" if option.description else "")


def render_text(text: RuleText) -> str:
    """A :class:`RuleText` as ``speechlint explain`` prints it."""
    colon = _colon(text.lang)
    lines = [f"{text.code} {text.name}", text.summary, ""]
    lines.extend(f"{label}{colon}{value}" for label, value in text.facts)
    for key, label, body in text.sections:
        lines.extend(["", body] if key == "no_doc" else ["", label, *_indented(body)])
    if text.options:
        lines.extend(["", text.options_label])
        lines.extend(_option_line(option, text.lang) for option in text.options)
    return "\n".join(lines) + "\n"


def explain(registry: Registry, key: str, *, lang: str = "zh") -> str:
    """A rule's full description, by code (``W501``) or name (``misspelled-phrase``)."""
    meta = registry.meta_by_name(key)
    if meta is None:
        raise _unknown_rule(key, registry, lang)
    return render_text(rule_text(meta, lang))


# -- forms ---------------------------------------------------------------------------------


def _read_schema(name: str, path: Path, lang: str) -> dict[str, Any]:
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SchemaError(
            localize(
                {
                    "zh": f"{path}：文体 {name} 的模式文件无法读取（{exc}）",
                    "en": f"{path}: the schema of form {name} cannot be read ({exc})",
                },
                lang,
            )
        ) from None
    return schema if isinstance(schema, dict) else {}


def _text(value: Any, lang: str) -> str:
    return localize(value, lang) if isinstance(value, (str, Mapping)) else ""


def _form_rows(registry: Registry, lang: str) -> list[dict[str, Any]]:
    rows = []
    for name in sorted(registry.forms):
        path = registry.forms[name]
        schema = _read_schema(name, path, lang)
        rows.append(
            {
                "name": name,
                "title": _text(schema.get("title"), lang),
                "summary": _text(schema.get("x-summary"), lang),
                "default": name == DEFAULT_FORM,
                "path": str(path),
            }
        )
    return rows


def forms_listing(registry: Registry, *, lang: str = "zh", format: str = "table") -> str:
    """Every registered form with the title and ``x-summary`` of its schema."""
    rows = _form_rows(registry, lang)
    if format == "json":
        return _dump(rows)
    labels = _labels(lang)
    if not rows:
        return labels["no_forms"] + "\n"
    # A title that only repeats the form's name says nothing; drop the column if all do.
    titles = ["" if row["title"] == row["name"] else row["title"] for row in rows]
    with_titles = any(titles)
    table = [[labels["form"], *([labels["title"]] if with_titles else []), labels["summary"]]]
    for row, title in zip(rows, titles, strict=True):
        name = row["name"] + (labels["default_form"] if row["default"] else "")
        table.append([name, *([title] if with_titles else []), row["summary"]])
    return _table(table)


# -- init ----------------------------------------------------------------------------------

# Blocks of the starter configuration: a comment per language, then TOML (mostly commented out,
# so that the file changes nothing until the user opts in).  Top-level keys come before the
# first [table], as TOML requires.
_STARTER: list[tuple[Message, str]] = [
    (
        {
            "zh": "speechlint 配置文件（由 speechlint init 生成）。\n"
            "speechlint rules 列出所有规则，speechlint explain 代码 说明一条规则。",
            "en": "speechlint configuration (written by `speechlint init`).\n"
            "`speechlint rules` lists every rule; `speechlint explain CODE` explains one.",
        },
        "",
    ),
    (
        {
            "zh": "讲话稿的文体（speechlint forms 列出全部）；\n"
            "单篇文稿可在文首元数据中用 form: 覆盖。",
            "en": "The speech form (`speechlint forms` lists them);\n"
            "a document may override it in its front matter (form: …).",
        },
        'form = "meeting-speech"',
    ),
    (
        {"zh": "消息的语言：zh 或 en。", "en": "The language of messages: zh or en."},
        'lang = "{lang}"',
    ),
    (
        {
            "zh": "启用的规则（代码或前缀，如 W 或 W501）；不写则启用全部。\n"
            "extend-select 在此基础上追加，ignore 停用。",
            "en": "Rules to run (codes or prefixes such as W or W501); all when not set.\n"
            "extend-select adds to them, ignore turns rules off.",
        },
        '# select = ["S", "N", "T", "P", "W", "D", "L", "E"]\n# extend-select = []\n'
        '# ignore = ["L702"]',
    ),
    (
        {
            "zh": "每分钟朗读字数，用于估算讲话时长。",
            "en": "Characters per minute, for the speaking-time estimate.",
        },
        "# chars-per-minute = 220",
    ),
    (
        {"zh": "额外的词表文件。", "en": "Extra word lists."},
        '# dictionaries = ["wordlists/our-terms.tsv"]',
    ),
    (
        {"zh": "检查目录时跳过的路径。", "en": "Paths to skip when checking directories."},
        '# exclude = ["drafts/**"]\n# extend-exclude = []\n# respect-gitignore = true',
    ),
    (
        {
            "zh": "调整规则的级别：error、warning 或 info。",
            "en": "Severity per rule: error, warning or info.",
        },
        '# [severity]\n# L702 = "warning"',
    ),
    (
        {"zh": "规则选项，按代码或名称。", "en": "Rule options, by code or name."},
        "# [rules.T301]\n# max-length = 80",
    ),
    (
        {
            "zh": "按文件停用规则（相对于本文件的 glob）。",
            "en": "Rules turned off per file (globs relative to this file).",
        },
        '# [per-file-ignores]\n# "archive/**" = ["S", "N"]',
    ),
]


def _comment(text: str) -> str:
    return "\n".join(f"# {line}" for line in text.splitlines())


def starter_config(*, lang: str = "zh") -> str:
    """The text of a commented starter ``speechlint.toml``."""
    parts = []
    for comment, body in _STARTER:
        text = _comment(localize(comment, lang))
        parts.append(f"{text}\n{body.format(lang=lang)}" if body else text)
    return "\n\n".join(parts) + "\n"


def _existing_config(directory: Path) -> Path | None:
    for name in (CONFIG_NAME, ".speechlint.toml"):
        if (directory / name).exists():
            return directory / name
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file() and "[tool.speechlint" in pyproject.read_text(
        encoding="utf-8", errors="replace"
    ):
        return pyproject
    return None


def write_starter(directory: Path, *, lang: str = "zh") -> Path:
    """Write the starter configuration into ``directory``; never overwrites a configuration."""
    existing = _existing_config(directory)
    target = directory / CONFIG_NAME
    try:
        if existing is not None:
            raise FileExistsError
        with open(target, "x", encoding="utf-8") as stream:
            stream.write(starter_config(lang=lang))
    except FileExistsError:
        found = existing or target
        raise UsageError(
            localize(
                {
                    "zh": f"{found}：已有 speechlint 配置，未覆盖",
                    "en": f"{found}: a speechlint configuration already exists; not overwritten",
                },
                lang,
            )
        ) from None
    except OSError as exc:
        problem = exc.strerror or str(exc)
        raise UsageError(
            localize(
                {
                    "zh": f"{target}：无法写入（{problem}）",
                    "en": f"{target}: cannot write ({problem})",
                },
                lang,
            )
        ) from None
    return target
