"""Review comments: the forms of the plan page (namespace plans:) and the API."""

from django.urls import path

from . import api, pki_views, views

urlpatterns = [
    path("<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("<int:pk>/comments/<int:comment_id>/reply/", views.comment_reply, name="comment_reply"),
    path("<int:pk>/comments/<int:comment_id>/resolve/", views.comment_resolve, name="comment_resolve"),
]

api_urlpatterns = [
    path("plans/<int:pk>/comments/", api.PlanCommentsView.as_view(), name="api-plan-comments"),
    path("comments/<int:pk>/replies/", api.CommentRepliesView.as_view(), name="api-comment-replies"),
    path("comments/<int:pk>/resolve/", api.CommentResolveView.as_view(), name="api-comment-resolve"),
]

# Public, outside /plans/ and /api/ (config.urls mounts them under /pki/).
pki_urlpatterns = [
    path("crl/<str:purpose>.crl", pki_views.crl, name="pki-crl"),
]
