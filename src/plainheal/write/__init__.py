"""Writing: generated files, atomically and only when their text changed."""
