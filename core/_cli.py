"""The ``speechlint`` command line.

Each subcommand imports what it needs when it runs, so that ``speechlint check`` does not pay
for the language server, the fix machinery or output formats it does not use.  Help texts follow
``--lang`` when it is on the command line (Chinese otherwise).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from speechlint import __version__
from speechlint.errors import SpeechlintError

if TYPE_CHECKING:
    from speechlint._pluginmanager import Registry

__all__ = ["main"]

Loader = Callable[[], "Registry"]
Command = Callable[[argparse.Namespace, Loader], int]
Translate = Callable[[str, str], str]


def _argv_lang(argv: Sequence[str]) -> str:
    """``--lang`` as given on the command line, before parsing (for help and argparse errors)."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return "zh"


def _ui_lang(args: argparse.Namespace, load: Loader) -> str:
    """``--lang``, else ``lang`` from the configuration that applies to the current directory."""
    if args.lang:
        return str(args.lang)
    from speechlint._runner import make_resolver, ui_lang

    return ui_lang(make_resolver(load(), config=getattr(args, "config", None)), None)


# -- commands ------------------------------------------------------------------------------


def _outline(args: argparse.Namespace, load: Loader) -> int:
    import json

    from speechlint.outline import build_outline
    from speechlint.parse import parse
    from speechlint.source import read_document, read_stdin

    if args.file == "-":
        document = read_stdin(args.stdin_filename or "-")
    else:
        document = read_document(args.file)
    parsed = parse(document)
    outline = build_outline(parsed, form=args.form or "meeting-speech")
    if args.format == "json":
        text = json.dumps(outline.to_json(document), ensure_ascii=False, indent=2) + "\n"
    else:
        from speechlint._outline_tree import render_tree

        text = render_tree(outline, document, lang=args.lang or "zh")
    sys.stdout.write(text)
    return 0


def _batch_gc() -> None:
    """Tune the garbage collector for a run that lints and exits (as mypy does for a build).

    What is loaded so far -- modules, rules, compiled patterns -- lives until the process
    ends: frozen, it is no longer traversed by every full collection.  Documents make many
    short-lived objects with few cycles: a higher first threshold collects less often.
    Measured: 4% of a 1,000-file run.
    """
    import gc

    gc.freeze()
    gc.set_threshold(20_000, 50, 50)


def _check(args: argparse.Namespace, load: Loader) -> int:
    from speechlint import _codecache

    # The dataclasses and named tuples defined on the way get their methods' code from the
    # cache, not the compiler (a twentieth of a cold start).
    with _codecache.generated():
        from speechlint._runner import CheckOptions, parse_selectors, run_check

        registry = load()
    _batch_gc()
    lang = args.lang or "zh"
    overrides: dict[str, Any] = {
        key: value
        for key, value in (("form", args.form), ("lang", args.lang), ("encoding", args.encoding))
        if value
    }
    for key in ("select", "extend_select", "ignore"):
        values = getattr(args, key)
        if values is not None:
            overrides[key] = parse_selectors(values, registry, option=key, lang=lang)
    options = CheckOptions(
        paths=tuple(args.paths),
        stdin_filename=args.stdin_filename,
        config=args.config,
        isolated=args.isolated,
        overrides=overrides,
        format=args.format,
        statistics=args.statistics,
        exit_zero=args.exit_zero,
        fail_level=args.fail_level,
        color=args.color,
        output_file=args.output_file,
        fix=args.fix,
        unsafe_fixes=args.unsafe_fixes,
        diff=args.diff,
        jobs=args.jobs,
        no_cache=args.no_cache,
        force_exclude=args.force_exclude,
        baseline=args.baseline,
        write_baseline=args.write_baseline,
        quiet=args.quiet,
    )
    return run_check(options, registry)


def _rules(args: argparse.Namespace, load: Loader) -> int:
    from speechlint._explain import rules_listing

    registry = load()
    sys.stdout.write(rules_listing(registry, lang=_ui_lang(args, load), format=args.format))
    return 0


def _explain(args: argparse.Namespace, load: Loader) -> int:
    from speechlint._explain import explain

    registry = load()
    sys.stdout.write(explain(registry, args.code, lang=_ui_lang(args, load)))
    return 0


def _forms(args: argparse.Namespace, load: Loader) -> int:
    from speechlint._explain import forms_listing

    registry = load()
    sys.stdout.write(forms_listing(registry, lang=_ui_lang(args, load), format=args.format))
    return 0


