"""CSV cells that a spreadsheet would run as formulas are written as text, and read back as they were.

Rules enforced here (after OWASP's "CSV Injection" advice), for the CSV export and the CSV import:
- a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a single
  quote before it, so Excel, LibreOffice and Google Sheets show it as text and never evaluate it (a
  tip-line message such as `=HYPERLINK(...)` stays a string);
- so that the rule can be undone exactly, a cell that is already quotes followed by one of those
  characters (`'=...`) gets one more quote too;
- the import takes one quote off exactly those cells, so an export imports again unchanged.
"""

import re

_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")


def cell_neutralise(value: str) -> str:
    """A cell as the CSV export writes it: with a leading quote if a spreadsheet could evaluate it."""
    return "'" + value if _FORMULA_START.match(value) else value


def cell_restore(value: str) -> str:
    """A CSV cell as it was before `cell_neutralise` (the import's reading of an export)."""
    return value[1:] if _NEUTRALISED.match(value) else value
