"""Run every Python code block in the Markdown docs and the README as a test."""

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser()],
    patterns=["*.md"],
    excludes=["CHANGELOG.md"],
).pytest()
