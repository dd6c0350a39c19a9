"""Run a record's computation again under each OpenBLAS kernel this processor has, each in a fresh process.

A training walk's last digits differ between kernels and the walk amplifies them (see .ci/kernel_spread.py), so a
record whose prose makes a claim about a walk keeps the walk under every kernel, and the claim is tested on all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kernels() -> list[str]:
    """The kernels this CPU runs, forced one at a time by OPENBLAS_CORETYPE (Prescott on any x86-64)."""
    sys.path.insert(0, str(ROOT / ".ci"))
    from dev import kernels as runnable

    return runnable(every=True)


def under(kernel: str | None, module: str, function: str, *args: object, path: Path | None = None) -> object:
    """`module.function(*args)` (JSON in, JSON out) in a fresh process, with OpenBLAS forced to `kernel` (None:
    numpy's pick); `path`, a folder to import `module` from besides the repository (.ci's scripts)."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    env.pop("OPENBLAS_CORETYPE", None)
    if kernel is not None:
        env["OPENBLAS_CORETYPE"] = kernel
    if path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(path), env.get("PYTHONPATH")]))
    code = (f"import json, sys; from {module} import {function}; "
            f"print(json.dumps({function}(*json.loads(sys.argv[1]))))")
    out = subprocess.run([sys.executable, "-c", code, json.dumps(args)], cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode:
        where = kernel or "numpy's own kernel"
        raise RuntimeError(f"{module}.{function} under {where} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.splitlines()[-1])


def every_kernel(module: str, function: str) -> dict[str, object]:
    """`under(kernel, ...)` for each kernel of `kernels()`, printing each as it comes."""
    found = {}
    for kernel in kernels():
        found[kernel] = under(kernel, module, function)
        print(f"  {module}.{function} under {kernel}: {found[kernel]}", flush=True)
    return found
