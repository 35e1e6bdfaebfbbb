import os
import sys

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

# Production serves hashed static files from the manifest that `collectstatic` writes. Without it every
# page would fail on its first {% static %}: refuse to start instead, with one line that says what to do.
if not settings.DEBUG and not (settings.STATIC_ROOT / "staticfiles.json").exists():
    print(
        f"[factcheck] error: no static files in STATIC_ROOT ({settings.STATIC_ROOT}): "
        "run `python manage.py collectstatic --noinput` before starting the web server",
        file=sys.stderr,
        flush=True,
    )
    sys.exit(3)

application = get_wsgi_application()

# Each app may load what it needs before the first request (start_check), and refuse to start if it
# cannot: one line naming the cause at start, not a traceback at the first query.
if settings.PROCESS_START_CHECKS:
    from django.apps import apps

    for config in apps.get_app_configs():
        if hasattr(config, "start_check"):
            config.start_check("web server")
