"""Asylum-outcome figures for newsrooms: a SQLite store, answers, and thin front ends."""

__version__ = "0.1.0"
