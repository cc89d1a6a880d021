"""Typed refusals. The API turns them into 403 / 409 / 400, the UI into a Vietnamese message.

A refusal is raised before anything is written, inside the transaction, so it changes nothing.
"""


class Refusal(Exception):
    status = 400
    code = "refused"

    def __init__(self, message, reasons=None, errors=None):
        super().__init__(message)
        self.message = str(message)
        self.reasons = [str(r) for r in (reasons or [])]
        self.errors = errors or {}

    def as_dict(self):
        data = {"detail": self.message, "code": self.code}
        if self.reasons:
            data["reasons"] = self.reasons
        if self.errors:
            data["errors"] = {k: [str(m) for m in v] for k, v in self.errors.items()}
        return data


class NotPermitted(Refusal):
    """This user may not do this to this plan (403)."""

    status = 403
    code = "not_permitted"


class WrongState(Refusal):
    """Not possible in the plan's current state, or a concurrent change won (409)."""

    status = 409
    code = "wrong_state"


class ConditionsUnmet(Refusal):
    """The action's conditions are not met; `reasons` lists each one (400)."""

    status = 400
    code = "conditions_unmet"


class InvalidInput(Refusal):
    """The request itself is invalid; `errors` maps fields to messages (400)."""

    status = 400
    code = "invalid"