def _init(args: argparse.Namespace, load: Loader) -> int:
    from pathlib import Path

    from speechlint._explain import write_starter

    lang = args.lang or "zh"
    path = write_starter(Path(), lang=lang)  # relative, so messages say "speechlint.toml"
    sys.stdout.write(f"已创建 {path.name}\n" if lang == "zh" else f"Created {path.name}\n")
    return 0


def _clean(args: argparse.Namespace, load: Loader) -> int:
    from speechlint._cache import cache_root, clean

    zh = (args.lang or "zh") == "zh"
    root = cache_root()
    removed = clean(root)
    for path in removed:
        sys.stdout.write(f"已删除 {path}\n" if zh else f"Removed {path}\n")
    if not removed:
        sys.stdout.write(f"没有缓存可删除（{root}）\n" if zh else f"Nothing to remove ({root})\n")
    return 0


def _lsp(args: argparse.Namespace, load: Loader) -> int:
    lang = args.lang or "zh"
    try:
        from speechlint.lsp._session import ServerOptions
        from speechlint.lsp.server import serve
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in ("pygls", "lsprotocol"):
            raise
        message = {
            "zh": "speechlint lsp 需要 pygls：请运行 pip install 'speechlint[lsp]'",
            "en": "speechlint lsp needs pygls: run pip install 'speechlint[lsp]'",
        }
        print(f"speechlint: error: {message['en' if lang == 'en' else 'zh']}", file=sys.stderr)
        return 2
    import logging

    # Standard output carries the protocol; logs go to standard error (the editor's log).
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    options = ServerOptions(
        debounce=max(args.debounce, 0.0) / 1000,
        lang=args.lang,
        config=args.config,
        isolated=args.isolated,
    )
    serve(load(), options)
    return 0


# -- the parser ----------------------------------------------------------------------------


def _add_lang(parser: argparse.ArgumentParser, t: Translate) -> None:
    parser.add_argument("--lang", choices=("zh", "en"), help=t("消息语言", "message language"))


def _jobs(value: str) -> int:
    """``--jobs``: a positive number of processes."""
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: 应为正整数 / expected a positive integer")
    return jobs


# ``check`` options: flags, argparse keywords, Chinese help, English help.
_CHECK_OPTIONS: list[tuple[tuple[str, ...], dict[str, Any], str, str]] = [
    (("--format",), {"choices": ("text", "json", "sarif", "github", "junit"), "default": "text"},
     "输出格式（sarif、github、junit 用于 CI）", "output format (sarif, github, junit for CI)"),
    (("--fix",), {"action": "store_true"},
     "自动修复（只应用安全修复；原子写入，保留编码、BOM 和换行符）",
     "apply safe fixes (atomic writes; encoding, BOM and line endings preserved)"),
    (("--unsafe-fixes",), {"action": "store_true"},
     "同时应用不安全的修复（需人工复核）", "also apply unsafe fixes (review them)"),
    (("--diff",), {"action": "store_true"},
     "只打印修复的统一差异，不写文件", "print the fixes as a unified diff; write nothing"),
    (("--select",), {"action": "append", "metavar": "CODES"},
     "只启用这些规则（代码、前缀或名称，逗号分隔）",
     "run only these rules (codes, prefixes or names, comma-separated)"),
    (("--extend-select",), {"action": "append", "metavar": "CODES"},
     "在已选规则之外追加启用", "run these rules in addition to the selected ones"),
    (("--ignore",), {"action": "append", "metavar": "CODES"}, "停用这些规则", "skip these rules"),
    (("--form",), {}, "讲话稿文体（覆盖配置）", "the speech form (overrides the configuration)"),
    (("--config",), {"metavar": "FILE"}, "使用此配置文件", "use this configuration file"),
    (("--isolated",), {"action": "store_true"}, "忽略所有配置文件", "ignore configuration files"),
    (("--lang",), {"choices": ("zh", "en")}, "消息语言", "message language"),
    (("--encoding",), {}, "强制使用的文件编码", "decode files with this encoding"),
    (("--stdin-filename",), {"metavar": "NAME"},
     "标准输入的报告文件名", "the name to report for standard input"),
    (("--exit-zero",), {"action": "store_true"},
     "有问题也以 0 退出", "exit 0 even when problems are found"),
    (("--fail-level",), {"choices": ("error", "warning", "info"), "default": "warning"},
     "达到此级别的问题使退出码为 1（默认 warning）",
     "lowest severity that makes the exit status 1 (default: warning)"),
    (("--statistics",), {"action": "store_true"},
     "只输出每个代码的计数", "print counts per code instead of the findings"),
    (("--color",), {"choices": ("auto", "always", "never"), "default": "auto"},
     "着色（auto：仅终端，遵循 NO_COLOR / FORCE_COLOR）",
     "colour (auto: on a terminal; honours NO_COLOR / FORCE_COLOR)"),
    (("--output-file",), {"metavar": "FILE"},
     "写入文件而非标准输出", "write to FILE instead of standard output"),
    (("--jobs", "-j"), {"type": _jobs, "metavar": "N"},
     "并行检查的进程数（默认：CPU 核数）；输出与 --jobs 1 相同",
     "worker processes (default: the CPU count); output is the same as with --jobs 1"),
    (("--no-cache",), {"action": "store_true"},
     "不读也不写结果缓存", "neither read nor write the result cache"),
    (("--force-exclude",), {"action": "store_true"},
     "对直接点名的文件也应用 exclude 和 .gitignore（用于 pre-commit）",
     "apply exclude and .gitignore to files named on the command line too (for pre-commit)"),
    (("--baseline",), {"metavar": "FILE"},
     "不报告基线文件中已记录的问题", "do not report the findings recorded in this baseline"),
    (("--write-baseline",), {"metavar": "FILE"},
     "把当前所有问题记入基线文件", "record every current finding in this baseline file"),
    (("--quiet", "-q"), {"action": "store_true"},
     "不显示进度条和标准错误上的提示", "no progress bar and no notes on standard error"),
]  # fmt: skip


