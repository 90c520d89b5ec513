"""A starter plot file: every part of the format in a few lines, with a comment for each.

``plotmodel new TITLE`` writes it. The starter is a small, complete plot that
validates without a finding, so a writer can run ``plotmodel validate``,
``show`` and ``query`` on it at once, then grow it.
"""

from __future__ import annotations

from typing import Final

import yaml

from plotmodel._yaml import plain_scalar

__all__ = ["STARTER_SCHEMA_COMMENT", "starter"]

#: The first line of a starter, which tells the YAML language server where the schema is.
STARTER_SCHEMA_COMMENT: Final = "# yaml-language-server: $schema=plotmodel.schema.json"

_BODY: Final = """\
# Every id is one word, unique in the whole plot; other keys refer to elements by id.
# For completion in an editor:  plotmodel schema > plotmodel.schema.json
characters:                 # the people
  - id: hero
    name: The hero
  - id: rival
    name: The rival
things:                     # the objects that matter
  - id: letter
    name: the letter
    held_by: rival          # who has it when the story starts
places:                     # where things happen
  - id: station
    name: the station
facts:                      # what is true (or false) and who comes to know it
  - id: rival-lied
    name: The rival lied about the letter
    established_by: the-lie # the event that makes it true; its agents know it
    secret: true
events:                     # what happens, in story (chronological) order
  - id: the-lie
    name: The rival lies about the letter
    agent: rival            # short for  agents: [rival]
    participants: [hero]    # others there, by id
    place: station
  - id: the-discovery
    name: The hero finds the letter and learns the truth
    agent: hero
    participants: [rival]
    place: station
    effects:                # what changes, in the order written
      - takes: {who: hero, thing: letter, from: rival}
      - reveal: {fact: rival-lied, to: [hero, audience], how: evidence}
threads:                    # questions the story raises, and the events that answer them
  - id: what-does-the-letter-say
    name: What does the letter say?
    opened: the-lie
    resolved: the-discovery
"""


def starter(title: str) -> str:
    """The text of a starter plot titled ``title``: commented YAML that validates cleanly.

    Args:
        title: The film's title, written as YAML reads it back exactly.
    """
    # the title goes through the YAML writer, so no title can break the file; text that is
    # not printable (line breaks YAML counts, controls) is written with YAML's escapes
    # (and a title the loader would read as a number or a date, such as 0E0, is quoted
    # whatever the writer, which reads by YAML 1.1, thinks of it)
    if title.isprintable() and (not title or type(plain_scalar(title)) is str):
        line = yaml.safe_dump({"title": title}, allow_unicode=True, width=1 << 16).rstrip("\n")
    else:
        line = f"title: {_double_quoted(title)}"
    return (
        f"{STARTER_SCHEMA_COMMENT}\n"
        "# A plot file for plotmodel. Check it with:  plotmodel validate FILE\n"
        "plotmodel: 1                # the version of the file format\n"
        f"{line}\n"
        f"{_BODY}"
    )


def _double_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, every character that is not printable escaped."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'
