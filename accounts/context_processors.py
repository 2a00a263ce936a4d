from . import roles as role_helpers
from .enums import Role


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    primary = role_helpers.primary(user)
    return {
        "user_roles": role_helpers.roles(user),
        "user_primary_membership": primary,
        "user_primary_role_label": Role(primary.role).label if primary else "",
    }
