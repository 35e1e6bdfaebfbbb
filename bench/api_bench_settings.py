"""Settings for bench/api_bench.py's gunicorn: the product's settings, plus the ceiling endpoint's URL conf.

Only the benchmark uses this module; production URLs are untouched.
"""

from factcheck.settings import *  # noqa: F403 - the product's settings, unchanged but for the URL conf

ROOT_URLCONF = "bench.api_bench_urls"
