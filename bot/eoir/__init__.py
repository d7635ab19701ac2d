"""The immigration courts' own case-level release (EOIR case data): ingest, method, answers.

`release` opens the download, `reading` streams its tables, `codes` holds the
reviewed mapping from decision descriptions to outcome classes, `method`
classifies every asylum case, `ingest` writes the aggregates to their own
SQLite store, and `cases` reads them back for the answers. `synth` builds
synthetic releases in the same layout, for tests and benchmarks only.
"""
