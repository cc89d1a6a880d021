"""simple-history's `Model.history` descriptor, with its manager class made once per model.

django-simple-history 3.13's HistoryDescriptor calls `HistoryManager.from_queryset(...)` on every
access, which builds a new class (inspect.getmembers over QuerySet) each time; and it is accessed
on every save of a tracked model, to write the historical row. That was ~6 % of a transition's
Python CPU (issue 21). The manager each access returns is the same as before, a new instance for
the model and instance asked; only its class is reused.
"""

from django.apps import apps
from simple_history.manager import HistoryDescriptor


class HistoryDescriptorOnce(HistoryDescriptor):
    def __init__(self, model, manager, queryset):
        super().__init__(model, manager=manager, queryset=queryset)
        self.manager_with_queryset = manager.from_queryset(queryset)

    def __get__(self, instance, owner):
        return self.manager_with_queryset(self.model, instance)


def reuse_history_manager_classes():
    """Put HistoryDescriptorOnce on every model simple-history tracks (AuditConfig.ready)."""
    for model in apps.get_models():
        name = getattr(model._meta, "simple_history_manager_attribute", None)
        descriptor = model.__dict__.get(name) if name else None
        if type(descriptor) is HistoryDescriptor:
            setattr(model, name, HistoryDescriptorOnce(descriptor.model, descriptor.manager_class, descriptor.queryset_class))
