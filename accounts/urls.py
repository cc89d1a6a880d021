"""Logging in and out (at the site's root), and the accounts API (docs/API.md "Authentication")."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
]

api_urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
    path("me/", api.MeView.as_view(), name="api-me"),
    path("organizations/", api.OrganizationListView.as_view(), name="api-organizations"),
    path("users/", api.UserListView.as_view(), name="api-users"),
]
