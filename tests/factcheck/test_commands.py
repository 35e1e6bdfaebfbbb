"""Every management command of the project answers a wrong argument with one line and exit status 2."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.database import subprocess_database_url

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["import_claims"], "the following arguments are required: file, --user"),
        (["import_claims", "x.jsonl", "--user", "erin", "--format", "xml"], "argument --format: invalid"),
        (["export_claims", "--format", "pdf"], "argument --format: invalid choice: 'pdf'"),
        (["recheck_links", "--older-than", "soon"], "argument --older-than: invalid"),
        (["create_api_token", "--user", "erin"], "the following arguments are required: --scopes"),
        (["create_member", "ann"], "the following arguments are required: --role"),
        (["seed_demo", "--bogus"], "unrecognized arguments: --bogus"),
        (["housekeeping", "--days", "3"], "unrecognized arguments: --days 3"),
    ],
)
def test_a_wrong_argument_is_one_line_and_exit_2(argv, says):
    result = subprocess.run(
        [sys.executable, "manage.py", *argv],
        cwd=BASE_DIR,
        env=os.environ | {"DATABASE_URL": subprocess_database_url()},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("CommandError: ") and says in lines[0] and lines[0].endswith("(see --help)")
    assert result.stdout == ""
