"""Who may use the kiosk and counter endpoints, by the user's role."""

from agencies.models import User
from mpp.lib.api import _RolePermission

KIOSK_ROLES = {User.Role.KIOSK, User.Role.OFFICER, User.Role.MANAGER, User.Role.ADMIN}
COUNTER_ROLES = {User.Role.OFFICER, User.Role.MANAGER, User.Role.ADMIN}


class IsKioskOrStaff(_RolePermission):
    roles = KIOSK_ROLES


class IsCounterStaff(_RolePermission):
    roles = COUNTER_ROLES
