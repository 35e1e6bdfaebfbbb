"""Bulk import (claims.imports.jobs): telling a file's format, and reading JSON Lines and CSV files into
(line, raw row) pairs, or a RowError for a row that cannot be read.
"""

import codecs
import csv
import io
import json
from collections.abc import Iterator

from claims.imports.rows import (
    CONTENT_TYPES,
    EXTENSIONS,
    FIELDS,
    REQUIRED,
    TOO_DEEP,
    FileRefused,
    RowError,
    _names_listed,
)
from claims.imports.spreadsheet_cells import cell_restore
from claims.models import (
    ImportFormat,
)

# --- Reading files: (line, raw row) pairs, or a RowError for a row that cannot be read ----------


def format_detect(*, name: str = "", content_type: str = "", head: bytes = b"") -> str:
    """The import format from a content type, else a file name's extension, else the first bytes."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media in CONTENT_TYPES:
        return CONTENT_TYPES[media]
    lowered = (name or "").lower()
    for extension, fmt in EXTENSIONS.items():
        if lowered.endswith(extension):
            return fmt
    start = head.lstrip(codecs.BOM_UTF8).lstrip()
    if start.startswith(b"["):
        return ImportFormat.CLAIMREVIEW
    if start.startswith(b"{"):
        first_line = start.split(b"\n", 1)[0].strip()
        try:
            json.loads(first_line)
        except ValueError:
            return ImportFormat.CLAIMREVIEW  # one JSON document over several lines
        return ImportFormat.JSONL if b'"@context"' not in first_line else ImportFormat.CLAIMREVIEW
    raise FileRefused("Could not tell the file's format: name it .jsonl, .csv or .json, or give the format.")


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRefused(f"The file is not UTF-8 text (line {line}, byte {error.start}).") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FileRefused(f"The file contains a NUL character (line {line}): it is not a text file.")
    return text


def _jsonl_rows(text: str) -> Iterator[tuple[int, dict | RowError]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as error:
            yield number, RowError(f"not valid JSON ({error.msg} at column {error.colno})")
            continue
        except RecursionError:
            yield number, RowError(TOO_DEEP)
            continue
        if not isinstance(value, dict):
            yield number, RowError("each line must be a JSON object ({...})")
            continue
        yield number, value


def _csv_rows(text: str) -> Iterator[tuple[int, dict | RowError]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise FileRefused("The CSV file is empty: its first line must name the columns.") from None
    except csv.Error as error:
        raise FileRefused(f"The CSV header cannot be read: {error}.") from None
    header = [name.strip().lower() for name in header]
    unknown = [name for name in header if name not in FIELDS]
    if unknown:
        raise FileRefused(
            f"Unknown column{'s' if len(unknown) > 1 else ''} {_names_listed(unknown)} "
            f"in the header. Known columns: {', '.join(FIELDS)}."
        )
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise FileRefused(f"The header lacks the column{plural} {', '.join(missing)}.")
    if len(set(header)) != len(header):
        raise FileRefused("A column is named twice in the header.")
    line = reader.line_num + 1
    while True:
        start = line
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield start, RowError(f"the CSV record cannot be read ({error})")
            line = reader.line_num + 1
            continue
        line = reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            yield start, RowError(f"{len(record)} values for {len(header)} columns")
            continue
        yield start, dict(zip(header, map(cell_restore, record), strict=True))
