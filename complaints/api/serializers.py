"""Complaint (pengaduan) API shapes. Public output never holds the reporter's name or contact."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.models import Agency
from complaints.models import Complaint, ComplaintResponse
from complaints.selectors import normalize_code, sla_state
from complaints.services import ATTACHMENT_MAX_COUNT
from mpp.lib.identity import normalize_contact
from queues.api.serializers import ServiceField

MAX_ID = 2**31 - 1
MAX_EXPORT = 100


class AgencyField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Instansi dengan id {pk_value} tidak ditemukan."),
        "incorrect_type": _("Id instansi harus berupa angka."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Agency.objects.all(), **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, str) and not (data.isascii() and data.isdigit() and len(data) < 12):
            self.fail("incorrect_type", data_type="str")
        if int(data) > MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


def _one_of(choices: list[tuple[str, object]]) -> dict:
    # Listed in the description, not as an enum: other apps have fields of the same names
    # ("status", "channel", "category") with other values, and enum names would collide.
    return {"type": "string", "description": "One of: " + ", ".join(v for v, _l in choices)}


STATUS_SCHEMA = _one_of(Complaint.Status.choices)
CATEGORY_SCHEMA = _one_of(Complaint.Category.choices)
CHANNEL_SCHEMA = _one_of(Complaint.Channel.choices)


@extend_schema_field(STATUS_SCHEMA)
class StatusOut(serializers.CharField):
    pass


@extend_schema_field(CATEGORY_SCHEMA)
class CategoryOut(serializers.CharField):
    pass


@extend_schema_field(CHANNEL_SCHEMA)
class ChannelOut(serializers.CharField):
    pass


class _Choice(serializers.ChoiceField):
    # DRF's message echoes the input (100 KB, or a lone surrogate the renderer cannot encode).
    default_error_messages = {"invalid_choice": _("Pilihan tidak valid.")}


@extend_schema_field(CATEGORY_SCHEMA)
class CategoryField(_Choice):
    default_error_messages = {"invalid_choice": _("Kategori pengaduan tidak valid.")}

    def __init__(self, **kwargs):
        super().__init__(choices=Complaint.Category.choices, **kwargs)


@extend_schema_field(STATUS_SCHEMA)
class StatusField(_Choice):
    default_error_messages = {"invalid_choice": _("Status pengaduan tidak valid.")}

    def __init__(self, **kwargs):
        super().__init__(choices=Complaint.Status.choices, **kwargs)


class AttachmentsField(serializers.ListField):
    """Files sent as multipart parts named `attachments`; errors as one flat list."""

    default_error_messages = {
        "not_files": _("Lampiran harus dikirim sebagai berkas (multipart/form-data)."),
        "too_many": _("Paling banyak %(limit)s lampiran per pengaduan."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.FileField(allow_empty_file=False, max_length=200))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str | dict) or not isinstance(data, list | tuple):
            self.fail("not_files")
        if len(data) > ATTACHMENT_MAX_COUNT:
            raise serializers.ValidationError(
                str(self.error_messages["too_many"]) % {"limit": ATTACHMENT_MAX_COUNT}
            )
        if not all(isinstance(item, UploadedFile) for item in data):
            self.fail("not_files")
        try:
            return [self.child.run_validation(item) for item in data]
        except serializers.ValidationError as exc:
            raise serializers.ValidationError(exc.detail) from None


class ComplaintInputSerializer(serializers.Serializer):
    """Only `category` and `description` are required: anonymous complaints are welcome."""

    category = CategoryField()
    description = serializers.CharField(max_length=5000)
    agency = AgencyField(required=False, allow_null=True, default=None)
    service = ServiceField(required=False, allow_null=True, default=None)
    ticket_token = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default=""
    )
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    contact = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Nomor HP (untuk kabar tindak lanjut) atau email; tidak pernah ditampilkan."),
    )

    def validate_contact(self, value: str) -> str:
        try:
            return normalize_contact(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    attachments = AttachmentsField(
        required=False,
        default=list,
        help_text=_("Foto (JPEG, PNG, WebP) atau PDF, maks. 5 MB; hanya dengan multipart."),
    )


class ComplaintCreatedSerializer(serializers.ModelSerializer):
    status = StatusOut(read_only=True)

    class Meta:
        model = Complaint
        fields = ["code", "status", "due_at"]
        read_only_fields = fields


class PublicResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComplaintResponse
        fields = ["at", "message"]
        read_only_fields = fields


class PublicComplaintSerializer(serializers.ModelSerializer):
    """What anyone with the code sees: no name, no contact, public replies only."""

    status = StatusOut(read_only=True)
    category = CategoryOut(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    agency_name = serializers.CharField(
        source="agency.name", read_only=True, default=None, allow_null=True
    )
    responses = PublicResponseSerializer(source="public_responses", many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "code",
            "status",
            "status_label",
            "category",
            "category_label",
            "agency_name",
            "created_at",
            "due_at",
            "rejection_reason",
            "responses",
        ]
        read_only_fields = fields


class StaffResponseSerializer(serializers.ModelSerializer):
    author = serializers.CharField(
        source="author.username", read_only=True, default=None, allow_null=True
    )
    from_status = StatusOut(read_only=True)
    to_status = StatusOut(read_only=True)

    class Meta:
        model = ComplaintResponse
        fields = ["id", "at", "author", "message", "public", "from_status", "to_status"]
        read_only_fields = fields


class StaffComplaintSerializer(serializers.ModelSerializer):
    """A complaint in the staff inbox: the reporter's data is shown to the handling staff."""

    status = StatusOut(read_only=True)
    category = CategoryOut(read_only=True)
    channel = ChannelOut(read_only=True)
    sla = serializers.SerializerMethodField()
    agency_name = serializers.CharField(
        source="agency.name", read_only=True, default=None, allow_null=True
    )
    service_name = serializers.CharField(
        source="service.name", read_only=True, default=None, allow_null=True
    )
    ticket = serializers.CharField(
        source="ticket.code", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Complaint
        fields = [
            "code",
            "status",
            "category",
            "description",
            "agency",
            "agency_name",
            "service",
            "service_name",
            "ticket",
            "channel",
            "name",
            "contact",
            "created_at",
            "due_at",
            "sla",
            "escalated_at",
            "rejection_reason",
            "lapor_forwarded_at",
            "lapor_reference",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "description": "overdue, due_soon, on_time or empty"})
    def get_sla(self, complaint: Complaint) -> str:
        return sla_state(complaint, at=self.context.get("at"))


