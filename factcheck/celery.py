import os

from celery import Celery, signals
from kombu import Exchange, Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

# Every queue the project uses is declared, so a plain `celery -A factcheck worker`
# consumes them all; production may run one worker per queue with -Q.
QUEUE_NAMES = ("default", "fetch", "webhooks", "matching")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue(name, Exchange(name, type="direct"), routing_key=name) for name in QUEUE_NAMES]
app.autodiscover_tasks()


@signals.worker_init.connect
def _apps_start_check(sender=None, **kwargs) -> None:
    """Each app may load what it needs before the first task (start_check) and refuse to start if it
    cannot (settings.PROCESS_START_CHECKS)."""
    from django.apps import apps
    from django.conf import settings

    if settings.PROCESS_START_CHECKS:
        for config in apps.get_app_configs():
            if hasattr(config, "start_check"):
                config.start_check("worker")
