"""The menu's "Sổ văn bản đi" / "Văn bản đến" links, asked only when the menu shows them."""

from functools import cache

from accounts.roles import memberships
from plans.selectors import ISSUING_BODY_ROLES


def register_menu(request):
    user = getattr(request, "user", None)

    @cache
    def keeps_register():
        """True when the user is of an issuing body (its register is theirs to read)."""
        return bool(user and user.is_authenticated and any(m.role in ISSUING_BODY_ROLES for m in memberships(user)))

    return {"keeps_register": keeps_register}
