"""Bulk import (claims.imports.jobs): writing a batch of rows (claimants resolved, known rows skipped,
claims, appearances and draft verdicts inserted in bulk).
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models.functions import Lower
from django.utils import timezone

from claims.imports.rows import ImportRow, _normalised_sql, normalised_text
from claims.models import SEARCH_REFRESH_SETTING, Claim, Claimant, Medium

# --- Writing a batch -------------------------------------------------------------------------


@dataclass
class BatchResult:
    created: int = 0
    skipped: int = 0
    errors: list[dict] = field(default_factory=list)
    appearance_ids: list[int] = field(default_factory=list)


@dataclass
class ImportState:
    """What an import run remembers across batches: rows seen in this file, claimants found."""

    external_ids: set = field(default_factory=set)
    texts: set = field(default_factory=set)
    claimants: dict = field(default_factory=dict)


def _claimants_resolve(rows: list[ImportRow], state: ImportState) -> None:
    """Find or create each row's claimant as claimant_get_or_create does: by name, and title when given.

    A row without a title takes any claimant of that name, one created for an
    earlier row of the batch too.
    """
    wanted = {row.claimant_key: row for row in rows if row.claimant_key not in state.claimants}
    if not wanted:
        return
    existing: dict[str, list[Claimant]] = {}
    names = {name for name, _ in wanted}
    for claimant in Claimant.objects.annotate(lname=Lower("name")).filter(lname__in=names).order_by("id"):
        existing.setdefault(claimant.name.lower(), []).append(claimant)
    pending: dict[tuple[str, str], Claimant] = {}
    chosen: dict[tuple[str, str], Claimant] = {}
    for key in sorted(wanted, key=lambda k: k[1] == ""):  # titled rows first: the untitled may join them
        name, title = key
        candidates = [c for c in existing.get(name, []) if not title or c.title.lower() == title]
        if candidates:
            chosen[key] = candidates[0]
            continue
        if title:
            match = pending.get(key)
        else:
            match = next((c for (n, _), c in pending.items() if n == name), None)
        if match is None:
            row = wanted[key]
            match = pending[key] = Claimant(
                name=row.claimant, title=row.claimant_title, kind=row.claimant_kind
            )
        chosen[key] = match
    Claimant.objects.bulk_create(list(pending.values()))
    for key, claimant in chosen.items():
        state.claimants[key] = claimant.pk


def _known(rows: list[ImportRow], state: ImportState) -> set[int]:
    """Lines of rows already in the database or earlier in this file (external_id, else claimant + text)."""
    known = set()
    by_id = [row for row in rows if row.external_id]
    in_database = set(
        Claim.objects.filter(external_id__in=[row.external_id for row in by_id]).values_list(
            "external_id", flat=True
        )
    )
    for row in by_id:
        if row.external_id in in_database or row.external_id in state.external_ids:
            known.add(row.line)
        state.external_ids.add(row.external_id)
    by_text = [row for row in rows if not row.external_id]
    if by_text:
        keys = {(state.claimants[row.claimant_key], normalised_text(row.text)) for row in by_text}
        existing = set(
            Claim.objects.filter(claimant_id__in={claimant for claimant, _ in keys})
            .annotate(normalised=_normalised_sql("text"))
            .filter(normalised__in={text for _, text in keys})
            .values_list("claimant_id", "normalised")
        )
        for row in by_text:
            key = (state.claimants[row.claimant_key], normalised_text(row.text))
            if key in existing or key in state.texts:
                known.add(row.line)
            state.texts.add(key)
    return known


def _ids_reserve(cursor, table: str, count: int) -> list[int]:
    """Take `count` ids from a table's sequence, so rows can be COPYed with their ids known."""
    if not count:
        return []
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
    )
    return [row[0] for row in cursor.fetchall()]


