"""Analysis: pure functions from a journal's entries to figures and findings."""
