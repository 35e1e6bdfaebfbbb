import importlib

import pytest
from celery import signals

from factcheck.roles import Role
from tests.brokers import is_redis, own_broker
from tests.factories import UserFactory
from tests.loopback import Listener
from tests.servers import production_server  # noqa: F401 (a fixture for any test module)
from tests.site import Site


@signals.setup_logging.connect
def keep_the_suites_logging(**kwargs):
    """A worker started in this process (`start_worker`) would otherwise set the root logger to
    its own level (ERROR) and drop its handlers, for every test after it: a connected receiver
    tells Celery that logging is configured already (Django's LOGGING, pytest's capture)."""


@pytest.fixture
def checker(db):
    return UserFactory(username="alice-test", role=Role.FACT_CHECKER)


@pytest.fixture
def other_checker(db):
    return UserFactory(username="carol-test", role=Role.FACT_CHECKER)


@pytest.fixture
def reviewer(db):
    return UserFactory(username="bob-test", role=Role.REVIEWER)


@pytest.fixture
def second_reviewer(db):
    return UserFactory(username="dave-test", role=Role.REVIEWER)


@pytest.fixture
def editor(db):
    return UserFactory(username="erin-test", role=Role.EDITOR)


@pytest.fixture
def admin_member(db):
    return UserFactory(username="admin-test", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def members(checker, other_checker, reviewer, second_reviewer, editor, admin_member):
    return {
        "checker": checker,
        "other_checker": other_checker,
        "reviewer": reviewer,
        "second_reviewer": second_reviewer,
        "editor": editor,
        "admin": admin_member,
    }


@pytest.fixture
def second_editor(db):
    return UserFactory(username="frank-test", role=Role.EDITOR)


@pytest.fixture
def default_rating_scale(db):
    from claims.models import RatingScale

    return RatingScale.objects.get(is_default=True)


@pytest.fixture(autouse=True)
def _default_rating_scale_after_flush(request):
    """Transactional tests flush every table after each test, the migration's rating scale too:
    put it back, as a migrated database has it."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    migration = importlib.import_module("claims.migrations.0003_default_rating_scale")
    migration.create_default_scale(apps, None)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Members are made per test; the production hasher's deliberate slowness would dominate the run.
    # The production hasher stays listed, to check passwords set by commands run as subprocesses.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _no_embedding_tasks_unless_a_test_asks(settings):
    """Saving a claim queues its embedding on the `matching` queue: no message may be left in a broker
    for some later worker, so that is off unless a test turns it on (tests/claims/test_matching_worker)."""
    settings.MATCH_EMBEDDINGS = False


@pytest.fixture(scope="session", autouse=True)
def _matching_model_loaded():
    """Web and worker processes load the matching model and the intake parser at start
    (PROCESS_START_CHECKS); the suite's own process does it once here, so no timed test pays for
    either on its first query."""
    from claims.intake import language
    from claims.matching import embedding

    embedding.model_get()
    language.pipeline_get()


@pytest.fixture(autouse=True)
def _no_archiving_unless_a_test_asks(settings):
    """Saving evidence or an appearance with a URL queues a fetch of it. The suite's made-up URLs
    (example.org ...) must never be fetched (tests reach only loopback), and no message may be left in
    a broker for some later worker: archiving is off unless a test turns it on (tests/evidence)."""
    settings.EVIDENCE_ARCHIVING = False


@pytest.fixture(autouse=True)
def broker(tmp_path_factory):
    """Every test publishes to queues of its own on the configured broker: under a key prefix of its own
    on Redis (deleted after it), in folders of its own with the filesystem transport (a laptop without
    CELERY_BROKER_URL). A message a test leaves behind never reaches a later test's worker, another
    run's, or the worker of `make run`."""
    from django.conf import settings

    if is_redis(settings.CELERY_BROKER_URL):
        with own_broker(settings.CELERY_BROKER_URL) as own:
            yield own
        return
    folder = tmp_path_factory.mktemp("broker")
    folders = {name: folder / name for name in ("queue", "processed", "control")}
    for path in folders.values():
        path.mkdir()
    with own_broker(
        "filesystem://localhost/",
        data_folder_in=str(folders["queue"]),
        data_folder_out=str(folders["queue"]),
        processed_folder=str(folders["processed"]),
        control_folder=str(folders["control"]),
        store_processed=False,
    ) as own:
        yield own


# Outbound HTTP (archiving, intake, webhooks): a loopback site named in OUTBOUND_ALLOWLIST, and a second
# loopback port standing for an internal service that must never be reached.
@pytest.fixture
def site(settings):
    server = Site()
    settings.OUTBOUND_ALLOWLIST = frozenset({("127.0.0.1", server.port)})
    yield server
    server.close()


@pytest.fixture
def internal_service():
    """A second loopback port standing for an internal service: it must never see a connection."""
    listener = Listener()
    yield listener
    listener.close()
