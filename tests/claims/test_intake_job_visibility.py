"""Who sees an article being read from a URL: one rule (`intake_jobs_visible_to`) for page and API."""

import pytest

from claims.models import IntakeJob

pytestmark = pytest.mark.django_db


def _status(client, member, path):
    client.force_login(member)
    return client.get(path).status_code


@pytest.mark.parametrize("path", ["/intake/jobs/{pk}/", "/api/v1/intake/jobs/{pk}/"])
def test_a_member_sees_their_own_job_and_an_editor_sees_everyones(
    client, checker, other_checker, editor, path
):
    job = IntakeJob.objects.create(url="https://example.org/speech", created_by=checker)
    url = path.format(pk=job.pk)

    assert _status(client, checker, url) == 200
    assert _status(client, other_checker, url) == 404
    assert _status(client, editor, url) == 200
