"""Pages of a plain JSON list: the answer keeps a documented list shape (`[…]`), while the count and
the neighbouring pages travel in headers, as many APIs do (X-Total-Count, Link with rel next/prev).

Used where docs/API.md promises a list rather than DRF's page object {count, next, previous, results}."""

from drf_spectacular.utils import OpenApiParameter
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

# The page parameter, for views that page by hand (drf-spectacular adds it itself to list views).
PAGE_NUMBER = OpenApiParameter("page", int, OpenApiParameter.QUERY, description="Số trang, từ 1.")
PAGE_HEADERS = [
    OpenApiParameter("X-Total-Count", int, OpenApiParameter.HEADER, response=[200], description="Tổng số mục của mọi trang."),
    OpenApiParameter(
        "Link", str, OpenApiParameter.HEADER, response=[200], description='Các trang bên cạnh: <url>; rel="next", <url>; rel="prev".'
    ),
]


class ListInHeadersPagination(PageNumberPagination):
    page_size = 200

    def get_paginated_response(self, data):
        response = Response(data)
        response["X-Total-Count"] = str(self.page.paginator.count)
        links = [f'<{url}>; rel="{rel}"' for url, rel in ((self.get_next_link(), "next"), (self.get_previous_link(), "prev")) if url]
        if links:
            response["Link"] = ", ".join(links)
        return response

    def get_paginated_response_schema(self, schema):
        return schema  # the list itself; the headers are declared with PAGE_HEADERS
