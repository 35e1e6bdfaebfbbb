"""The layering contracts (pyproject.toml, run by `make lint` in CI) hold, and break when code breaks them."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(folder / "pyproject.toml")],
        cwd=folder,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(folder)},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def copy_of_the_code(tmp_path):
    for package in ("factcheck", "claims", "evidence"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "static")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_code_keeps_every_contract(copy_of_the_code):
    result = lint_imports(copy_of_the_code)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("claims/probe.py", "from evidence import models\n"),  # claims must not use evidence
        # nor do its reads and pages (evidence registers what they show: claims.extensions)
        ("claims/selectors/probe.py", "from evidence import selectors\n"),
        ("claims/web/probe.py", "from evidence.web import forms\n"),
        ("factcheck/probe.py", "from claims import models\n"),  # the platform uses no app
    ],
)
def test_an_import_against_the_arrows_breaks_a_contract(copy_of_the_code, module, line):
    (copy_of_the_code / module).write_text(line)
    result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    assert "Apps depend only downward: evidence -> claims -> factcheck BROKEN" in result.stdout


def test_a_service_that_imports_a_view_breaks_the_interface_contract(copy_of_the_code):
    services = copy_of_the_code / "evidence" / "services" / "content.py"
    services.write_text(services.read_text() + "\nfrom evidence.web import views  # noqa\n")
    result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    assert "Interfaces depend on services and selectors, never the reverse BROKEN" in result.stdout


def test_two_modules_that_import_each_other_break_the_cycle_contract(copy_of_the_code):
    (copy_of_the_code / "claims" / "probe_a.py").write_text("from claims import probe_b  # noqa\n")
    (copy_of_the_code / "claims" / "probe_b.py").write_text("from claims import probe_a  # noqa\n")
    result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    assert "No import cycles between the modules of a package BROKEN" in result.stdout
