"""Admin for booths (gerai) with their counters (loket), counters, their attendance
(sessions and pauses) and devices."""

import datetime as dt

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agencies.admin import BoothListFilter
from agencies.models import Booth
from counters.devices import device_last_seen
from counters.models import (
    Counter,
    CounterPause,
    CounterSession,
    Device,
    new_device_token,
)
from mpp.lib.admin import ReadOnlyAdminMixin

# The counter page shows recent attendance only; the full history is on the session list.
RECENT_SESSION_DAYS = 30


class CounterInline(admin.TabularInline):
    model = Counter
    fields = ("number", "label", "services", "is_active")
    autocomplete_fields = ("services",)
    extra = 0
    show_change_link = True


@admin.register(Booth)
class BoothAdmin(admin.ModelAdmin):
    list_display = ("label", "agency", "floor", "counter_count")
    list_filter = ("floor", "agency")
    list_select_related = ("agency",)
    search_fields = ("label", "agency__name", "agency__code")
    autocomplete_fields = ("agency",)
    inlines = (CounterInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Booth]:
        return super().get_queryset(request).annotate(counter_total=Count("counters"))

    @admin.display(description=_("jumlah loket"), ordering="counter_total")
    def counter_count(self, obj: Booth) -> int:
        return obj.counter_total


def _minutes(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    if start is None:
        return None
    return int(((end or timezone.now()) - start).total_seconds() // 60)


class OpenListFilter(admin.SimpleListFilter):
    """Still open (no end time) or finished; `end_field` names the end column."""

    title = _("status")
    parameter_name = "open"
    end_field = "closed_at"

    def lookups(self, request, model_admin):
        return [("yes", _("Masih berjalan")), ("no", _("Sudah berakhir"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{f"{self.end_field}__isnull": self.value() == "yes"})
        return queryset


class PauseOpenListFilter(OpenListFilter):
    end_field = "ended_at"


class CounterSessionInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Attendance is written by counter_open/counter_close: shown, never edited here."""

    model = CounterSession
    verbose_name_plural = _("sesi loket (30 hari terakhir)")
    fields = ("officer", "opened_at", "closed_at")
    readonly_fields = fields
    ordering = ("-opened_at",)
    extra = 0
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[CounterSession]:
        since = timezone.now() - dt.timedelta(days=RECENT_SESSION_DAYS)
        return super().get_queryset(request).filter(opened_at__gte=since).select_related("officer")


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ("number", "label", "booth", "agency", "is_active")
    list_display_links = ("number", "label")
    list_filter = ("is_active", "booth__agency", ("booth", BoothListFilter))
    list_select_related = ("booth__agency",)
    search_fields = ("label", "booth__label", "booth__agency__name")
    autocomplete_fields = ("booth",)
    filter_horizontal = ("services",)
    inlines = (CounterSessionInline,)

    @admin.display(description=_("instansi"), ordering="booth__agency__name")
    def agency(self, obj: Counter) -> str:
        return obj.booth.agency.name


class CounterPauseInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CounterPause
    fields = ("reason", "started_at", "ended_at")
    readonly_fields = fields
    ordering = ("started_at",)
    extra = 0


# Attendance, breaks, alerts and closure decisions are written by the services (console,
# booth scan, dashboard), which also publish them live and log them: read-only here.
@admin.register(CounterSession)
class CounterSessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("counter", "agency", "officer", "opened_at", "closed_at", "duration")
    list_filter = (OpenListFilter, "counter__booth__agency", "counter")
    list_select_related = ("counter__booth__agency", "officer")
    search_fields = ("counter__label", "officer__username", "officer__first_name")
    autocomplete_fields = ("counter", "officer")
    date_hierarchy = "opened_at"
    inlines = (CounterPauseInline,)

    @admin.display(description=_("instansi"), ordering="counter__booth__agency__name")
    def agency(self, obj: CounterSession) -> str:
        return obj.counter.booth.agency.name

    @admin.display(description=_("durasi (menit)"))
    def duration(self, obj: CounterSession) -> int | None:
        return _minutes(obj.opened_at, obj.closed_at)


@admin.register(CounterPause)
class CounterPauseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("reason", "counter", "officer", "started_at", "ended_at", "duration")
    list_filter = (PauseOpenListFilter, "session__counter__booth__agency", "session__counter")
    list_select_related = ("session__counter", "session__officer")
    search_fields = ("reason", "session__counter__label", "session__officer__username")
    autocomplete_fields = ("session",)
    date_hierarchy = "started_at"

    @admin.display(description=_("loket"), ordering="session__counter__number")
    def counter(self, obj: CounterPause) -> str:
        return str(obj.session.counter)

    @admin.display(description=_("petugas"), ordering="session__officer__username")
    def officer(self, obj: CounterPause) -> str:
        return obj.session.officer.get_username()

    @admin.display(description=_("durasi (menit)"))
    def duration(self, obj: CounterPause) -> int | None:
        return _minutes(obj.started_at, obj.ended_at)


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    """Lobby displays and kiosks allowed to send heartbeats (counters/devices.py).

    Open the setup address once on the device; revoke a lost or replaced one here."""

    list_display = ("label", "kind", "active", "last_seen", "created_at")
    list_filter = ("kind", "active")
    search_fields = ("label",)
    fields = ("kind", "label", "active", "setup_url", "created_at")
    readonly_fields = ("setup_url", "created_at")
    actions = ("revoke", "new_token")

    @admin.display(description=_("alamat penyiapan"))
    def setup_url(self, obj: Device) -> str:
        if not obj.pk:
            return str(_("Tampil setelah disimpan."))
        page = "/display/" if obj.kind == Device.Kind.DISPLAY else "/kiosk/"
        return f"{page}?device={obj.token}"

    @admin.display(description=_("detak terakhir"))
    def last_seen(self, obj: Device) -> str:

        last = device_last_seen(device=obj)
        if last is None:
            return "-"
        at = timezone.localtime(dt.datetime.fromtimestamp(last, tz=dt.UTC))
        return at.strftime("%Y-%m-%d %H:%M")

    @admin.action(description=_("Cabut perangkat terpilih"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Device]) -> None:
        count = queryset.filter(active=True).update(active=False)
        message = ngettext("%d perangkat dicabut.", "%d perangkat dicabut.", count) % count
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Buat token baru (alamat lama berhenti berlaku)"))
    def new_token(self, request: HttpRequest, queryset: QuerySet[Device]) -> None:
        for device in queryset:
            device.token = new_device_token()
            device.save(update_fields=["token"])
        self.message_user(request, _("Token baru dibuat; buka alamat penyiapan baru di perangkat."))
