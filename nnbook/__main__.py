"""The command line: train the book's network, and ask a trained one what digits it sees.

    python -m nnbook train                      # the book's run: 30 epochs, about 10 s on 2 cores
    python -m nnbook train --epochs 5 --eta 1.0 --seed 3 --record run.json --knobs net.npz
    python -m nnbook predict --index 0 1 2      # test-set digits, by position
    python -m nnbook predict --image digit.png  # your own 28x28 digit

`python -m nnbook COMMAND --help` explains every option. Exit status: 0 done, 1 a problem with the data or
a file (missing, unreadable, not what was needed) or a run that diverged, 2 a mistake on the command line,
130 stopped by Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import train as _train
from ._parser import _DATA, _NOT_MNIST, EXIT, _Help, _Parser, _sizes
from ._predict import FileProblem
from ._run import check_outputs
from ._predict import predict as _predict
from ._predict import read_images  # noqa: F401  (python -m nnbook's helper, kept importable from here)
from .descent import DivergenceError
from .mnist import MNISTError




def parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m nnbook`, with its two commands."""
    # allow_abbrev=False everywhere: a typo such as --epoch must never quietly become another option.
    p = _Parser(prog="nnbook", description="Train the book's network on MNIST, and use it.", epilog=EXIT,
                allow_abbrev=False)
    commands = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    t = commands.add_parser(
        "train", help="train a network on MNIST with stochastic gradient descent",
        description="Train a sigmoid network with the quadratic cost by stochastic gradient descent on the 60,000 "
        "MNIST training digits, reporting the cost and test accuracy after every epoch. Ctrl-C stops "
        "after saving the epochs done. MNIST comes from $NNBOOK_DATA, or is downloaded to ~/.cache/nnbook/mnist.",
        formatter_class=_Help, epilog=EXIT, allow_abbrev=False,
    )
    t.add_argument("--sizes", type=_sizes, default=",".join(map(str, _train.SIZES)),
                   help="neurons per layer, input first, separated by commas; must start with 784 and end with 10")
    t.add_argument("--epochs", type=int, default=_train.EPOCHS, help="passes over the 60,000 training digits")
    t.add_argument("--batch-size", type=int, default=_train.BATCH_SIZE, help="digits per gradient-descent step")
    t.add_argument("--eta", type=float, default=_train.ETA, help="learning rate (step size) in the first epoch")
    t.add_argument("--eta-end", type=float, default=_train.ETA_END,
                   help="learning rate in the last epoch; it falls in a straight line from --eta (set it equal "
                   "to --eta for a constant rate)")
    t.add_argument("--scale", type=float, default=_train.SCALE,
                   help="spread of the starting weights, in units of 1/sqrt(inputs per neuron)")
    t.add_argument("--weight-decay", type=float, default=_train.WEIGHT_DECAY,
                   help="L2 regularization (chapter 11): after each step every weight is multiplied by "
                   "1 - eta * this; the book's run uses 0, 1e-4 is a good start")
    t.add_argument("--seed", type=int, default=_train.SEED, help="seed for the starting knobs and the shuffles")
    t.add_argument("--record", type=Path, default=Path("run.json"),
                   help="write the record of the run (settings, per-epoch cost and accuracy, timings) "
                   "to this JSON file")
    t.add_argument("--knobs", type=Path, default=Path("net.npz"), help="save the trained network to this .npz file")
    t.add_argument("--data", type=Path, default=None, metavar="FOLDER", help=_DATA)
    t.add_argument("--not-mnist", action="store_true", help=_NOT_MNIST + "; the record notes it")

    q = commands.add_parser(
        "predict", help="classify digits with a trained network",
        description="Classify digits with a network saved by 'nnbook train'. Give test-set positions (--index) "
        "and/or image files (--image): a .png of 28x28 pixels, or a .npy of 784 or 28x28 values (or a stack "
        "of them). Like MNIST, the digit is light on a dark background; use --invert for dark ink on light paper. "
        "Values above 1 are read as 0..255 grey levels.",
        formatter_class=_Help, epilog=EXIT, allow_abbrev=False,
    )
    q.add_argument("--knobs", type=Path, default=Path("net.npz"), help="the trained network")
    q.add_argument("--index", type=int, nargs="+", default=[], metavar="I", help="positions in the 10,000 test digits")
    q.add_argument("--image", type=Path, nargs="+", default=[], metavar="FILE", help=".png or .npy files")
    q.add_argument("--invert", action="store_true", help="the images are dark ink on a light background")
    q.add_argument("--data", type=Path, default=None, metavar="FOLDER", help=_DATA)
    q.add_argument("--not-mnist", action="store_true", help=_NOT_MNIST)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run `python -m nnbook` with the given arguments; return the exit code."""
    p = parser()
    args = p.parse_args(argv)
    try:
        if args.not_mnist and args.data is None and not os.environ.get("NNBOOK_DATA"):
            raise ValueError("--not-mnist is for IDX files of your own: give their folder with --data FOLDER "
                             "(or set NNBOOK_DATA).")
        if args.command == "train":
            _writable(args.record, args.knobs)
            record = _train.train(args.sizes, args.epochs, args.batch_size, args.eta, args.seed, eta_end=args.eta_end,
                                  scale=args.scale, weight_decay=args.weight_decay, path=args.data,
                                  verify=not args.not_mnist, record_path=args.record,
                                  knobs_path=args.knobs, progress=True)
            if record["epochs"]:
                print(f"test accuracy {100 * record['final_test_accuracy']:.2f}% "
                      f"after {len(record['epochs'])} epoch(s) "
                      f"({record['total_seconds']:.1f} s); record in {args.record}, network in {args.knobs}")
            return 130 if record["interrupted"] else 0
        _predict(args)
        return 0
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 130
    except (ValueError, OSError) as e:  # one clear message, no traceback
        print(f"nnbook {args.command}: error: {e}", file=sys.stderr)
        # 2 for an impossible option, as argparse does; 1 for missing or damaged data or files, or a run that
        # diverged (EXIT, in --help).
        return 1 if isinstance(e, (OSError, MNISTError, DivergenceError, FileProblem)) else 2


def _writable(record: Path, knobs: Path) -> None:
    """Check the output paths before any work, as train does, but report one that cannot be written as a problem
    with a file (exit status 1) rather than with an option's value."""
    if record.resolve() == knobs.resolve():
        return  # the same path twice is a mistake on the command line: train says so (exit status 2)
    try:
        check_outputs(record, knobs)
    except ValueError as e:
        raise FileProblem(str(e)) from None


if __name__ == "__main__":
    sys.exit(main())
