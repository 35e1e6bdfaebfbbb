"""GET /api/v1/evidence/link-problems/: evidence of published fact-checks whose link is gone or changed."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from evidence.api.archive import LinkProblemSerializer
from evidence.models import Evidence
from evidence.selectors import evidence_link_problems
from factcheck.api.input import refuse_unknown_query_parameters
from factcheck.api.pagination import IdCursorPagination


class LinkProblemListView(generics.GenericAPIView):
    """What a corrections desk must look at: a link check found the page gone or its content changed.

    Only evidence of claims with a publication is listed, newest evidence first.
    """

    required_scopes = {"GET": "claims:read"}
    serializer_class = LinkProblemSerializer
    pagination_class = IdCursorPagination
    queryset = Evidence.objects.none()  # for the schema; the selector answers

    @extend_schema(operation_id="evidence_link_problems_list", responses=LinkProblemSerializer(many=True))
    def get(self, request):
        refuse_unknown_query_parameters(request, ["cursor", "page_size"])
        page = self.paginate_queryset(evidence_link_problems())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
