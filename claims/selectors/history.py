"""The claim's history as the desk reads it: one entry per thing someone did, in their words.

Rules:
- One entry per event: the rows one request (or one service call) wrote share a history context
  and read as one entry; a workflow action is its transition, and the claim's state, assignee and
  revision it changed are said in that entry ("Assigned to ana"), not again beside it.
- No internal names: fields read as on the page ("Statement", "Due"), people by their user
  name, ratings, claimants and sources by name, choices by their label.
- Bookkeeping (timestamps, who last edited, the author the desk sets itself, demo flags, the
  revision counter) is not shown.
- Long text changes show as word-level differences with unchanged text collapsed
  (factcheck.text_diff); short values as the old one removed and the new one added.

The raw per-row history stays `claims.selectors.desk.claim_timeline` (the API's); this module
reads it, so the history costs its queries plus at most one per kind of name to look up.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.models import Claim, ClaimState, Rating
from claims.selectors.desk import claim_timeline
from factcheck.text_diff import TextDiff, value_change, word_diff

# Per kind of row: the fields a reader sees, with their names on the page. Fields not listed are
# bookkeeping and never shown.
FIELD_LABELS = {
    "claim": {
        "text": gettext_lazy("Statement"),
        "summary": gettext_lazy("Summary"),
        "claimant_id": gettext_lazy("Claimant"),
        "claimed_on": gettext_lazy("Said on"),
        "language": gettext_lazy("Language"),
        "topics": gettext_lazy("Topics"),
        "due_on": gettext_lazy("Due"),
        "checkworthiness": gettext_lazy("Check-worthiness"),
        "selection_reason": gettext_lazy("Why it was selected"),
        "external_id": gettext_lazy("External id"),
        "duplicate_of_id": gettext_lazy("Duplicate of"),
    },
    "verdict": {
        "rating_id": gettext_lazy("Rating"),
        "headline": gettext_lazy("Headline"),
        "conclusion": gettext_lazy("Conclusion"),
        "analysis": gettext_lazy("Analysis"),
    },
    "appearance": {
        "url": gettext_lazy("Link"),
        "outlet": gettext_lazy("Outlet"),
        "medium": gettext_lazy("Medium"),
        "appeared_on": gettext_lazy("Appeared on"),
        "excerpt": gettext_lazy("Excerpt"),
        "is_first": gettext_lazy("First appearance"),
    },
    "evidence": {
        "stance": gettext_lazy("Stance"),
        "kind": gettext_lazy("Kind"),
        "title": gettext_lazy("Title"),
        "url": gettext_lazy("Link"),
        "offline_reference": gettext_lazy("Where to find it"),
        "source_id": gettext_lazy("Source"),
        "excerpt": gettext_lazy("Excerpt"),
        "published_on": gettext_lazy("Published on"),
        "is_withheld": gettext_lazy("Withheld from the public"),
    },
    "rebuttal": {
        "party": gettext_lazy("Who answered"),
        "kind": gettext_lazy("Kind"),
        "statement": gettext_lazy("What they said"),
        "url": gettext_lazy("Link"),
        "stated_on": gettext_lazy("Said on"),
    },
}

# Text compared word by word; everything else changes as a whole value.
WORDED_FIELDS = {
    "text",
    "summary",
    "selection_reason",
    "headline",
    "conclusion",
    "analysis",
    "excerpt",
    "title",
    "offline_reference",
    "party",
    "statement",
}
LONG_FIELDS = {"text", "analysis", "conclusion", "excerpt", "statement", "selection_reason"}

# Names to look up: which model holds the name a foreign key points at.
LOOKUPS = {
    "assignee_id": "user",
    "claimant_id": "claimant",
    "rating_id": "rating",
    "source_id": "source",
}

# Workflow actions as a fact-checker says them.
ACTION_WORDS = {
    "assign": gettext_lazy("Assigned the claim"),
    "submit": gettext_lazy("Submitted for review"),
    "approve": gettext_lazy("Approved the verdict"),
    "request_changes": gettext_lazy("Requested changes"),
    "publish": gettext_lazy("Published"),
    "revise": gettext_lazy("Started a new revision after publication"),
    "dismiss": gettext_lazy("Dismissed the claim"),
    "reopen": gettext_lazy("Reopened the claim"),
    "verdict_changed": gettext_lazy("The verdict changed after approval: it needs a fresh review"),
    "content_changed": gettext_lazy("The content changed after approval: it needs a fresh review"),
}

# Order of the lines within one entry: the action first, then what it touched.
KIND_ORDER = ["transition", "claim", "verdict", "review", "publication", "evidence", "rebuttal", "appearance"]


@dataclass
class Change:
    label: str
    diff: TextDiff
    is_long: bool = False


@dataclass
class Line:
    """One thing said in an entry: a sentence, an optional quoted comment, and the changes."""

    text: str
    comment: str = ""
    changes: list[Change] = field(default_factory=list)
    kind: str = ""
    restore_url: str = ""  # a removal that can be undone: "Restore" beside it


@dataclass
class HistoryEntry:
    at: object
    actor: str | None
    token: str | None
    lines: list[Line] = field(default_factory=list)
    kinds: set = field(default_factory=set)


def _names(rows: list[dict]) -> dict:
    """The names behind the foreign keys the rows mention: one query per kind of name."""
    wanted: dict[str, set] = {kind: set() for kind in set(LOOKUPS.values())}
    for row in rows:
        for attname, kind in LOOKUPS.items():
            # A new row says its short fields only for the verdict (its rating); others name what changed.
            if row["kind"] == "verdict" and row["verb"] == "added" and row["fields"].get(attname) is not None:
                wanted[kind].add(row["fields"][attname])
            wanted[kind].update(v for v in row["changes"].get(attname, ()) if v is not None)
    names: dict[str, dict] = {}
    sources = {
        "user": lambda ids: get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"),
        "claimant": lambda ids: (
            apps.get_model("claims", "Claimant").objects.filter(pk__in=ids).values_list("pk", "name")
        ),
        "rating": lambda ids: Rating.objects.filter(pk__in=ids).values_list("pk", "label"),
        "source": lambda ids: (
            apps.get_model("evidence", "Source").objects.filter(pk__in=ids).values_list("pk", "name")
        ),
    }
    for kind, ids in wanted.items():
        names[kind] = dict(sources[kind](ids)) if ids else {}
    return names


def _choices(kind: str) -> dict:
    models = {
        "claim": ("claims", "Claim"),
        "appearance": ("claims", "Appearance"),
        "evidence": ("evidence", "Evidence"),
        "rebuttal": ("evidence", "Rebuttal"),
    }
    if kind not in models:
        return {}
    model = apps.get_model(*models[kind])
    return {f.attname: dict(f.flatchoices) for f in model._meta.concrete_fields if f.choices}


class _Reader:
    """Turns raw history rows into words, with the names looked up once."""

    def __init__(self, rows: list[dict]):
        self.names = _names(rows)
        self.choices = {kind: _choices(kind) for kind in FIELD_LABELS}

    def value(self, kind: str, attname: str, value) -> str:
        if value is None or value == "" or value == []:
            return ""
        lookup = LOOKUPS.get(attname)
        if lookup:
            return str(self.names[lookup].get(value, _("(removed)")))
        if attname == "duplicate_of_id":
            return _("claim %(id)s") % {"id": value}
        choices = self.choices.get(kind, {}).get(attname)
        if choices:
            return str(choices.get(value, value))
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if isinstance(value, float):
            return f"{value:.2f}"
        if hasattr(value, "isoformat"):
            return formats.date_format(value, "j M Y")
        return str(value)

    def change(self, kind: str, attname: str, before, after) -> Change:
        label = str(FIELD_LABELS[kind][attname])
        if attname in WORDED_FIELDS:
            return Change(label, word_diff(before or "", after or ""), is_long=attname in LONG_FIELDS)
        return Change(
            label, value_change(self.value(kind, attname, before), self.value(kind, attname, after))
        )

    def changes(self, kind: str, row: dict) -> list[Change]:
        labels = FIELD_LABELS.get(kind, {})
        if row["verb"] == "added":
            # What a new row says: its short fields (long text is on the page itself).
            return [
                self.change(kind, name, None, row["fields"].get(name))
                for name in labels
                if row["fields"].get(name) not in (None, "", [], False) and name not in LONG_FIELDS
            ]
        if row["verb"] != "changed":
            return []
        return [self.change(kind, name, *row["changes"][name]) for name in labels if name in row["changes"]]

    def user(self, user_id) -> str:
        return str(self.names["user"].get(user_id, _("someone")))


def _state_label(value: str) -> str:
    try:
        return str(ClaimState(value).label)
    except ValueError:
        return value


def _entry_lines(rows: list[dict], reader: _Reader) -> list[Line]:
    by_kind: dict[str, list[dict]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
    transitions = by_kind.get("transition", [])
    actions = {t["fields"]["action"] for t in transitions}
    reviews = by_kind.get("review", [])
    publications = by_kind.get("publication", [])
    lines: list[Line] = []

    for row in transitions:
        f = row["fields"]
        action = f["action"]
        text = str(ACTION_WORDS.get(action, action.replace("_", " ").capitalize()))
        if action == "assign":
            assignee = next(
                (
                    c["changes"]["assignee_id"][1]
                    for c in by_kind.get("claim", [])
                    if "assignee_id" in c["changes"]
                ),
                None,
            )
            if assignee is not None:
                text = _("Assigned to %(name)s") % {"name": reader.user(assignee)}
        elif action in ("approve", "request_changes") and reviews:
            revision = reviews[0]["fields"]["revision"]
            text = (
                _("Approved revision %(revision)s")
                if action == "approve"
                else _("Requested changes on revision %(revision)s")
            ) % {"revision": revision}
        elif action == "publish" and publications:
            text = _("Published version %(version)s") % {"version": publications[0]["fields"]["version"]}
        if f["from_state"] != f["to_state"]:
            text = _("%(what)s (now %(state)s)") % {
                "what": text,
                "state": _state_label(f["to_state"]).lower(),
            }
        lines.append(Line(text=text, comment=f.get("comment") or ""))

    for row in by_kind.get("claim", []):
        if row["verb"] == "added":
            lines.append(Line(text=_("Logged the claim")))
            continue
        if row["verb"] == "removed":
            lines.append(Line(text=_("Removed the claim")))
            continue
        if "assignee_id" in row["changes"] and "assign" not in actions:
            after = row["changes"]["assignee_id"][1]
            lines.append(
                Line(
                    text=_("Assigned to %(name)s") % {"name": reader.user(after)}
                    if after is not None
                    else _("Took the assignee off the claim")
                )
            )
        if "state" in row["changes"] and not transitions:
            before, after = row["changes"]["state"]
            lines.append(
                Line(
                    text=_("State: %(before)s → %(after)s")
                    % {"before": _state_label(before), "after": _state_label(after)}
                )
            )
        changes = reader.changes("claim", row)
        if changes:
            lines.append(Line(text=_("Edited the claim"), changes=changes))

    for row in by_kind.get("verdict", []):
        changes = reader.changes("verdict", row)
        if row["verb"] == "added":
            lines.append(Line(text=_("Started the verdict"), changes=changes))
        elif changes:
            revision = row["fields"].get("revision")
            lines.append(
                Line(
                    text=_("Edited the verdict (revision %(revision)s)") % {"revision": revision},
                    changes=changes,
                )
            )

    for row in reviews:
        if actions & {"approve", "request_changes"}:
            continue  # said by the action's own line
        f = row["fields"]
        text = (
            _("Approved revision %(revision)s")
            if f["decision"] == "approve"
            else _("Requested changes on revision %(revision)s")
        ) % {"revision": f["revision"]}
        lines.append(Line(text=text, comment=f.get("comment") or ""))

    for row in publications:
        f = row["fields"]
        if "publish" not in actions:
            lines.append(Line(text=_("Published version %(version)s") % {"version": f["version"]}))
        if f.get("note"):
            lines.append(Line(text=_("Note for readers"), comment=f["note"]))

    nouns = {
        "evidence": (_("Added evidence"), _("Edited evidence"), _("Removed evidence")),
        "rebuttal": (_("Added a rebuttal by"), _("Edited the rebuttal by"), _("Removed the rebuttal by")),
        "appearance": (
            _("Added an appearance at"),
            _("Edited the appearance at"),
            _("Removed the appearance at"),
        ),
    }
    for kind, (added, edited, removed) in nouns.items():
        for row in by_kind.get(kind, []):
            f = row["fields"]
            name = f.get("title") or f.get("party") or f.get("outlet") or f.get("url") or ""
            verb = {"added": added, "changed": edited, "removed": removed}[row["verb"]]
            quoted = f"“{name}”" if kind == "evidence" else name
            changes = reader.changes(kind, row) if row["verb"] == "changed" else []
            if row["verb"] == "changed" and not changes:
                continue
            lines.append(
                Line(
                    text=f"{verb} {quoted}".strip(),
                    changes=changes,
                    kind=kind,
                    restore_url=row.get("restore_url", ""),
                )
            )
    return lines


def claim_history(*, claim: Claim, rows: list[dict] | None = None) -> list[HistoryEntry]:
    """The claim's history for the desk, oldest first: one entry per event, in words.

    `rows`: the raw history (`claim_timeline`) when the caller already has it, e.g. with the
    `restore_url` of removals that can be undone.

    Queries: the raw history's (one per kind of row) plus one per kind of name mentioned
    (members, claimants, ratings, sources), whatever the number of events.
    """
    rows = claim_timeline(claim=claim) if rows is None else rows
    groups: dict = {}
    for row in rows:
        key = row["context_id"] or (row["kind"], row["event_id"])
        groups.setdefault(key, []).append(row)
    reader = _Reader(rows)
    entries = []
    for group in groups.values():
        group.sort(key=lambda r: (KIND_ORDER.index(r["kind"]), r["at"], r["event_id"]))
        lines = _entry_lines(group, reader)
        if not lines:
            continue  # only bookkeeping changed
        first = min(group, key=lambda r: r["at"])
        actor_row = next((r for r in group if r["actor"]), first)
        entries.append(
            HistoryEntry(
                at=first["at"],
                actor=actor_row["actor"],
                token=actor_row["token"],
                lines=lines,
                kinds={r["kind"] for r in group},
            )
        )
    entries.sort(key=lambda e: e.at)
    return entries
