"""The book's figures: one small script per figure, run all at once with `python -m figures`."""
