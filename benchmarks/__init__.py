"""Benchmarks: how fast the bot answers, alone and under a burst, beside a naive bot.

Run with `python3 dev.py bench` (or `.venv/bin/python -m benchmarks`); writes docs/benchmarks.md.
"""
