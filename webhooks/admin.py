"""Admin for outbound webhooks: endpoints (URL, secret, event types, active), a
"send test event" action, and the delivery log, read-only."""

from django import forms
from django.contrib import admin, messages
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mpp.lib.admin import ReadOnlyAdminMixin
from webhooks import services
from webhooks.models import Delivery, Endpoint, EventType

SUBSCRIBABLE = [(value, label) for value, label in EventType.choices if value != EventType.TEST]


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Hanya http:// atau https://."),
    )
    event_types = forms.MultipleChoiceField(
        label=_("jenis peristiwa"),
        choices=SUBSCRIBABLE,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Endpoint
        fields = ("url", "secret", "event_types", "is_active", "description")


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ("url", "is_active", "types", "description", "created_at")
    list_filter = ("is_active",)
    search_fields = ("url", "description")
    actions = ["send_test_event"]

    @admin.display(description=_("jenis peristiwa"))
    def types(self, obj: Endpoint) -> str:
        return ", ".join(obj.event_types)

    @admin.action(description=_("Kirim peristiwa uji coba"))
    def send_test_event(self, request, queryset) -> None:
        for endpoint in queryset:
            services.webhook_send_test(endpoint=endpoint)
        count = queryset.count()
        message = ngettext(
            "Peristiwa uji coba diantrekan untuk %(count)d tujuan; lihat log pengiriman.",
            "Peristiwa uji coba diantrekan untuk %(count)d tujuan; lihat log pengiriman.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "event_type",
        "endpoint",
        "status",
        "attempts",
        "response_code",
        "duration_ms",
        "error",
    )
    list_filter = ("status", "event_type", "endpoint")
    list_select_related = ("endpoint",)
    search_fields = ("event_id", "endpoint__url")
    date_hierarchy = "created_at"
    fields = (
        "endpoint",
        "event_id",
        "event_type",
        "status",
        "attempts",
        "response_code",
        "duration_ms",
        "error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "body",
    )
    readonly_fields = fields
