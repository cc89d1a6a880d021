"""The web UI (viewflow frontend)."""

urlpatterns = []
