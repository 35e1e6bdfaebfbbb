"""What changed between the published fact-check and the revision about to replace it, in one line a
reader can take as the start of a correction note.

Rules:
- It compares two publication contents (`claims.selectors.publication_content`'s shape): the
  rating, the headline, the conclusion and the analysis, the statement and its summary, and the
  evidence and rebuttals by title and party. Nothing else a reader sees can change without one of
  these changing.
- A short field shows whole ("Rating: False → Mostly false"); a long text shows only its changed
  words, with the word after each change for context ("analysis: '3.2 million' → '3.4 million'"),
  at most `CHANGES_PER_FIELD` changes per field, each cut at `SPAN_CHARS` characters.
- The result is plain text, a draft for the editor to rewrite; it decides nothing.
"""

from factcheck.text_diff import tokens, word_opcodes

CHANGES_PER_FIELD = 3
SPAN_CHARS = 60

_WHOLE = (
    ("verdict", "rating", "Rating"),
    ("verdict", "headline", "Headline"),
    ("claim", "summary", "Summary"),
)
_WORDS = (
    ("verdict", "conclusion", "conclusion"),
    ("verdict", "analysis", "analysis"),
    ("claim", "text", "statement"),
)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SPAN_CHARS else text[: SPAN_CHARS - 1].rstrip() + "…"


def _is_word(token: str) -> bool:
    return bool(token.strip())


def _with_next_word(tokens: list[str], end: int) -> int:
    """The index after the next word from `end` on (spaces included), or `end` at the text's end."""
    index = end
    while index < len(tokens) and not _is_word(tokens[index]):
        index += 1
    return index + 1 if index < len(tokens) else end


def word_changes(before: str, after: str) -> list[str]:
    """The changed words of a long text, each as "'old' → 'new'", "added 'new'" or "removed 'old'"."""
    old, new = tokens(before), tokens(after)
    changes = []
    for tag, i1, i2, j1, j2 in word_opcodes(old, new):
        if tag == "equal":
            continue
        removed, added = "".join(old[i1:i2]).strip(), "".join(new[j1:j2]).strip()
        if not removed and not added:
            continue  # only white space moved
        if removed and added:
            # The next word, unchanged on both sides, reads the number with its unit: '3.2 million'.
            i_end, j_end = _with_next_word(old, i2), _with_next_word(new, j2)
            changes.append(f"'{_cut(''.join(old[i1:i_end]))}' → '{_cut(''.join(new[j1:j_end]))}'")
        elif added:
            changes.append(f"added '{_cut(added)}'")
        else:
            changes.append(f"removed '{_cut(removed)}'")
    return changes


def _titles(rows: list[dict], key: str) -> list[str]:
    return [row.get(key) or "" for row in rows]


def _list_changes(label: str, before: list[dict], after: list[dict], key: str) -> list[str]:
    old, new = _titles(before, key), _titles(after, key)
    lines = [f"{label} added: '{_cut(t)}'" for t in new if t not in old]
    lines += [f"{label} removed: '{_cut(t)}'" for t in old if t not in new]
    changed = [t for t in new if t in old and before[old.index(t)] != after[new.index(t)]]
    lines += [f"{label} changed: '{_cut(t)}'" for t in changed]
    return lines


def changes_summary(before: dict, after: dict) -> str:
    """One line saying what changed from `before` (a publication's content) to `after` (the revision's),
    fields separated by "; "; empty when nothing a reader sees changed in these fields."""
    parts = []
    for section, name, label in _WHOLE:
        old, new = before.get(section, {}).get(name) or "", after.get(section, {}).get(name) or ""
        if old != new:
            parts.append(f"{label}: {_cut(old) or '(none)'} → {_cut(new) or '(none)'}")
    for section, name, label in _WORDS:
        old, new = before.get(section, {}).get(name) or "", after.get(section, {}).get(name) or ""
        if old != new:
            changes = word_changes(old, new)[:CHANGES_PER_FIELD]
            if changes:
                parts.append(f"{label}: " + ", ".join(changes))
    parts += _list_changes("evidence", before.get("evidence", []), after.get("evidence", []), "title")
    parts += _list_changes("rebuttal", before.get("rebuttals", []), after.get("rebuttals", []), "party")
    return "; ".join(parts)
