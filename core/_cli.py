"""The ``speechlint`` command line.

Each subcommand imports what it needs when it runs, so that ``speechlint check`` does not pay
for the language server, the fix machinery or output formats it does not use.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from speechlint import __version__
from speechlint.errors import SpeechlintError

__all__ = ["main"]

Command = Callable[[argparse.Namespace], int]


def _outline(args: argparse.Namespace) -> int:
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

        text = render_tree(outline, document, lang=args.lang)
    sys.stdout.write(text)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="speechlint",
        description="讲话稿检查工具 · a linter for Chinese speech manuscripts",
    )
    parser.add_argument("--version", action="version", version=f"speechlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    outline = commands.add_parser("outline", help="print the outline tree of a speech")
    outline.add_argument("file", metavar="FILE", help="a speech file, or - for standard input")
    outline.add_argument("--format", choices=("tree", "json"), default="tree")
    outline.add_argument("--form", help="the speech form (default: meeting-speech)")
    outline.add_argument("--lang", choices=("zh", "en"), default="zh")
    outline.add_argument("--stdin-filename", help="the name to report for standard input")
    outline.set_defaults(handler=_outline)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    handler: Command = args.handler
    try:
        return handler(args)
    except SpeechlintError as exc:
        print(f"speechlint: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
