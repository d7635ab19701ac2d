"""The SQLite store: checking dataset files, loading them, and reading them back."""
