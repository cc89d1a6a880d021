"""The plan's page, its action pages and the approval desk (namespace plans:), and the actions
over the API (docs/API.md "Actions")."""

from django.urls import path

from . import api, device_api, inbox_views, views

urlpatterns = [
    path("<int:pk>/", views.plan_page, name="detail"),
    path("<int:pk>/actions/<slug:action>/", views.plan_action, name="action"),
    # the approval desk: my tasks, my queue, what I finished
    path("tasks/", inbox_views.inbox, name="inbox"),
    path("tasks/queue/", inbox_views.queue, name="queue"),
    path("tasks/done/", inbox_views.archive, name="archive"),
    path("tasks/<int:task_pk>/", inbox_views.open_task, name="task"),
    path("tasks/<int:task_pk>/take/", inbox_views.take_task, name="take_task"),
]

api_urlpatterns = [
    path("inbox/", api.InboxView.as_view(), name="api-inbox"),
    path("plans/<int:pk>/actions/", api.ActionListView.as_view(), name="api-plan-actions"),
    path("plans/<int:pk>/actions/<str:name>/", api.ActionPerformView.as_view(), name="api-plan-action"),
    path("plans/<int:pk>/sign/prepare/", device_api.SignPrepareView.as_view(), name="api-plan-sign-prepare"),
    path("plans/<int:pk>/sign/complete/", device_api.SignCompleteView.as_view(), name="api-plan-sign-complete"),
]
