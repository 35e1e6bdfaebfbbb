import os

from celery import Celery
from kombu import Exchange, Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

# Every queue the project uses is declared, so a plain `celery -A factcheck worker`
# consumes them all; production may run one worker per queue with -Q.
QUEUE_NAMES = ("default", "fetch", "webhooks", "matching")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue(name, Exchange(name, type="direct"), routing_key=name) for name in QUEUE_NAMES]
app.autodiscover_tasks()
