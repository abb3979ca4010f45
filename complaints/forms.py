"""Forms of the complaint pages: filing, the inbox filters and the staff reply."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Service
from complaints.models import Complaint
from complaints.services import ATTACHMENT_MAX_COUNT, TRANSITIONS
from mpp.lib.identity import normalize_contact


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to ATTACHMENT_MAX_COUNT files; the type and size are checked by complaint_file."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > ATTACHMENT_MAX_COUNT:
            raise forms.ValidationError(
                _("Paling banyak %(limit)s lampiran per pengaduan.")
                % {"limit": ATTACHMENT_MAX_COUNT}
            )
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class _ServiceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return obj.name


def _service_groups() -> list[tuple[str, list[tuple[Any, str]]]]:
    """Services grouped by agency (one <optgroup> each) for the select."""
    groups: dict[str, list[tuple[Any, str]]] = {}
    services = Service.objects.filter(is_active=True).select_related("agency")
    for service in services.order_by("agency__order", "agency__name", "name"):
        groups.setdefault(service.agency.name, []).append((service.pk, service.name))
    return [("", [("", "—")]), *groups.items()]


class ComplaintForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Kategori"), choices=[("", "—"), *Complaint.Category.choices]
    )
    description = forms.CharField(
        label=_("Uraian pengaduan"),
        max_length=5000,
        help_text=_("Apa yang terjadi, kapan, dan di gerai atau loket mana."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    agency = forms.ModelChoiceField(
        label=_("Instansi"),
        queryset=Agency.objects.all(),
        required=False,
        empty_label="—",
    )
    service = _ServiceChoice(
        label=_("Layanan"),
        queryset=Service.objects.filter(is_active=True).select_related("agency"),
        required=False,
        empty_label="—",
    )
    name = forms.CharField(
        label=_("Nama"),
        max_length=100,
        required=False,
        help_text=_("Boleh dikosongkan (anonim). Tidak pernah ditampilkan di halaman publik."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact = forms.CharField(
        label=_("Nomor HP atau email"),
        max_length=100,
        required=False,
        help_text=_(
            "Boleh dikosongkan. Bila diisi nomor HP, Anda mendapat kabar saat pengaduan "
            "ditanggapi. Tidak pernah ditampilkan di halaman publik."
        ),
        # No tel keypad: an e-mail address needs letters and "@".
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    attachments = MultipleFileField(
        label=_("Lampiran"),
        required=False,
        help_text=_("Foto (JPEG, PNG, WebP) atau PDF, paling banyak 3 berkas, masing-masing 5 MB."),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"}),
    )
    ticket = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, kiosk: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].widget.choices = _service_groups()
        if kiosk:
            # A public touch screen has no files to give, and a file picker is a way out of it.
            del self.fields["attachments"]
            self.fields["contact"].label = _("Nomor HP")
            self.fields["contact"].widget.attrs["data-keyboard"] = "digits"

    def clean_contact(self) -> str:
        return normalize_contact(self.cleaned_data.get("contact", ""))


class InboxFilterForm(forms.Form):
    """The inbox filters, from the query string; a bad value is ignored, not an error page."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *Complaint.Status.choices]
    )
    sla = forms.ChoiceField(
        label=_("Batas waktu"),
        required=False,
        choices=[
            ("", _("Semua")),
            ("overdue", _("Lewat batas waktu")),
            ("escalated", _("Dieskalasi")),
        ],
    )
    agency = forms.ModelChoiceField(
        label=_("Instansi"), queryset=Agency.objects.all(), required=False, empty_label=_("Semua")
    )
    q = forms.CharField(label=_("Cari"), required=False, max_length=200)


class RespondForm(forms.Form):
    message = forms.CharField(
        label=_("Tanggapan"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    public = forms.BooleanField(
        label=_("Tampilkan kepada pelapor (tanggapan publik)"),
        required=False,
        help_text=_("Tanpa centang: catatan internal, hanya untuk petugas."),
    )
    status = forms.ChoiceField(label=_("Ubah status"), required=False)
    reason = forms.CharField(
        label=_("Alasan penolakan"),
        required=False,
        max_length=2000,
        help_text=_("Wajib bila pengaduan ditolak; ditampilkan kepada pelapor."),
    )

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Complaint.Status.choices)
        allowed = sorted(TRANSITIONS.get(complaint.status, set()), key=list(labels).index)
        self.fields["status"].choices = [("", _("(tidak berubah)"))] + [
            (value, labels[value]) for value in allowed
        ]


class LaporReferenceForm(forms.Form):
    reference = forms.CharField(label=_("Nomor laporan SP4N-LAPOR!"), max_length=64)
