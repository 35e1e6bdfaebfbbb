"""The app served by a real WSGI server (gunicorn on loopback) against the test database.

Django's test client always declares a Content-Length and reads nothing from a socket; only a real
server shows what is refused before a body arrives, and how a chunked body is read.
"""

from contextlib import contextmanager
from pathlib import Path

from tests import servers


@contextmanager
def gunicorn(data_dir: Path, **environment: str):
    """Serve the app on a free loopback port (yielded) with these environment variables added."""
    with servers.gunicorn(servers.server_environment(data_dir, DEBUG="true", **environment)) as port:
        yield port
