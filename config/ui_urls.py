"""The web UI: log in/out, then the viewflow site with the application "Kế hoạch" under /plans/."""

from django.urls import path

from accounts.views import LoginView, LogoutView
from plans.ui import site

urlpatterns = [
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("", site.urls),
]
