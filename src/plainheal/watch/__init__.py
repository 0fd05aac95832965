"""Watching: a loop that re-reads changed files and rewrites the summaries."""
