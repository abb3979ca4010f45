"""Small shared pieces for the API views: a permission by role and query parsing.

The roles each endpoint takes are the apps' (agencies/api/permissions.py)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers


class _RolePermission(permissions.BasePermission):
    roles: set[str] = set()
    message = _("Peran Anda tidak diizinkan memakai layanan ini.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and (user.is_superuser or user.role in self.roles)
        )


class _Query(serializers.Serializer):
    """Query-string parsing with the same 400 field errors as bodies."""


class AgencyQuery(_Query):
    agency = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)


class DateQuery(_Query):
    date = serializers.DateField(required=False)


def parse_query(serializer_class: type[serializers.Serializer], request) -> dict:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


def today_or(value: dt.date | None) -> dt.date:
    return value or timezone.localdate()


def labelled_errors(detail: Any, labels: Mapping[str, str]) -> list[str]:
    """A serializer's errors for a page: "Label: message" lines, the label being what the
    form shows next to the field, never the parameter name (date_from). The API itself
    keeps the keys; a field without a label gives its message alone."""
    detail = detail if isinstance(detail, Mapping) else {"": detail}
    messages = []
    for name, problems in detail.items():
        label = labels.get(name, "")
        for problem in problems if isinstance(problems, list) else [problems]:
            messages.append(f"{label}: {problem}" if label else str(problem))
    return messages
