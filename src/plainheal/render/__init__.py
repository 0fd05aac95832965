"""Rendering: pure functions from an analysis to Markdown, HTML, SVG and JSON text."""
