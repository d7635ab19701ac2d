"""Scheduled posts: when they fall due, and the record of what was sent. No Discord here."""
