"""The HTTP API of API.md, collected from the apps."""

urlpatterns = []
