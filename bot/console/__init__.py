"""The offline front ends: a one-shot `ask` and a line-by-line console."""
