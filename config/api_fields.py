"""ModelSerializer fields worked out once per process (issue 21).

DRF's ModelSerializer works its fields out from the model again for every serializer made: for each
model field it reads the field's options, builds its keyword arguments and translates its label.
For the whole plan (plans.serializers.PlanSerializer, in every plan read and every action's answer)
that was about half the serializer's time. `FieldsWorkedOutOnce` keeps the first result per class
and gives each serializer a deep copy of it, as DRF itself does with the declared fields: each copy
is bound to its own serializer, so a method field still reads its own request."""

import copy


class FieldsWorkedOutOnce:
    """Mixin for a ModelSerializer whose fields depend on its class alone (not on the instance, the
    context or the request): get_fields is worked out once, then copied."""

    def get_fields(self):
        cls = type(self)
        worked_out = cls.__dict__.get("_fields_worked_out")
        if worked_out is None:
            worked_out = super().get_fields()
            cls._fields_worked_out = worked_out
        return copy.deepcopy(worked_out)
