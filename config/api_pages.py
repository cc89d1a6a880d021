"""Pages of a plain JSON list: the answer keeps a documented list shape (`[…]`), while the count and
the neighbouring pages travel in headers, as many APIs do (X-Total-Count, Link with rel next/prev).

ListInHeadersPagination is used where docs/API.md promises a list rather than DRF's page object
{count, next, previous, results}; CountInPagePagination keeps the page object and reads it in one query."""

from collections.abc import Callable
from typing import NamedTuple

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window
from django.utils.functional import cached_property
from drf_spectacular.utils import OpenApiParameter
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from config.compiled_queries import CompiledQuerysets

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


class CountInPagePaginator(Paginator):
    """A Paginator that reads a page and the count of every page in one query (COUNT(*) OVER ()),
    where Django's reads the count first and then the page.

    Worth it where the database reads every matching row anyway to sort them before the page's
    LIMIT, as for a user's visible plans (plans.selectors.visible_plans: ~1,000 ids at 100k plans,
    read and sorted for each page): one pass instead of two (bench/NOTES.md, the mixed load). Where
    an index gives the first rows of the order without reading the rest (a superuser's list of every
    plan), the separate count is cheaper: see CountInPagePagination. An empty page falls back to
    Django's count, so the errors for a page past the end stay Django's own."""

    def __init__(self, object_list, per_page, **kwargs):
        self.listing = object_list if isinstance(object_list, Listing) else None
        super().__init__([] if self.listing else object_list, per_page, **kwargs)

    @cached_property
    def count(self):
        return self.listing.build().count() if self.listing else super().count

    def page(self, number):
        if "count" in self.__dict__:  # already counted (DRF's page=last)
            return self._counted_page(number)
        number = self._number_without_count(number)
        bottom = (number - 1) * self.per_page
        rows = self._rows(bottom, bottom + self.per_page)
        if rows:
            self.count = getattr(rows[0], COUNT_IN_PAGE)
        elif number == 1:
            self.count = 0  # nothing at all: page 1 is an empty page, as with Django's paginator
        else:
            self.validate_number(number)  # past the end: Django's count and its EmptyPage
        return self._get_page(rows, number, self)

    def _with_count(self, queryset):
        return queryset.annotate(**{COUNT_IN_PAGE: Window(Count("*"))})

    def _rows(self, bottom, top):
        """The rows of one page, each with the count of every page; a Listing's SQL is kept per page."""
        if self.listing is None:
            return list(self._with_count(self.object_list)[bottom:top])

        def build_page():
            page = self.listing.page(bottom, top) if self.listing.page is not None else None
            return self._with_count(self.listing.build())[bottom:top] if page is None else page

        return LISTING_PAGES.instances((*self.listing.key, bottom, top), build_page)

    def _counted_page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self._rows(bottom, bottom + self.per_page), number, self)

    def _number_without_count(self, number):
        """Paginator.validate_number's checks that need no count."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number


COUNT_IN_PAGE = "count_of_every_page"


class Listing(NamedTuple):
    """A list for CountInPagePaginator whose queryset is built only when the page asked for is not
    compiled yet in this process (config.compiled_queries.CompiledQuerysets): building and compiling
    a user's visible plans with their filters was half the plan list's Python (issue 21). `key`
    names everything `build` and `page` make their querysets from.

    `build()`: the whole list (sorted and counted whole for a page, or counted alone for page=last or
    past the end); `page(bottom, top)`: its rows bottom..top, each annotated COUNT_IN_PAGE, where the
    list has a cheaper way to them than sorting the whole (plans.selectors.visible_page), else None."""

    key: tuple
    build: Callable[[], QuerySet]
    page: Callable[[int, int], QuerySet] | None = None


LISTING_PAGES = CompiledQuerysets(size=512)


class CountInPagePagination(PageNumberPagination):
    """DRF's page object ({count, next, previous, results}), read with CountInPagePaginator unless
    the view's `count_in_page(request)` says the separate count is cheaper for this request."""

    def paginate_queryset(self, queryset, request, view=None):
        wanted = getattr(view, "count_in_page", None)
        self.django_paginator_class = CountInPagePaginator if wanted is None or wanted(request) else Paginator
        return super().paginate_queryset(queryset, request, view)