def _add_check(commands: Any, t: Translate) -> None:
    about = t("检查讲话稿", "check speeches")
    check = commands.add_parser("check", help=about, description=about)
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=t(
            "文件或目录（递归查找 .md .markdown .txt）；- 表示标准输入；默认当前目录",
            "files or directories (searched for .md .markdown .txt); - for standard input; "
            "default: the current directory",
        ),
    )
    for flags, keywords, zh, en in _CHECK_OPTIONS:
        check.add_argument(*flags, **keywords, help=t(zh, en))
    check.set_defaults(handler=_check)


def _add_outline(commands: Any, t: Translate) -> None:
    outline = commands.add_parser(
        "outline", help=t("输出讲话稿的大纲树", "print the outline tree of a speech")
    )
    outline.add_argument(
        "file",
        metavar="FILE",
        help=t("讲话稿文件，- 表示标准输入", "a speech file, or - for standard input"),
    )
    outline.add_argument(
        "--format", choices=("tree", "json"), default="tree", help=t("输出格式", "output format")
    )
    outline.add_argument(
        "--form",
        help=t("讲话稿文体（默认 meeting-speech）", "the speech form (default: meeting-speech)"),
    )
    _add_lang(outline, t)
    outline.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help=t("标准输入的报告文件名", "the name to report for standard input"),
    )
    outline.set_defaults(handler=_outline)


def _add_catalog(commands: Any, t: Translate) -> None:
    rules = commands.add_parser("rules", help=t("列出所有规则", "list every rule"))
    rules.add_argument(
        "--format", choices=("table", "json"), default="table", help=t("输出格式", "output format")
    )
    _add_lang(rules, t)
    rules.set_defaults(handler=_rules)
    explain = commands.add_parser("explain", help=t("说明一条规则", "explain a rule"))
    explain.add_argument(
        "code", metavar="CODE", help=t("规则代码或名称，如 W501", "a rule code or name, e.g. W501")
    )
    _add_lang(explain, t)
    explain.set_defaults(handler=_explain)
    forms = commands.add_parser("forms", help=t("列出讲话稿文体", "list the speech forms"))
    forms.add_argument(
        "--format", choices=("table", "json"), default="table", help=t("输出格式", "output format")
    )
    _add_lang(forms, t)
    forms.set_defaults(handler=_forms)
    init = commands.add_parser(
        "init", help=t("在当前目录生成 speechlint.toml", "write a starter speechlint.toml here")
    )
    _add_lang(init, t)
    init.set_defaults(handler=_init)


def _add_clean(commands: Any, t: Translate) -> None:
    about = t("删除结果缓存", "remove the result cache")
    clean = commands.add_parser("clean", help=about, description=about)
    _add_lang(clean, t)
    clean.set_defaults(handler=_clean)


def _add_lsp(commands: Any, t: Translate) -> None:
    about = t("启动语言服务器（标准输入输出）", "run the language server (stdio)")
    lsp = commands.add_parser("lsp", help=about, description=about)
    lsp.add_argument(
        "--debounce",
        type=float,
        default=100.0,
        metavar="MS",
        help=t("最后一次编辑后等待多少毫秒再检查（默认 100）",
               "milliseconds to wait after the last edit before linting (default 100)"),
    )  # fmt: skip
    lsp.add_argument(
        "--config", metavar="FILE", help=t("使用此配置文件", "use this configuration file")
    )
    lsp.add_argument(
        "--isolated", action="store_true", help=t("忽略所有配置文件", "ignore configuration files")
    )
    _add_lang(lsp, t)
    lsp.add_argument(
        "--stdio",
        action="store_true",
        help=t("使用标准输入输出（默认）", "use stdio (the default)"),
    )
    lsp.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help=t("在标准错误输出调试日志", "debug logging on standard error"),
    )
    lsp.set_defaults(handler=_lsp)


