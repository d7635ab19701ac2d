"""Answering questions about the figures: queries, numbers, tables and charts.

Nothing here imports discord; the Discord bot and the console are front ends
that lay out the same Answer objects.
"""
