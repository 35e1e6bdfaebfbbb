"""The product's URLs plus a bare DRF endpoint: the ceiling bench/api_bench.py measures the API against."""

from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.urls import urlpatterns as product_urlpatterns


class Ok(APIView):
    """DRF with nothing to do: no authentication, permission, throttling or database."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("bench/ok/", Ok.as_view()), *product_urlpatterns]
