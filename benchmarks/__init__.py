"""Benchmarks: how fast the bot answers, alone and under a burst, beside a naive bot.

Run with `make bench` (or `.venv/bin/python -m benchmarks`); writes docs/benchmarks.md.
"""
