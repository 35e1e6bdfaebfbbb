"""A URLconf for tests: the real one plus an API path whose view fails, to see what a 500 looks like."""

from django.urls import path

from factcheck.urls import urlpatterns as real_urlpatterns


def fail(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("api/v1/failing/", fail), path("failing/", fail), *real_urlpatterns]
