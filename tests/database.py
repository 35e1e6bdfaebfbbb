"""One way for a test to hand its database to a process it starts (manage.py, gunicorn, a worker, beat)."""

from urllib.parse import quote, urlencode

from django.db import connection


def subprocess_database_url(database: str | None = None, *, user: str | None = None) -> str:
    """The test database's URL with everything a libpq client needs kept: user, password, host or
    socket directory, port, name and the connection options (sslmode and the like).

    The embedded PostgreSQL listens on a socket directory, which lives in OPTIONS["host"] (or in HOST
    when it starts with "/"); a URL rebuilt from USER, HOST, PORT and NAME alone loses it.
    """
    s = connection.settings_dict
    password = "" if user else (s.get("PASSWORD") or "")
    user = quote(user or s.get("USER") or "", safe="")
    auth = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    options = {k: str(v) for k, v in (s.get("OPTIONS") or {}).items() if isinstance(v, str | int)}
    host, port = s.get("HOST") or "", str(s.get("PORT") or "")
    if host.startswith("/"):
        options["host"], host = host, ""
    if port and not host:
        options["port"], port = port, ""
    netloc = auth + host + (f":{port}" if port else "")
    query = f"?{urlencode(options)}" if options else ""
    return f"postgres://{netloc}/{quote(database or s['NAME'], safe='')}{query}"
