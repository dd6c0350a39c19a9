"""The book's figures: one small script per figure, run all at once with `python -m figures`."""

import os

# Before numpy loads: one BLAS thread keeps every float, and so every figure's
# bytes, the same from run to run and machine to machine of this kind.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
