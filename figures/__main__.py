"""Regenerate every figure of the book: `python -m figures` from the repository root.

    python -m figures               # every figure, from the saved records in figures/data
    python -m figures cost layers   # only the scripts whose names contain these words
    python -m figures --rerun       # first redo the expensive, seeded runs behind them
    python -m figures --out DIR     # write somewhere else (the freshness test does this)
    python -m figures --exact ch05_cost_hist ch09_sweep   # these scripts, named in full

Each script `figures/<name>.py` (not starting with `_`) defines `make()`,
which writes its SVGs through `figures._style.save`; a script behind an
expensive computation also defines `rerun()`, which saves that computation's
result under figures/data/ as JSON or .npz.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from pathlib import Path

from . import _style


NOT_FIGURES = {"quotes"}  # the numbers the pages quote (figures/quotes.py): read from the records, draws nothing


def scripts(words: list[str]) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                   if not m.name.startswith("_") and m.name not in NOT_FIGURES)
    return [n for n in names if not words or any(w in n for w in words)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m figures", description=__doc__.splitlines()[0])
    parser.add_argument("words", nargs="*", help="only the scripts whose names contain one of these")
    parser.add_argument("--rerun", action="store_true", help="redo the expensive seeded runs first")
    parser.add_argument("--out", type=Path, help="folder to write to (default docs/figures)")
    parser.add_argument("--exact", action="store_true", help="the words are whole script names")
    args = parser.parse_args(argv)
    if args.out:
        _style.OUT = args.out.resolve()
    names = scripts(args.words)
    if args.exact:
        every = scripts([])
        unknown = sorted(set(args.words) - set(every))
        if unknown:
            print(f"no figure script is called {', '.join(unknown)}; they are: {', '.join(every)}", file=sys.stderr)
            return 2
        names = [n for n in every if n in args.words]
    if not names:
        print(f"no figure script matches {args.words}", file=sys.stderr)
        return 2
    for name in names:
        module = importlib.import_module(f"figures.{name}")
        start = time.perf_counter()
        if args.rerun and hasattr(module, "rerun"):
            module.rerun()
        module.make()
        print(f"{name:32s} {time.perf_counter() - start:6.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
