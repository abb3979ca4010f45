"""Admin for the mall's catalog: agencies, services, staff, hours, closures. (Booths, with
their counters inline, are counters/admin.py.)"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Closure, Journey, JourneyStage, OpeningHours, Service, User


class _AgencyRelatedListFilter(admin.RelatedFieldListFilter):
    """Lists services or booths whose names include the agency code in one query."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        rows = field.remote_field.model._default_manager.select_related("agency")
        return [(obj.pk, str(obj)) for obj in (rows.order_by(*ordering) if ordering else rows)]


class ServiceListFilter(_AgencyRelatedListFilter):
    """For `list_filter = [("service", ServiceListFilter)]` on other apps' admins."""


class BoothListFilter(_AgencyRelatedListFilter):
    """For `list_filter = [("booth", BoothListFilter)]` on other apps' admins."""


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "service_count", "booth_count", "order")
    list_editable = ("order",)
    list_filter = ("kind",)
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Agency]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                service_total=Count("services", distinct=True),
                booth_total=Count("booths", distinct=True),
            )
        )

    @admin.display(description=_("jumlah layanan"), ordering="service_total")
    def service_count(self, obj: Agency) -> int:
        return obj.service_total

    @admin.display(description=_("jumlah gerai"), ordering="booth_total")
    def booth_count(self, obj: Agency) -> int:
        return obj.booth_total


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "agency",
        "prefix",
        "is_active",
        "online_booking",
        "daily_quota",
        "expected_service_minutes",
        "free",
    )
    list_filter = ("is_active", "online_booking", "agency")
    list_select_related = ("agency",)
    search_fields = ("name", "code", "prefix", "keywords", "agency__name", "agency__code")
    autocomplete_fields = ("agency",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "agency",
                    "code",
                    "name",
                    "prefix",
                    "description",
                    "keywords",
                    "is_active",
                )
            },
        ),
        (
            _("Standar Pelayanan: komponen penyampaian (1-6)"),
            {
                "fields": Service.STANDARD_COMPONENTS[:6],
                "description": _("Persyaratan dan prosedur diisi sebagai daftar JSON."),
            },
        ),
        (
            _("Standar Pelayanan: komponen pengelolaan (7-14)"),
            {
                "classes": ("collapse",),
                "fields": Service.STANDARD_COMPONENTS[6:],
            },
        ),
        (
            _("Antrean dan pendaftaran online"),
            {
                "fields": (
                    "online_booking",
                    "slot_minutes",
                    "slot_capacity",
                    "daily_quota",
                    "online_quota_percent",
                    "online_release_time",
                    "booking_window_days",
                    "checkin_grace_minutes",
                    "expected_service_minutes",
                    "target_wait_minutes",
                )
            },
        ),
    )

    @admin.display(description=_("gratis"), boolean=True)
    def free(self, obj: Service) -> bool:
        return obj.is_free


ROLE_FIELDSET = (_("Peran dan instansi"), {"fields": ("role", "agency", "phone")})


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets[:2], ROLE_FIELDSET, *DjangoUserAdmin.fieldsets[2:])
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (ROLE_FIELDSET[0], {"classes": ("wide",), "fields": ("role", "agency", "phone")}),
    )
    list_display = (
        "username",
        "first_name",
        "last_name",
        "role",
        "agency",
        "is_staff",
        "is_active",
    )
    list_filter = ("role", "agency", "is_staff", "is_superuser", "is_active", "groups")
    list_select_related = ("agency",)
    autocomplete_fields = ("agency",)


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    list_display = (
        "weekday",
        "opens_at",
        "closes_at",
        "break_start",
        "break_end",
        "issue_cutoff_minutes",
    )


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ("date", "reason", "source", "closed")
    list_editable = ("closed",)
    list_filter = ("closed", "source")
    search_fields = ("reason",)
    date_hierarchy = "date"


class JourneyStageInline(admin.TabularInline):
    model = JourneyStage
    fields = ("position", "service")
    autocomplete_fields = ("service",)
    extra = 0
    min_num = 2


@admin.register(Journey)
class JourneyAdmin(admin.ModelAdmin):
    """Paket layanan: the lines of one visit, in order (README "Journeys")."""

    list_display = ("name", "code", "is_active", "order")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
    inlines = [JourneyStageInline]


@admin.register(JourneyStage)
class JourneyStageAdmin(admin.ModelAdmin):
    """The stages of every journey in one list (edited within their journey)."""

    list_display = ("journey", "position", "service")
    list_select_related = ("journey", "service")
    search_fields = ("journey__name", "service__name")
    autocomplete_fields = ("service",)