CLAIM_COLUMNS = (
    "id, text, summary, claimant_id, claimed_on, language, topics, state, selection_reason, external_id, "
    "is_demo, created_by_id, created_at, updated_at"
)
APPEARANCE_COLUMNS = "id, claim_id, url, outlet, medium, excerpt, is_first, created_at, updated_at"
VERDICT_COLUMNS = (
    "claim_id, rating_id, headline, conclusion, analysis, revision, author_id, last_edited_by_id, is_demo, "
    "created_at, updated_at, correction_note, correction_note_kind"
)


def rows_insert(rows: list[ImportRow], *, actor, state: ImportState) -> BatchResult:
    """Insert a batch of checked rows (claims, their appearance and draft verdict); skip known ones.

    Call inside a transaction under the actor's history context, after a
    statement that carried it (the context lasts for the transaction). Rows
    go in with COPY: the database's own triggers still fill the search vector
    and write the history of every row; the claims' search documents are
    refreshed once, after their appearances and verdicts.
    """
    result = BatchResult()
    _claimants_resolve(rows, state)
    known = _known(rows, state)
    fresh = [row for row in rows if row.line not in known]
    result.skipped = len(rows) - len(fresh)
    if not fresh:
        return result
    now = timezone.now()
    with connection.cursor() as cursor:
        # The appearances' and verdicts' triggers leave the claims' search documents to this batch, which
        # refreshes each claim once at the end (instead of once per appearance and again per verdict).
        cursor.execute("SELECT set_config(%s, 'deferred', true)", [SEARCH_REFRESH_SETTING])
        claim_ids = _ids_reserve(cursor, "claims_claim", len(fresh))
        with cursor.cursor.copy(f"COPY claims_claim ({CLAIM_COLUMNS}) FROM STDIN") as copy:
            for claim_id, row in zip(claim_ids, fresh, strict=True):
                copy.write_row(
                    (
                        claim_id, row.text, row.summary, state.claimants[row.claimant_key], row.claimed_on,
                        row.language, row.topics, "new", row.selection_reason, row.external_id, False,
                        actor.pk, now, now,
                    )
                )  # fmt: skip
        seen = [(claim_id, row) for claim_id, row in zip(claim_ids, fresh, strict=True)]
        with_appearance = [(claim_id, row) for claim_id, row in seen if row.appearance_url or row.outlet]
        appearance_ids = _ids_reserve(cursor, "claims_appearance", len(with_appearance))
        if with_appearance:
            with cursor.cursor.copy(f"COPY claims_appearance ({APPEARANCE_COLUMNS}) FROM STDIN") as copy:
                for appearance_id, (claim_id, row) in zip(appearance_ids, with_appearance, strict=True):
                    copy.write_row(
                        (
                            appearance_id,
                            claim_id,
                            row.appearance_url,
                            row.outlet,
                            Medium.OTHER,
                            "",
                            True,
                            now,
                            now,
                        )
                    )
        result.appearance_ids = [
            appearance_id
            for appearance_id, (_, row) in zip(appearance_ids, with_appearance, strict=True)
            if row.appearance_url
        ]
        with_verdict = [(claim_id, row) for claim_id, row in seen if row.rating is not None or row.conclusion]
        if with_verdict:
            with cursor.cursor.copy(f"COPY claims_verdict ({VERDICT_COLUMNS}) FROM STDIN") as copy:
                for claim_id, row in with_verdict:
                    rating_id = row.rating.pk if row.rating is not None else None
                    copy.write_row(
                        (
                            claim_id,
                            rating_id,
                            "",
                            row.conclusion,
                            "",
                            1,
                            actor.pk,
                            actor.pk,
                            False,
                            now,
                            now,
                            "",
                            "",
                        )
                    )
        cursor.execute("SELECT set_config(%s, '', true)", [SEARCH_REFRESH_SETTING])
        cursor.execute("UPDATE claims_claim SET claimant_id = claimant_id WHERE id = ANY(%s)", [claim_ids])
    result.created = len(fresh)
    return result
