"""Admin for tickets and their timeline: a window to look through, not a lever.

Every ticket change goes through queues/services/ (numbering locks, compare-and-set
on status, a TicketEvent per transition, realtime events after commit), so these
admins are read-only. Personal data stays out of lists, and the NIK hash out of
every page.
"""

import re

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from agencies.admin import ServiceListFilter
from mpp.lib.admin import ReadOnlyAdminMixin
from queues import voice
from queues.models import (
    DailySequence,
    DisplayMessage,
    IdempotencyKey,
    LineVersion,
    Pronunciation,
    Ticket,
    TicketEvent,
)

PREFIX = re.compile(r"[A-Z][A-Z0-9]{0,3}")
# The ticket's timeline and personal data, each shown in a fieldset and never editable.
TICKET_TIMES = (
    "slot_start",
    "slot_end",
    "issued_at",
    "checked_in_at",
    "queued_at",
    "called_at",
    "started_at",
    "finished_at",
)
TICKET_PERSONAL = ("name", "phone", "nik_last4")


def _code_lookups(term: str) -> Q:
    """Lookups for a ticket code as a resident reads it out: "A-007", "a7", "A007".

    Prefixes may end in digits ("T1"), so without a dash every split is a candidate.
    """
    term = term.strip().upper()
    splits = (
        [term.split("-", 1)] if "-" in term else [(term[:i], term[i:]) for i in range(1, len(term))]
    )
    lookups = Q(pk__in=[])
    for prefix, number in splits:
        if PREFIX.fullmatch(prefix) and number.isascii() and number.isdigit() and len(number) <= 6:
            lookups |= Q(prefix=prefix, number=int(number))
    return lookups


def _status_label(value: str) -> str:
    return Ticket.Status(value).label if value in Ticket.Status.values else value or "-"


class TimelineColumnsMixin:
    """Indonesian labels for the TicketEvent columns whose model fields have none."""

    @admin.display(description=_("loket"))
    def counter_label(self, obj: TicketEvent) -> str:
        return str(obj.counter) if obj.counter_id else "-"

    @admin.display(description=_("layanan"))
    def service_label(self, obj: TicketEvent) -> str:
        return str(obj.service)

    @admin.display(description=_("perubahan status"))
    def transition(self, obj: TicketEvent) -> str:
        return f"{_status_label(obj.from_status)} → {_status_label(obj.to_status)}"


