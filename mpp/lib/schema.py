"""OpenAPI schema (drf-spectacular): every operation documents its error responses.

API.md: every error is a 4xx `{"detail", "code"}` (or DRF's `{"field": ["message"]}`
for invalid input), and an outage is a 503 `{"detail", "code": "unavailable"}`. Views
declare their successes (and any error with a body of its own); this adds the shared
errors each operation can give, so API clients see them without reading the code.
"""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    """An error: a translated message and a stable machine-readable code."""

    detail = serializers.CharField(help_text="Pesan dalam bahasa Accept-Language (id/en).")
    code = serializers.CharField(help_text="e.g. not_found, permission_denied, unavailable")


# DRF's field errors (`{"date": ["..."]}`) or an application error `{detail, code}`.
INVALID_INPUT = {
    "oneOf": [
        {"$ref": "#/components/schemas/Error"},
        {
            "type": "object",
            "description": "Each invalid field with its messages.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    ]
}


def _error(description: str, serializer: Any = ErrorSerializer) -> OpenApiResponse:
    return OpenApiResponse(response=serializer, description=description)


class AutoSchema(BaseAutoSchema):
    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, error in self._shared_errors().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(error, code, direction=direction)
        return responses

    def _shared_errors(self) -> dict[str, OpenApiResponse]:
        errors: dict[str, OpenApiResponse] = {}
        takes_input = self.method in ("POST", "PUT", "PATCH") or self.get_override_parameters()
        if takes_input or self._get_filter_parameters():
            errors["400"] = _error(
                "Invalid input: field errors, or `{detail, code}`.", INVALID_INPUT
            )
        if self._may_refuse():
            errors["401"] = _error("Not authenticated (log in, or send a token).")
            errors["403"] = _error("Not allowed for this role or agency.")
        if "{" in self.path:
            errors["404"] = _error("No such object, or one you may not see.")
        errors["429"] = _error("Too many requests: try again later.")
        errors["503"] = _error("Database or Redis unreachable (`code: unavailable`).")
        return errors

    def _may_refuse(self) -> bool:
        classes = [type(p) for p in self.view.get_permissions()]
        return any(c is not permissions.AllowAny for c in classes)


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    """`Authorization: Device <token>` of a registered display or kiosk."""

    target_class = "counters.api.views.DeviceTokenAuthentication"
    name = "deviceToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Device <token> (the token of the device's setup address)",
        }
