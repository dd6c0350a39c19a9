"""The command line's parser: each command's own usage and the nearest real option for a mistyped one.

Kept apart from `python -m nnbook` itself (nnbook/__main__.py), which says what the commands do.
"""

from __future__ import annotations

import argparse
import difflib


def _sizes(text: str) -> list[int]:
    try:
        return [int(s) for s in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sizes are layer widths separated by commas, such as 784,16,16,10; got {text!r}"
        ) from None


class _Help(argparse.ArgumentDefaultsHelpFormatter):
    """Adds "(default: ...)" to an option's help, except where there is no default to show."""

    def _get_help_string(self, action):
        none = action.default is None or action.default is False or action.default == []
        return action.help if none else super()._get_help_string(action)


_DATA = ("folder with the four MNIST files (compressed or not); default: $NNBOOK_DATA if set, "
         "else ~/.cache/nnbook/mnist, downloaded there the first time")
_NOT_MNIST = ("the files in the data folder are not MNIST but other data in the same IDX format (28x28 images, "
              "labels 0-9, the same four file names), such as Fashion-MNIST or your own digits: skip the check "
              "that they are the canonical MNIST")


EXIT = ("exit status: 0 done; 1 a problem with the data or a file (MNIST, --knobs or --image missing, unreadable "
        "or not what is needed; an output path that cannot be written) or a run that diverged; 2 a mistake on the "
        "command line (an unknown option, or a value no run can use); 130 stopped by Ctrl-C.")


def _suggest(parser: argparse.ArgumentParser, extra: list[str]) -> str:
    """The error for arguments `parser` does not know, with the options they are closest to."""
    known = [o[2:] for o in parser._option_string_actions if o.startswith("--")]
    hints = []
    for arg in extra:
        if arg.startswith("-"):  # compared without the dashes, which every option shares
            close = difflib.get_close_matches(arg.split("=", 1)[0].lstrip("-"), known, n=2, cutoff=0.6)
            hints += [f"--{c}" for c in close if f"--{c}" not in hints]
    also = f"; did you mean {' or '.join(hints)}?" if hints else f"; {parser.prog} --help lists the options."
    return f"unrecognized arguments: {' '.join(extra)}{also}"


class _Parser(argparse.ArgumentParser):
    """Reports an unknown option with the usage of the command it was given to, and the nearest real option."""

    def parse_args(self, args=None, namespace=None):
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            commands = self._subparsers._group_actions[0].choices if self._subparsers else {}
            command = commands.get(getattr(parsed, "command", None), self)
            command.error(_suggest(command, extra))
        return parsed
