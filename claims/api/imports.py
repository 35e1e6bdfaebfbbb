"""Bulk imports over the API: POST a file, then follow the job's progress (editors and admins).

    POST /api/v1/imports/          the file as the body (Content-Type text/csv, application/x-ndjson,
                                   application/ld+json), or multipart/form-data with a `file` part;
                                   ?file_format= and ?filename= are optional. 202 with the job.
    GET  /api/v1/imports/          the jobs, newest first
    GET  /api/v1/imports/{id}/     one job: status, rows done of the total, counts, the bad rows

The body is streamed to a file, never parsed as JSON here: the import reads it
in the worker (claims.imports.jobs). Sending the same file twice makes a second
job that creates nothing new.
"""

import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.imports import jobs as imports
from claims.models import ImportFormat, ImportJob
from factcheck.api.calls import caller_context
from factcheck.api.input import refuse_unknown_query_parameters, text_query_parameter
from factcheck.api.pagination import IdCursorPagination

READ_CHUNK = 64 * 1024


class ImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    reason = serializers.CharField()


class ImportJobSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username")
    percent_done = serializers.IntegerField()
    errors = ImportErrorSerializer(many=True, help_text="The first 1000 bad rows, by line number")
    url = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "url",
            "format",
            "original_name",
            "status",
            "total_rows",
            "rows_done",
            "percent_done",
            "created_count",
            "skipped_count",
            "error_count",
            "errors",
            "error",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_url(self, job) -> str:
        return f"/api/v1/imports/{job.pk}/"


FORMAT = OpenApiParameter(
    "file_format",
    str,
    enum=ImportFormat.values,
    description="The file's format (default: told from the content type)",
)
FILENAME = OpenApiParameter("filename", str, description="The file's name, shown with the job")


class ImportListView(generics.GenericAPIView):
    """Import claims from a file (JSON Lines, CSV, ClaimReview JSON-LD or DataFeed), or list the imports."""

    required_scopes = {"GET": "claims:read", "POST": "claims:write"}
    serializer_class = ImportJobSerializer
    pagination_class = IdCursorPagination
    queryset = ImportJob.objects.none()  # for the schema; the selector answers

    @extend_schema(operation_id="imports_list", responses=ImportJobSerializer(many=True))
    def get(self, request):
        refuse_unknown_query_parameters(request, ["cursor", "page_size"])
        page = self.paginate_queryset(imports.import_job_list(actor=request.user))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="imports_create",
        request={
            "application/x-ndjson": OpenApiTypes.BINARY,
            "text/csv": OpenApiTypes.BINARY,
            "application/ld+json": OpenApiTypes.BINARY,
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            },
        },
        parameters=[FORMAT, FILENAME],
        responses={202: ImportJobSerializer},
    )
    def post(self, request):
        refuse_unknown_query_parameters(request, ["file_format", "filename"])
        fmt = request.query_params.get("file_format", "")
        name = text_query_parameter(request, "filename", max_length=255)
        django_request = request._request
        content_type = django_request.content_type or ""
        if content_type == "multipart/form-data":
            upload = django_request.FILES.get("file")
            if upload is None:
                raise ValidationError({"file": "Send the file as the part named “file”."})
            with caller_context(request):
                job = imports.import_job_create(
                    file=upload, actor=request.user, name=name or upload.name, fmt=fmt, content_type=""
                )
        else:
            with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as body:
                size = 0
                while chunk := django_request.read(READ_CHUNK):
                    size += len(chunk)
                    if size > settings.IMPORT_MAX_BYTES:
                        raise ValidationError(
                            {"file": f"The file is over {settings.IMPORT_MAX_BYTES:,} bytes."}
                        )
                    body.write(chunk)
                body.seek(0)
                with caller_context(request):
                    job = imports.import_job_create(
                        file=File(body, name=name or "upload"),
                        actor=request.user,
                        name=name,
                        fmt=fmt,
                        content_type=content_type,
                    )
        response = Response(ImportJobSerializer(job).data, status=202)
        response["Location"] = f"/api/v1/imports/{job.pk}/"
        return response


class ImportDetailView(APIView):
    """One import: its status, rows done of the total, what it created and skipped, and its bad rows."""

    required_scopes = {"GET": "claims:read"}

    @extend_schema(operation_id="imports_retrieve", responses=ImportJobSerializer)
    def get(self, request, pk):
        try:
            job = imports.import_job_get(pk=pk, actor=request.user)
        except ImportJob.DoesNotExist:
            raise NotFound(f"No import {pk}.") from None
        return Response(ImportJobSerializer(job).data)