# Each builder adds these commands (the catalog adds four); see _parser.
_BUILDERS: list[tuple[tuple[str, ...], Callable[[Any, Translate], None]]] = [
    (("check",), _add_check),
    (("outline",), _add_outline),
    (("rules", "explain", "forms", "init"), _add_catalog),
    (("clean",), _add_clean),
    (("lsp",), _add_lsp),
]


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, finding the terminal's width without importing shutil.

    argparse makes a formatter for every argument it adds (to check the metavar), and its
    formatter imports shutil -- and with it zlib, bz2 and lzma -- to ask the width: about
    3 ms of a cold start that never prints help.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2  # as argparse does with shutil's answer
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    """What ``shutil.get_terminal_size().columns`` answers: ``$COLUMNS``, else the terminal's
    width, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    """An argument parser whose help (and its commands' help) uses :class:`_Formatter`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def _parser(lang: str = "zh", command: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser; with ``command``, only that command's options are set up.

    Setting up every command's options (some sixty arguments) costs as much as checking a
    speech; ``speechlint --help`` and an unknown command get the whole parser.
    """

    def t(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    parser = _Parser(
        prog="speechlint",
        description=t("讲话稿检查工具", "a linter for Chinese speech manuscripts (讲话稿)"),
    )
    parser.add_argument("--version", action="version", version=f"speechlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for names, build in _BUILDERS:
        if command is None or command in names:
            build(commands, t)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names, if it is one (the first argument that is not an option)."""
    known = {name for names, _build in _BUILDERS for name in names}
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first in known else None


# -- running -------------------------------------------------------------------------------


def _loader(registry: Registry | None, plugins: Iterable[object]) -> Loader:
    """Load the plugins once, on first use (``outline`` and ``init`` never need them)."""
    loaded: list[Registry] = [] if registry is None else [registry]

    def load() -> Registry:
        if not loaded:
            from speechlint._pluginmanager import load_registry

            loaded.append(load_registry(extra=plugins))
        return loaded[0]

    return load


_BUG_HINT = {
    "zh": "这是 speechlint 或某个插件的缺陷，请报告；设置 SPEECHLINT_DEBUG=1 可显示完整的调用栈。",
    "en": "This is a bug in speechlint or in a plugin; please report it. "
    "Set SPEECHLINT_DEBUG=1 to see the traceback.",
}


def _internal_error(exc: Exception, lang: str) -> int:
    print(f"speechlint: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
    if os.environ.get("SPEECHLINT_DEBUG") == "1":
        import traceback

        traceback.print_exc()
    else:
        print(_BUG_HINT["en" if lang == "en" else "zh"], file=sys.stderr)
    return 2


def _silence_stdout() -> None:
    """After a closed pipe (``speechlint check | head``), keep the interpreter's flush quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (under a test runner)


def main(
    argv: Sequence[str] | None = None,
    *,
    registry: Registry | None = None,
    plugins: Iterable[object] = (),
) -> int:
    """Run the command line; returns the exit status.

    ``registry`` replaces plugin loading (tests, embedding); ``plugins`` are registered in
    addition to the built-in packs and the ``speechlint`` entry points.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _argv_lang(argv)
    try:
        args = _parser(lang, _command(argv)).parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors: argparse already printed
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    handler: Command = args.handler
    try:
        return handler(args, _loader(registry, plugins))
    except SpeechlintError as exc:
        print(f"speechlint: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so plainly, no traceback unless asked for
        return _internal_error(exc, lang)


def run() -> NoReturn:
    """The console script (and ``python -m speechlint``): :func:`main`, then a quick exit.

    What a run loaded -- the lexicon, compiled patterns, the plugins -- needs no freeing when the
    process ends, yet the interpreter's finalisation tears it all down: 14 M instructions, a
    twentieth of a cold start.  So once the exit handlers have run (the caches save there) and
    the standard streams are flushed, the process ends at once, as mypy's does.  With another
    thread still running (the language server's), it exits the usual way, which waits for it.
    """
    status = main()
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        sys.exit(status)
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # (speechlint check | head): nothing more can be written
            _silence_stdout()
        except (OSError, ValueError):
            pass  # a stream closed or gone: what it held is lost either way
    os._exit(status)