class TicketEventInline(TimelineColumnsMixin, ReadOnlyAdminMixin, admin.TabularInline):
    model = TicketEvent
    fields = ("at", "kind", "transition", "counter_label", "service_label", "actor", "note")
    readonly_fields = fields
    ordering = ("at", "id")
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[TicketEvent]:
        return super().get_queryset(request).select_related("actor", "counter", "service__agency")


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "code",
        "date",
        "service",
        "channel",
        "priority",
        "status",
        "counter",
        "queued_at",
        "called_at",
        "wait_minutes",
    )
    list_filter = (
        "status",
        "channel",
        "priority",
        "service__agency",
        ("service", ServiceListFilter),
        "counter",
    )
    list_select_related = ("service__agency", "counter")
    # Exact lookups on personal data: help one resident, do not browse everyone.
    search_fields = ("=token", "=nik_last4", "=phone", "name")
    date_hierarchy = "date"
    show_full_result_count = False
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "date",
                    "service",
                    "channel",
                    "priority",
                    "status",
                    "counter",
                )
            },
        ),
        (_("Waktu"), {"fields": TICKET_TIMES}),
        (_("Data pribadi"), {"fields": TICKET_PERSONAL}),
    )
    # Spelled out (not only implied by the view permission) so no later edit can
    # make the status or the timeline timestamps editable by accident.
    readonly_fields = ("code", "status", *TICKET_TIMES, *TICKET_PERSONAL)
    exclude = ("nik_hash", "token", "priority_rank")
    inlines = (TicketEventInline,)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            results |= queryset.filter(_code_lookups(search_term))
        return results, may_have_duplicates

    @admin.display(description=_("nomor"), ordering="number")
    def code(self, obj: Ticket) -> str:
        return obj.code

    @admin.display(description=_("waktu tunggu (menit)"))
    def wait_minutes(self, obj: Ticket) -> int | None:
        if obj.queued_at is None or obj.called_at is None:
            return None
        return int((obj.called_at - obj.queued_at).total_seconds() // 60)


@admin.register(DailySequence)
class DailySequenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The numbering counter is locked while issuing: editing it would repeat numbers."""

    list_display = ("prefix_label", "date_label", "last_number_label")
    fields = list_display
    readonly_fields = list_display
    search_fields = ("=prefix",)
    date_hierarchy = "date"
    ordering = ("-date", "prefix")

    @admin.display(description=_("prefiks"), ordering="prefix")
    def prefix_label(self, obj: DailySequence) -> str:
        return obj.prefix

    @admin.display(description=_("tanggal"), ordering="date")
    def date_label(self, obj: DailySequence):
        return obj.date

    @admin.display(description=_("nomor terakhir"), ordering="last_number")
    def last_number_label(self, obj: DailySequence) -> int:
        return obj.last_number


@admin.register(LineVersion)
class LineVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """How often each line changed (the `version` of its `line.changed` events): bumped
    inside the changing transaction; an edit would make ticket pages miss or repeat a
    change."""

    list_display = ("service", "version")
    fields = list_display
    readonly_fields = list_display
    list_select_related = ("service",)
    search_fields = ("service__name",)
    ordering = ("service",)


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Idempotency-Keys of the last day (queues/idempotency.py): which retry got which ticket."""

    list_display = ("key", "endpoint", "client", "ticket", "created_at")
    fields = list_display
    readonly_fields = list_display
    list_select_related = ("ticket",)
    search_fields = ("=key",)
    ordering = ("-created_at",)


@admin.register(TicketEvent)
class TicketEventAdmin(TimelineColumnsMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Append-only: no add, change or delete, for anyone."""

    list_display = ("at", "ticket", "kind", "transition", "counter_label", "actor", "note")
    list_filter = ("kind", "ticket__service__agency", ("ticket__service", ServiceListFilter))
    list_select_related = ("ticket", "counter", "actor")
    search_fields = ("=ticket__token", "note", "actor__username")
    date_hierarchy = "at"
    show_full_result_count = False
    fields = (
        "ticket",
        "kind",
        "at",
        "transition",
        "service_label",
        "counter_label",
        "actor",
        "note",
    )
    readonly_fields = fields


@admin.register(Pronunciation)
class PronunciationAdmin(admin.ModelAdmin):
    """The lobby voice's dictionary (queues/voice.py): how a letter or term is said.

    Terms match as written (case-sensitive): letters "A".."Z" name the letters of
    ticket codes, digits "0".."9" change how numbers are read digit by digit,
    other terms ("BPJS", "KTP-el") are rewritten wherever the voice reads them.
    A deleted term falls back to its built-in default. Every edit clears the
    cached dictionary, so the next call already says it the new way.
    """

    list_display = ["term", "spoken"]
    list_editable = ["spoken"]
    search_fields = ["term", "spoken"]

    @staticmethod
    def forget_cached() -> None:
        from django.db import transaction

        # Now, and again after commit: a call built in between may have cached
        # the old entry from the not yet committed table.
        voice.forget_pronunciations()
        transaction.on_commit(voice.forget_pronunciations)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.forget_cached()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.forget_cached()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self.forget_cached()


@admin.register(DisplayMessage)
class DisplayMessageAdmin(admin.ModelAdmin):
    list_display = ["text", "is_active", "order"]
    list_editable = ["is_active", "order"]
    list_filter = ["is_active"]
    search_fields = ["text"]
