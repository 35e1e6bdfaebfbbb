"""Bulk import (JSONL, CSV, ClaimReview JSON-LD and DataFeed) and export: the command, the API with a
real worker on the real broker, the progress page; bad rows by line number; re-imports create nothing."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from claims.imports import jobs as imports
from claims.imports.rows import FIELDS
from claims.lookups import claim_search
from claims.models import Appearance, Claim, Claimant, ClaimEvent, ImportJob, SearchWord, Verdict
from factcheck.services import api_token_create
from tests.database import subprocess_database_url
from tests.factories import ClaimantFactory, claim_in_state, make_claim
from tests.workers import running_worker

BASE_DIR = Path(__file__).resolve().parents[2]
BROKER_URL = "redis://127.0.0.1:6379/10"

GOOD_ROWS = [
    {
        "external_id": "pf-1",
        "text": "Steel imports doubled last year.",
        "summary": "Steel imports doubled",
        "claimant": "Howard Lutnick",
        "claimant_title": "U.S. Secretary of Commerce",
        "claimed_on": "2025-07-15",
        "language": "en",
        "topics": ["trade", "Steel"],
        "outlet": "CNBC",
        "appearance_url": "https://www.cnbc.com/2025/07/15/interview.html",
        "rating": "Mostly false",
        "conclusion": "Imports rose by a tenth.",
    },
    {"external_id": "pf-2", "text": "Electricity is almost free in Korea.", "claimant": "Howard Lutnick"},
    {"text": "Wind power is the cheapest source.", "claimant": "Jane Doe", "topics": "energy; prices"},
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def write_jsonl(path: Path, rows: list) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write((row if isinstance(row, str) else json.dumps(row)) + "\n")
    return path


def run_import(path: Path, user, *extra) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_claims", str(path), "--user", user.username, *extra, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    except Exception as error:  # CommandError: call_command raises it instead of exiting
        code = getattr(error, "returncode", 1)
        err.write(str(error))
    return code, out.getvalue(), err.getvalue()


# --- JSONL through the command ---------------------------------------------------------------------------


def test_a_jsonl_file_goes_in_with_claimants_appearances_verdicts_and_history(db, editor, tmp_path):
    path = write_jsonl(tmp_path / "claims.jsonl", GOOD_ROWS)

    code, out, err = run_import(path, editor)

    assert code == 0, err
    assert "3 rows: 3 claims created, 0 already imported (skipped), 0 bad." in out
    assert "100% 3/3 rows" in err  # the progress bar
    steel = Claim.objects.get(external_id="pf-1")
    assert steel.summary == "Steel imports doubled" and str(steel.claimed_on) == "2025-07-15"
    assert steel.topics == ["trade", "steel"] and steel.state == "new" and steel.created_by == editor
    assert steel.claimant.title == "U.S. Secretary of Commerce"
    assert Claim.objects.get(external_id="pf-2").claimant == steel.claimant  # one claimant, found again
    appearance = Appearance.objects.get(claim=steel)
    assert (
        appearance.is_first and appearance.outlet == "CNBC" and appearance.url.startswith("https://www.cnbc")
    )
    verdict = Verdict.objects.get(claim=steel)
    assert verdict.rating.label == "Mostly false" and verdict.conclusion == "Imports rose by a tenth."
    assert verdict.author == editor and not Verdict.objects.filter(claim__external_id="pf-2").exists()
    wind = Claim.objects.get(text="Wind power is the cheapest source.")
    assert wind.topics == ["energy", "prices"] and wind.language == "en"
    assert Claim.objects.filter(search_vector__isnull=False).count() == 3  # the search trigger ran
    # The batch refreshed its claims' search documents once its appearances and verdicts were in: the
    # outlet and the conclusion find the claim, and their words (and the claimant's) are in the vocabulary.
    assert list(claim_search(query="CNBC", typos="none")) == [steel]
    assert list(claim_search(query="tenth", typos="none")) == [steel]
    assert set(SearchWord.objects.filter(word__in=["cnbc", "tenth", "lutnick", "cheapest"])) == {
        SearchWord(word=word) for word in ("cnbc", "tenth", "lutnick", "cheapest")
    }
    events = ClaimEvent.objects.filter(pgh_obj_id__in=Claim.objects.values("pk"), pgh_label="insert")
    assert events.count() == 3
    assert not ClaimEvent.objects.exclude(pgh_label="insert").exists()  # the refresh wrote no history
    job = ImportJob.objects.get()
    assert all(
        e.pgh_context == {"user": editor.pk, "username": editor.username, "import_job": job.pk}
        for e in events
    )
    assert (job.status, job.total_rows, job.rows_done, job.created_count) == ("done", 3, 3, 3)


def test_the_command_draws_its_progress_bar_batch_by_batch(db, editor, tmp_path):
    rows = [{"text": f"Claim number {n}.", "claimant": "Bulk Speaker"} for n in range(4500)]
    path = write_jsonl(tmp_path / "bulk.jsonl", rows)

    code, out, err = run_import(path, editor)

    assert code == 0, err
    frames = [frame.strip() for frame in err.split("\r") if frame.strip()]
    counts = [frame.split("] ", 1)[1].strip() for frame in frames]
    assert counts == [
        "0% 0/4,500 rows",
        "44% 2,000/4,500 rows",
        "89% 4,000/4,500 rows",
        "100% 4,500/4,500 rows",
        "100% 4,500/4,500 rows",
    ]
    bars = [frame.split("]", 1)[0].lstrip("[") for frame in frames]
    assert [bar.count("#") for bar in bars] == sorted(bar.count("#") for bar in bars)  # it only grows
    assert bars[0].count("#") == 0 and "-" not in bars[-1]


def test_bad_rows_are_reported_by_line_while_good_rows_go_in(db, editor, tmp_path):
    lines = [
        GOOD_ROWS[1],  # 1
        "",  # 2: blank lines are skipped
        "{not json",  # 3
        {"claimant": "Someone"},  # 4
        {"text": "A claim.", "claimant": "X", "claimed_on": "15/07/2025"},  # 5
        {"text": "A claim.", "claimant": "X", "rating": "Pants on fire"},  # 6
        {"text": "A claim.", "claimant": "X", "summary": "s" * 80},  # 7
        {"text": "A claim.", "claimant": "X", "speaker": "Y"},  # 8
        {"text": "A claim.", "claimant": "X", "appearance_url": "javascript:alert(1)"},  # 9
        '["a", "list"]',  # 10
        {"text": "A claim.", "claimant": "X", "language": "English please"},  # 11
        {"text": 42, "claimant": "X"},  # 12
        {"text": "Fine again.", "claimant": "X"},  # 13
    ]
    path = write_jsonl(tmp_path / "mixed.jsonl", lines)

    code, out, err = run_import(path, editor)

    assert code == 1
    expected = {
        3: "not valid JSON",
        4: "text is missing",
        5: "claimed_on “15/07/2025” is not a date",
        6: "rating “Pants on fire” is not on the rating scale (False, Half true, Mostly false, Mostly true,",
        7: "summary has 80 characters; ClaimReview allows at most 75",
        8: "unknown field “speaker”",
        9: "appearance_url “javascript:alert(1)” is not an http or https address",
        10: "each line must be a JSON object",
        11: "language “English please” is not a language tag",
        12: "text must be text, not int",
    }
    job = ImportJob.objects.get()
    assert [e["line"] for e in job.errors] == list(expected)
    for error in job.errors:
        assert expected[error["line"]] in error["reason"], error
        assert f"line {error['line']}: {error['reason']}" in err
    assert "12 rows: 2 claims created, 0 already imported (skipped), 10 bad." in out
    assert "10 rows could not be imported" in err
    assert set(Claim.objects.values_list("text", flat=True)) == {GOOD_ROWS[1]["text"], "Fine again."}


def test_importing_the_same_file_again_creates_nothing(db, editor, tmp_path):
    path = write_jsonl(tmp_path / "claims.jsonl", GOOD_ROWS)
    assert run_import(path, editor)[0] == 0
    before = {model: model.objects.count() for model in (Claim, Claimant, Appearance, Verdict, ClaimEvent)}

    code, out, _ = run_import(path, editor)

    assert code == 0
    assert "3 rows: 0 claims created, 3 already imported (skipped), 0 bad." in out
    assert {model: model.objects.count() for model in before} == before


def test_without_external_id_the_claimant_and_normalised_text_find_the_claim(db, editor, checker, tmp_path):
    claimant = ClaimantFactory(name="Jane Doe", title="")
    make_claim(author=checker, claimant=claimant, text="Wind power is the cheapest source.")
    rows = [
        {"text": "  wind POWER is   the cheapest\nsource. ", "claimant": "jane doe"},  # the same claim
        {"text": "Wind power is the cheapest source.", "claimant": "John Roe"},  # another claimant
        {"text": "Solar is cheaper.", "claimant": "Jane Doe"},
        {"text": "solar is  cheaper.", "claimant": "JANE DOE"},  # a repeat within the file
        {"external_id": "x-1", "text": "Solar is cheaper.", "claimant": "Jane Doe"},  # an id wins
    ]
    path = write_jsonl(tmp_path / "no-ids.jsonl", rows)

    code, out, _ = run_import(path, editor)

    assert code == 0
    assert "5 rows: 3 claims created, 2 already imported (skipped), 0 bad." in out
    assert Claim.objects.filter(claimant=claimant).count() == 3


# --- CSV, ClaimReview and DataFeed ---------------------------------------------------------------------


def test_a_csv_file_with_quoted_lines_reports_the_line_each_record_starts_on(db, editor, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text(
        "external_id,text,claimant,claimant_title,topics,rating\n"  # 1
        'csv-1,"A claim over\ntwo lines.",Jane Doe,Senator,energy;prices,False\n'  # 2-3
        "csv-2,,Jane Doe,,,\n"  # 4
        'csv-3,"Another, with a comma.",Jane Doe,Senator,,Nonsense\n'  # 5
        "csv-4,Too,many,values,here,True,extra\n"  # 6
        "csv-5,The last one.,John Roe,,,\n",  # 7
        encoding="utf-8",
    )

    code, out, _ = run_import(path, editor)

    assert code == 1
    job = ImportJob.objects.get()
    assert job.format == "csv"
    assert [(e["line"], e["reason"].split(" ")[0]) for e in job.errors] == [
        (4, "text"),
        (5, "rating"),
        (6, "7"),
    ]
    assert "7 values for 6 columns" in job.errors[2]["reason"]
    first = Claim.objects.get(external_id="csv-1")
    assert first.text == "A claim over\ntwo lines." and first.topics == ["energy", "prices"]
    assert first.verdict.rating.label == "False"
    assert Claim.objects.filter(external_id="csv-5").exists()


def test_a_csv_file_without_the_needed_columns_is_refused_whole(db, editor, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text("id,statement,speaker\n1,Something,Someone\n", encoding="utf-8")

    code, _, err = run_import(path, editor)

    assert code == 2
    assert "Unknown columns “id”, “statement”, “speaker” in the header" in err
    assert ImportJob.objects.get().status == "failed"
    assert not Claim.objects.exists()


def claimreview(n: int, **changes) -> dict:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factcheck.example/reviews/{n}",
        "claimReviewed": f"The minister said unemployment fell {n}% last year, the biggest fall on record.",
        "datePublished": "2025-08-01",
        "author": {"@type": "Organization", "name": "Example Fact Check"},
        "inLanguage": "de",
        "keywords": "jobs, economy",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Minister Example", "jobTitle": "Minister of Labour"},
            "datePublished": "2025-07-20",
            "appearance": [{"@type": "CreativeWork", "url": f"https://news.example/story-{n}"}],
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 2,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "Misleading",
        },
    }
    review.update(changes)
    return review


def test_a_claimreview_file_becomes_claims_with_their_reviewer_noted(db, editor, tmp_path):
    path = tmp_path / "review.json"
    path.write_text(json.dumps(claimreview(7, reviewRating={"@type": "Rating", "alternateName": "False"})))

    code, out, err = run_import(path, editor)

    assert code == 0, err
    claim = Claim.objects.get()
    assert claim.external_id == "https://factcheck.example/reviews/7"
    assert claim.text.startswith("The minister said unemployment fell 7%")
    assert len(claim.summary) <= 75 and claim.summary.endswith("…")
    assert (claim.claimant.name, claim.claimant.title) == ("Minister Example", "Minister of Labour")
    assert (
        str(claim.claimed_on) == "2025-07-20"
        and claim.language == "de"
        and claim.topics == ["jobs", "economy"]
    )
    assert claim.appearances.get().url == "https://news.example/story-7"
    assert claim.verdict.rating.label == "False"
    assert claim.selection_reason == (
        "Imported from Example Fact Check's ClaimReview (https://factcheck.example/reviews/7); "
        "their rating: “False”."
    )


def test_a_datafeed_gives_each_review_with_the_line_of_its_element(db, editor, tmp_path):
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": "Example Fact Check feed",
        "dataFeedElement": [
            {"@type": "DataFeedItem", "item": [claimreview(1)]},
            {"@type": "DataFeedItem", "item": [claimreview(2, itemReviewed={"@type": "Claim"})]},
            {"@type": "Thing", "name": "not a review"},
            {"@type": "DataFeedItem", "item": [claimreview(3), claimreview(4)]},
        ],
    }
    text = json.dumps(feed, indent=2)
    path = tmp_path / "feed.json"
    path.write_text(text)
    lines = text.splitlines()
    starts = [n for n, line in enumerate(lines, start=1) if line == "    {"]  # each element opens a line

    code, out, _ = run_import(path, editor)

    assert code == 1
    job = ImportJob.objects.get()
    assert job.errors == [
        {"line": starts[1], "reason": "the ClaimReview names no claimant (itemReviewed.author.name)"},
        {"line": starts[2], "reason": "not a ClaimReview or a DataFeedItem holding one (Thing)"},
    ]
    assert sorted(Claim.objects.values_list("external_id", flat=True)) == [
        f"https://factcheck.example/reviews/{n}" for n in (1, 3, 4)
    ]
    misleading = Claim.objects.get(external_id__endswith="/1")
    assert not Verdict.objects.filter(claim=misleading).exists()  # "Misleading" is not on our scale
    assert "their rating: “Misleading”" in misleading.selection_reason
    assert run_import(path, editor)[1].count("0 claims created") == 1  # again: nothing new


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b'{"@type": "ClaimReview", ', "not valid JSON"),
        (b'{"@type": "Person", "name": "Nobody"}', "holds no ClaimReview"),
    ],
)
def test_files_that_cannot_be_read_fail_whole_with_the_reason(db, editor, tmp_path, content, reason):
    path = tmp_path / "broken.json"
    path.write_bytes(content)

    code, _, err = run_import(path, editor, "--format", "claimreview")

    assert code == 2 and reason in err


def test_only_editors_and_admins_import(db, checker, tmp_path):
    path = write_jsonl(tmp_path / "claims.jsonl", GOOD_ROWS)
    code, _, err = run_import(path, checker)
    assert code == 2 and "Only editors and admins can import claims." in err
    assert not Claim.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_command_exits_non_zero_for_bad_rows_as_a_process(editor, tmp_path):
    """Exit statuses as a shell sees them: 0 all good, 1 some rows bad, 2 the file refused."""
    url = subprocess_database_url()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EVIDENCE_ARCHIVING": "false",
    }
    good = write_jsonl(tmp_path / "good.jsonl", GOOD_ROWS[1:2])
    bad = write_jsonl(tmp_path / "bad.jsonl", [GOOD_ROWS[2], {"claimant": "No text"}])
    refused = tmp_path / "refused.csv"
    refused.write_text("nothing,useful\n1,2\n")
    codes = {}
    for name, path in (("good", good), ("bad", bad), ("refused", refused)):
        result = subprocess.run(
            [sys.executable, "manage.py", "import_claims", str(path), "--user", editor.username],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        codes[name] = (result.returncode, result.stdout + result.stderr)
    assert codes["good"][0] == 0, codes["good"][1]
    assert codes["bad"][0] == 1 and "line 2: text is missing" in codes["bad"][1]
    assert codes["refused"][0] == 2 and "Unknown columns" in codes["refused"][1]


# --- Export ----------------------------------------------------------------------------------------------


def test_export_writes_what_import_reads_and_a_round_trip_recreates_the_claims(db, editor, tmp_path):
    path = write_jsonl(tmp_path / "claims.jsonl", GOOD_ROWS)
    assert run_import(path, editor)[0] == 0
    for fmt in ("jsonl", "csv"):
        out = tmp_path / f"export.{fmt}"
        call_command("export_claims", "--format", fmt, "--output", str(out), stderr=io.StringIO())
        if fmt == "jsonl":
            rows = [json.loads(line) for line in out.read_text().splitlines()]
        else:
            rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert len(rows) == 3
        steel = next(row for row in rows if row["external_id"] == "pf-1")
        assert steel["rating"] == "Mostly false" and steel["outlet"] == "CNBC"
        assert steel["topics"] in (["trade", "steel"], "trade; steel")
        assert set(steel) == set(FIELDS)

    exported = tmp_path / "export.jsonl"
    before = sorted(Claim.objects.values_list("external_id", "text", "summary", "claimed_on", "topics"))
    assert run_import(exported, editor)[1].count("0 claims created") == 1  # the same desk: nothing new
    Verdict.objects.all().delete()
    Appearance.objects.all().delete()
    Claim.objects.all().delete()

    code, out, _ = run_import(exported, editor)

    assert code == 0 and "3 claims created" in out
    assert (
        sorted(Claim.objects.values_list("external_id", "text", "summary", "claimed_on", "topics")) == before
    )
    assert Claim.objects.get(external_id="pf-1").verdict.rating.label == "Mostly false"


def test_export_writes_the_published_claimreview_datafeed(db, members, tmp_path):
    published = claim_in_state(
        "published", checker=members["checker"], reviewer=members["reviewer"], editor=members["editor"]
    )
    make_claim(author=members["checker"], text="Not published.")
    out = tmp_path / "feed.json"
    err = io.StringIO()

    call_command("export_claims", "--format", "datafeed", "--output", str(out), stderr=err)

    feed = json.loads(out.read_text())
    assert feed["@type"] == "DataFeed" and "Exported 1 fact-checks as datafeed." in err.getvalue()
    (element,) = feed["dataFeedElement"]
    assert element["@type"] == "DataFeedItem"
    assert element["item"][0]["@type"] == "ClaimReview"
    assert element["item"][0]["claimReviewed"] == published.publications.get().claim_reviewed


def test_the_exported_datafeed_is_escaped_for_a_script_block_like_the_apis(db, members, tmp_path):
    # One writer for both feeds: the export used to write "<" and ">" as they were.
    claim_in_state(
        "published",
        checker=members["checker"],
        reviewer=members["reviewer"],
        editor=members["editor"],
        text="He said </script><script>alert(1)</script> & more.",
    )
    out = tmp_path / "feed.json"

    call_command("export_claims", "--format", "datafeed", "--output", str(out), stderr=io.StringIO())

    text = out.read_text()
    assert "<" not in text and ">" not in text and "&" not in text
    (element,) = json.loads(text)["dataFeedElement"]
    assert "</script><script>alert(1)</script> & more." in json.dumps(element["item"][0], ensure_ascii=False)


# --- The API and the page, with a real worker ---------------------------------------------------------------


@pytest.fixture
def worker(transactional_db, broker):
    with running_worker(BROKER_URL) as running:
        yield running


def token(user, scopes=("claims:read", "claims:write")) -> APIClient:
    _, secret = api_token_create(user=user, name="Importer", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def wait_for_job(client, url, timeout=60):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(url).json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.1)
    raise AssertionError(f"the import did not finish: {body}")


def body_of(rows) -> bytes:
    return "".join(json.dumps(row) + "\n" for row in rows).encode()


@pytest.mark.django_db(transaction=True)
def test_the_api_imports_a_file_in_the_worker_and_reports_progress(worker, editor):
    client = token(editor)
    rows = GOOD_ROWS + [{"text": f"Claim number {n}.", "claimant": "Bulk Speaker"} for n in range(4500)]
    rows.insert(2, {"claimant": "No text here"})

    response = client.generic(
        "POST", "/api/v1/imports/?filename=bulk.jsonl", body_of(rows), "application/x-ndjson"
    )

    assert response.status_code == 202, response.content
    job = response.json()
    assert response["Location"] == f"/api/v1/imports/{job['id']}/" == job["url"]
    assert (
        job["format"] == "jsonl"
        and job["original_name"] == "bulk.jsonl"
        and job["created_by"] == editor.username
    )
    done = wait_for_job(client, job["url"])
    assert done["status"] == "done"
    assert (done["total_rows"], done["rows_done"], done["percent_done"]) == (4504, 4504, 100)
    assert (done["created_count"], done["skipped_count"], done["error_count"]) == (4503, 0, 1)
    assert done["errors"] == [{"line": 3, "reason": "text is missing: the statement as said"}]
    assert Claim.objects.count() == 4503
    listed = client.get("/api/v1/imports/").json()["results"]
    assert [item["id"] for item in listed] == [job["id"]]

    again = client.generic("POST", "/api/v1/imports/", body_of(rows), "application/x-ndjson").json()
    done = wait_for_job(client, again["url"])
    assert (done["created_count"], done["skipped_count"]) == (0, 4503)
    assert Claim.objects.count() == 4503


def test_the_api_refuses_what_it_cannot_import(db, editor, checker, settings):
    client = token(editor)
    assert APIClient().post("/api/v1/imports/", b"", content_type="text/csv").status_code == 401
    refused = token(checker).generic("POST", "/api/v1/imports/", body_of(GOOD_ROWS), "application/x-ndjson")
    assert refused.status_code == 403 and "editors and admins" in refused.json()["detail"]
    reader = token(editor, scopes=("claims:read",))
    assert reader.generic("POST", "/api/v1/imports/", body_of(GOOD_ROWS), "text/csv").status_code == 403

    empty = client.generic("POST", "/api/v1/imports/", b"", "text/csv")
    assert empty.status_code == 400 and "file" in empty.json()["errors"]
    unknown = client.generic("POST", "/api/v1/imports/?file_format=xml", b"<a/>", "text/plain")
    assert unknown.status_code == 400 and "format" in unknown.json()["errors"]
    guess = client.generic("POST", "/api/v1/imports/", b"hello", "text/plain")
    assert guess.status_code == 400 and "Could not tell the file's format" in guess.json()["detail"]
    settings.IMPORT_MAX_BYTES = 2048
    large = client.generic("POST", "/api/v1/imports/", b"x" * 4096, "text/csv")
    assert large.status_code == 413 and large["Content-Type"].startswith("application/problem+json")
    assert client.get("/api/v1/imports/999999/").status_code == 404
    assert not ImportJob.objects.exists()

    settings.IMPORT_MAX_BYTES = 1_000_000
    upload = io.BytesIO(b"text,claimant\nA claim.,Someone\n")
    upload.name = "sheet.csv"
    multipart = client.post("/api/v1/imports/", {"file": upload}, format="multipart")
    assert multipart.status_code == 202, multipart.content
    assert multipart.json()["format"] == "csv" and multipart.json()["original_name"] == "sheet.csv"
    assert ImportJob.objects.get().file.read() == b"text,claimant\nA claim.,Someone\n"


@pytest.mark.django_db(transaction=True)
def test_the_import_page_uploads_and_shows_progress_then_the_bad_rows(worker, editor, checker, client):
    client.force_login(checker)
    assert client.get("/claims/import/").status_code == 403
    client.force_login(editor)
    page = client.get("/claims/import/").content.decode()
    assert 'enctype="multipart/form-data"' in page and ">Import</a>" in client.get("/").content.decode()
    upload = io.BytesIO(body_of([GOOD_ROWS[0], {"text": "No claimant"}, GOOD_ROWS[1]]))
    upload.name = "from-the-page.jsonl"

    response = client.post("/claims/import/", {"file": upload, "format": ""})

    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == f"/claims/import/{job.pk}/"
    import time

    deadline = time.monotonic() + 60
    while ImportJob.objects.get(pk=job.pk).status != "done" and time.monotonic() < deadline:
        time.sleep(0.1)
    html = client.get(response["Location"]).content.decode()
    assert "Done: <span data-rows-done>3</span> of <span data-rows-total>3</span> rows" in html
    assert '<progress id="import-bar" max="3" value="3">' in html
    assert "<strong>2</strong> claims created" in html
    assert (
        '<td data-label="Line">2</td><td data-label="Why">claimant is missing: who made the claim</td>'
        in html
    )
    assert "hx-trigger" not in html  # finished: no more polling
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<section id="import-progress" data-status="done"')


@pytest.mark.django_db(transaction=True)
def test_the_command_can_hand_the_import_to_the_worker_and_follow_it(worker, editor, tmp_path):
    path = write_jsonl(tmp_path / "claims.jsonl", GOOD_ROWS)

    code, out, err = run_import(path, editor, "--enqueue")

    assert code == 0, err
    assert "Waiting for the worker" in out
    assert "3 rows: 3 claims created, 0 already imported (skipped), 0 bad." in out
    assert err.rstrip().endswith("100% 3/3 rows")
    assert Claim.objects.filter(external_id__in=["pf-1", "pf-2"]).count() == 2


def test_a_running_import_shows_rows_done_of_the_total_on_the_page_and_in_the_api(db, editor, client):
    job = imports.import_job_create(
        file=io.BytesIO(body_of(GOOD_ROWS)), actor=editor, name="big.jsonl", fmt="jsonl", enqueue=False
    )
    ImportJob.objects.filter(pk=job.pk).update(status="running", total_rows=4504, rows_done=2000)
    client.force_login(editor)

    html = client.get(f"/claims/import/{job.pk}/").content.decode()

    assert "Importing: <span data-rows-done>2000</span> of <span data-rows-total>4504</span> rows" in html
    assert '<progress id="import-bar" max="4504" value="2000">44%</progress>' in html
    assert 'hx-trigger="every 1s"' in html  # still running: the page keeps asking
    body = token(editor).get(f"/api/v1/imports/{job.pk}/").json()
    assert (body["status"], body["rows_done"], body["total_rows"], body["percent_done"]) == (
        "running",
        2000,
        4504,
        44,
    )


def test_a_running_import_page_polls_and_a_bad_upload_stays_beside_the_field(db, editor, client):
    client.force_login(editor)
    job = imports.import_job_create(
        file=io.BytesIO(body_of(GOOD_ROWS)), actor=editor, name="queued.jsonl", fmt="jsonl", enqueue=False
    )
    html = client.get(f"/claims/import/{job.pk}/").content.decode()
    assert "Waiting for the worker to start the import" in html and 'hx-trigger="every 1s"' in html

    empty = io.BytesIO(b"")
    empty.name = "empty.jsonl"
    response = client.post("/claims/import/", {"file": empty})
    assert response.status_code == 400
    assert "The submitted file is empty." in response.content.decode()


def test_imported_appearances_with_a_url_are_queued_for_archiving(
    db, editor, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.EVIDENCE_ARCHIVING = True
    path = write_jsonl(tmp_path / "claims.jsonl", GOOD_ROWS)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert run_import(path, editor)[0] == 0

    archiving = [c for c in queued if getattr(c, "func", None) is imports._archive_appearances]
    assert len(archiving) == 1
    (ids,) = archiving[0].args
    assert ids == list(Appearance.objects.exclude(url="").values_list("pk", flat=True))
    assert len(ids) == 1  # only the first row has an appearance URL


@pytest.mark.parametrize("role", ["editor", "admin_member", "reviewer", "checker"])
def test_admins_and_editors_import_and_the_others_may_not(db, role, request):
    member = request.getfixturevalue(role)

    response = token(member).generic("POST", "/api/v1/imports/", body_of(GOOD_ROWS), "application/x-ndjson")

    if role in ("editor", "admin_member"):
        assert response.status_code == 202, response.content
        assert ImportJob.objects.get().created_by == member
    else:
        assert response.status_code == 403
        assert response["Content-Type"].startswith("application/problem+json")
        assert not ImportJob.objects.exists()
