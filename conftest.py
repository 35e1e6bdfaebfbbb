"""Suite-wide rules: in CI a skipped test is a failure, never a silent pass."""

import os

import pytest

# Web and worker processes the tests start load no matching model at start-up (tests of that check
# turn it on for their own process): the first query that needs it loads it.
os.environ.setdefault("PROCESS_START_CHECKS", "false")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if os.environ.get("CI") and skipped and exitstatus == 0:
        reporter.write_line(
            f"CI allows no skipped tests: {len(skipped)} skipped; make them run or remove them.", red=True
        )
        session.exitstatus = 1