class StaffComplaintDetailSerializer(StaffComplaintSerializer):
    responses = StaffResponseSerializer(many=True, read_only=True)

    class Meta(StaffComplaintSerializer.Meta):
        fields = [*StaffComplaintSerializer.Meta.fields, "responses"]
        read_only_fields = fields


class StaffListQuerySerializer(serializers.Serializer):
    status = StatusField(required=False)
    agency = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    escalated = serializers.BooleanField(required=False, allow_null=True, default=None)
    q = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class RespondInputSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    public = serializers.BooleanField(required=False, default=False)
    status = StatusField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Alasan penolakan (status rejected); bila kosong, pesan dipakai."),
    )


class LaporReferenceInputSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=64)


class ExportQuerySerializer(serializers.Serializer):
    codes = serializers.CharField(
        max_length=MAX_EXPORT * 13,
        help_text=_("Kode pengaduan, dipisah koma (paling banyak 100)."),
    )
    format = serializers.ChoiceField(
        choices=["json", "csv"],
        required=False,
        default="json",
        error_messages={"invalid_choice": _("Format ekspor harus json atau csv.")},
    )

    def validate_codes(self, value: str) -> list[str]:
        codes = [part.strip() for part in value.split(",") if part.strip()]
        if not codes:
            raise serializers.ValidationError(_("Pilih paling sedikit satu pengaduan."))
        if len(codes) > MAX_EXPORT:
            raise serializers.ValidationError(
                _("Paling banyak %(n)s pengaduan per ekspor.") % {"n": MAX_EXPORT}
            )
        if any(normalize_code(code) is None for code in codes):
            raise serializers.ValidationError(
                _("Kode pengaduan tidak valid. Contoh: ADU-K7M3Q-9XP2H-DRT4V.")
            )
        return [code for code in (normalize_code(c) for c in codes) if code]
