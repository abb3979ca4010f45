"""The mall's catalog as one spreadsheet (katalog): agencies, booths, counters and services
with the 14 components of their Standar Pelayanan, imported and exported in one shape.

Every row has a `jenis` (instansi, gerai, loket, layanan) and uses the columns of its
kind; the others stay empty. Rows are matched to what exists by natural keys (agency
code, booth label, counter number, agency + service code) and created or updated; nothing
is deleted (a service or counter leaves the floor with `aktif` = tidak). Lists (the
requirements, the procedure) hold one item per line inside the cell; a counter's
`layanan` lists service prefixes separated by commas.

It lives here rather than in agencies because it writes counters, which sit above
agencies in the house.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency, Booth, Service
from counters.models import Counter
from mpp.lib.tables import FileRejected, Row, RowError, Sheet, read_table, write_table

AGENCY, BOOTH, COUNTER, SERVICE = "instansi", "gerai", "loket", "layanan"
KINDS = (AGENCY, BOOTH, COUNTER, SERVICE)

# Column -> model field, per kind. Shared column names mean the same thing in every kind.
AGENCY_FIELDS = {
    "instansi": "code",
    "nama": "name",
    "jenis_instansi": "kind",
    "urutan": "order",
    "deskripsi": "description",
    "maklumat": "pledge",
    "batas_pengaduan_hari": "complaint_days",
}
BOOTH_FIELDS = {"gerai": "label", "lantai": "floor"}
COUNTER_FIELDS = {"nomor": "number", "nama": "label", "aktif": "is_active"}
SERVICE_FIELDS = {
    "kode": "code",
    "nama": "name",
    "prefiks": "prefix",
    "aktif": "is_active",
    "deskripsi": "description",
    "kata_kunci": "keywords",
    # The 14 components of the Standar Pelayanan, in the regulation's order.
    "persyaratan": "requirements",
    "prosedur": "procedure",
    "jangka_waktu": "duration",
    "biaya": "fee",
    "produk": "product",
    "pengaduan": "complaint_channel",
    "dasar_hukum": "legal_basis",
    "sarana_prasarana": "facilities",
    "kompetensi_pelaksana": "staff_competence",
    "pengawasan_internal": "internal_supervision",
    "jumlah_pelaksana": "staff_count",
    "jaminan_pelayanan": "service_guarantee",
    "jaminan_keamanan": "security_guarantee",
    "evaluasi_kinerja": "performance_evaluation",
    "pendaftaran_online": "online_booking",
    "durasi_slot_menit": "slot_minutes",
    "kapasitas_slot": "slot_capacity",
    "kuota_harian": "daily_quota",
    "jendela_pemesanan_hari": "booking_window_days",
    "toleransi_checkin_menit": "checkin_grace_minutes",
    "perkiraan_layanan_menit": "expected_service_minutes",
}
# The file's columns, keys first; `layanan` is a counter's service prefixes.
KEY_COLUMNS = ["jenis", "instansi", "kode", "prefiks", "gerai", "nomor", "nama", "layanan"]
COLUMNS = list(dict.fromkeys([*KEY_COLUMNS, *AGENCY_FIELDS, *BOOTH_FIELDS, *SERVICE_FIELDS]))
USED_COLUMNS = {
    AGENCY: {"jenis", *AGENCY_FIELDS},
    BOOTH: {"jenis", "instansi", *BOOTH_FIELDS},
    COUNTER: {"jenis", "instansi", "gerai", "layanan", *COUNTER_FIELDS},
    SERVICE: {"jenis", "instansi", *SERVICE_FIELDS},
}
# Check constraints without a field of their own: the column that breaks them, and why.
CONSTRAINT_COLUMNS = {
    "service_slot_capacity_1": ("kapasitas_slot", gettext_lazy("harus minimal 1")),
    "service_slot_min_5": ("durasi_slot_menit", gettext_lazy("harus minimal 5")),
    "counter_number_positive": ("nomor", gettext_lazy("harus minimal 1")),
}
TRUE, FALSE = {"ya", "y", "yes", "true", "1"}, {"tidak", "t", "no", "false", "0"}


@dataclass
class Record:
    """One validated row: its natural key, the model fields it sets and its references."""

    line: int
    key: Any
    values: dict[str, Any]
    agency: str = ""  # agency code (booth, service, counter)
    booth: str = ""  # booth label (counter)
    prefixes: list[str] = field(default_factory=list)  # services a counter serves


@dataclass
class Catalog:
    agencies: dict[str, Record] = field(default_factory=dict)
    booths: dict[str, Record] = field(default_factory=dict)
    counters: dict[int, Record] = field(default_factory=dict)
    services: dict[tuple[str, str], Record] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    """How many records of each kind were created, updated and left as they were."""

    counts: dict[str, dict[str, int]]

    def __str__(self) -> str:
        return "; ".join(
            _("%(kind)s: %(created)s baru, %(updated)s diubah, %(same)s tetap")
            % {"kind": kind, **counts}
            for kind, counts in self.counts.items()
        )


# ---------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------


def catalog_import(*, path: str | Path, dry_run: bool = False) -> ImportResult:
    """Create or update the catalog from a CSV/XLSX file, all or nothing: FileRejected
    (every bad row by line and column) before anything is written."""
    sheet = read_table(path, required=COLUMNS, known=COLUMNS)
    with transaction.atomic():
        catalog = catalog_parse(sheet)
        result = _write(catalog)
        if dry_run:
            transaction.set_rollback(True)
    return result


def catalog_parse(sheet: Sheet) -> Catalog:
    """Validate every row and the references between them; FileRejected with all errors."""
    catalog, errors = Catalog(), []
    for row in sheet.rows:
        errors += _parse_row(catalog, row)
    if not errors:
        errors += _check_references(catalog)
    if errors:
        raise FileRejected(errors)
    return catalog


def _parse_row(catalog: Catalog, row: Row) -> list[RowError]:
    kind = row.get("jenis").lower()
    if kind not in KINDS:
        return [RowError(row.line, "jenis", _("harus salah satu dari: %s") % ", ".join(KINDS))]
    model, fields = {
        AGENCY: (Agency, AGENCY_FIELDS),
        BOOTH: (Booth, BOOTH_FIELDS),
        COUNTER: (Counter, COUNTER_FIELDS),
        SERVICE: (Service, SERVICE_FIELDS),
    }[kind]
    # A value where this kind has none is most often a row shifted by a column.
    errors = [
        RowError(row.line, column, _("kolom ini tidak dipakai baris %s") % kind)
        for column, text in row.cells.items()
        if text and column not in USED_COLUMNS[kind]
    ]
    values, field_errors = _field_values(model, fields, row)
    errors += field_errors
    if errors:
        return errors
    record = Record(line=row.line, key=None, values=values, agency=row.get("instansi"))
    if not record.agency:
        return [RowError(row.line, "instansi", _("wajib diisi"))]
    if kind == AGENCY:
        return _add(catalog.agencies, values["code"], record, "instansi")
    if kind == BOOTH:
        return _add(catalog.booths, values["label"], record, "gerai")
    if kind == SERVICE:
        return _add(catalog.services, (record.agency, values["code"]), record, "kode")
    record.booth = row.get("gerai")
    record.prefixes = [p.strip() for p in row.get("layanan").replace(";", ",").split(",")]
    record.prefixes = [p for p in record.prefixes if p]
    if not record.booth:
        return [RowError(row.line, "gerai", _("wajib diisi"))]
    return _add(catalog.counters, values["number"], record, "nomor")


def _add(records: dict, key: Any, record: Record, column: str) -> list[RowError]:
    if key in records:
        return [RowError(record.line, column, _("sama dengan baris %s") % records[key].line)]
    record.key = key
    records[key] = record
    return []


def _field_values(
    model: type[models.Model], fields: dict[str, str], row: Row
) -> tuple[dict[str, Any], list[RowError]]:
    """The row's cells as model values, checked by the model's own validators."""
    values, errors = {}, []
    for column, name in fields.items():
        try:
            values[name] = _convert(model._meta.get_field(name), row.get(column))
        except ValidationError as exc:
            errors.append(RowError(row.line, column, " ".join(exc.messages)))
    if errors:
        return values, errors
    instance = model(**values)
    relations = [f.name for f in model._meta.fields if f.is_relation]
    try:
        instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        columns = {name: column for column, name in fields.items()}
        for name, messages in exc.message_dict.items():
            errors += [RowError(row.line, columns[name], message) for message in messages]
        return values, errors
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            try:
                constraint.validate(model, instance)
            except ValidationError:
                column, message = CONSTRAINT_COLUMNS[constraint.name]
                errors.append(RowError(row.line, column, str(message)))
    return values, errors


def _convert(model_field: Any, text: str) -> Any:
    if isinstance(model_field, models.JSONField):  # a list, one item per line
        return [line.strip() for line in text.splitlines() if line.strip()]
    if isinstance(model_field, models.BooleanField):
        if not text:
            return model_field.get_default()
        if text.lower() in TRUE | FALSE:
            return text.lower() in TRUE
        raise ValidationError(_("isi dengan ya atau tidak"))
    if isinstance(model_field, models.IntegerField):
        if not text:
            return None if model_field.null else model_field.get_default()
        if not text.isdigit():
            raise ValidationError(_("harus bilangan bulat tanpa tanda, mis. 10"))
        return int(text)
    return text or model_field.get_default()


def _check_references(catalog: Catalog) -> list[RowError]:
    """What a row names must exist (in the file or the database) and the result must keep
    every uniqueness rule: prefixes in the mall, counter labels in a booth."""
    agencies = set(catalog.agencies) | set(Agency.objects.values_list("code", flat=True))
    booth_agency = dict(Booth.objects.values_list("label", "agency__code"))
    booth_agency |= {label: r.agency for label, r in catalog.booths.items()}
    errors = [
        RowError(r.line, "instansi", _("instansi %s tidak ada") % r.agency)
        for r in [*catalog.booths.values(), *catalog.services.values()]
        if r.agency not in agencies
    ]
    kept = {  # prefixes of services the file does not touch
        prefix: (agency, code)
        for prefix, agency, code in Service.objects.values_list("prefix", "agency__code", "code")
        if (agency, code) not in catalog.services
    }
    errors += _check_prefixes(catalog, kept)
    final = kept | {r.values["prefix"]: key for key, r in catalog.services.items()}
    errors += _check_counters(catalog, booth_agency, final)
    return errors


def _check_prefixes(catalog: Catalog, kept: dict[str, tuple[str, str]]) -> list[RowError]:
    errors, seen = [], dict[str, int]()
    for record in catalog.services.values():
        prefix = record.values["prefix"]
        if prefix in seen:
            message = _("prefiks %(prefix)s sudah dipakai di baris %(line)s")
            params = {"prefix": prefix, "line": seen[prefix]}
            errors.append(RowError(record.line, "prefiks", message % params))
        elif prefix in kept:
            message = _("prefiks %(prefix)s sudah dipakai layanan %(service)s")
            params = {"prefix": prefix, "service": "/".join(kept[prefix])}
            errors.append(RowError(record.line, "prefiks", message % params))
        seen[prefix] = record.line
    return errors


def _check_counters(
    catalog: Catalog, booth_agency: dict[str, str], prefixes: dict[str, tuple[str, str]]
) -> list[RowError]:
    errors = []
    labels = {
        (booth, label): number
        for number, booth, label in Counter.objects.values_list("number", "booth__label", "label")
        if number not in catalog.counters
    }
    for number, record in catalog.counters.items():
        agency = booth_agency.get(record.booth)
        if agency is None:
            errors.append(RowError(record.line, "gerai", _("gerai %s tidak ada") % record.booth))
            continue
        if agency != record.agency:
            message = _("gerai %(booth)s milik instansi %(agency)s")
            params = {"booth": record.booth, "agency": agency}
            errors.append(RowError(record.line, "instansi", message % params))
        label_key = (record.booth, record.values["label"])
        if labels.setdefault(label_key, number) != number:
            message = _("nama loket sudah dipakai loket %s di gerai yang sama")
            errors.append(RowError(record.line, "nama", message % labels[label_key]))
        errors += _check_counter_services(record, agency, prefixes)
    return errors


def _check_counter_services(
    record: Record, agency: str, prefixes: dict[str, tuple[str, str]]
) -> list[RowError]:
    errors = []
    for prefix in record.prefixes:
        if prefix not in prefixes:
            errors.append(RowError(record.line, "layanan", _("prefiks %s tidak ada") % prefix))
        elif prefixes[prefix][0] != agency:
            message = _("layanan %(prefix)s bukan layanan instansi %(agency)s")
            params = {"prefix": prefix, "agency": agency}
            errors.append(RowError(record.line, "layanan", message % params))
    return errors


def _write(catalog: Catalog) -> ImportResult:
    agencies = {a.code: a for a in Agency.objects.select_for_update()}
    agency_status = _upsert(Agency, agencies, catalog.agencies)
    services = {(s.agency.code, s.code): s for s in Service.objects.select_related("agency")}
    _clear_way(Service, services, catalog.services, "prefix")
    service_status = _upsert(Service, services, catalog.services, agencies=agencies)
    booths = {b.label: b for b in Booth.objects.select_related("agency")}
    booth_status = _upsert(Booth, booths, catalog.booths, agencies=agencies)
    counters = {c.number: c for c in Counter.objects.prefetch_related("services")}
    served = {number: _prefixes(counter) for number, counter in counters.items()}
    _clear_way(Counter, counters, catalog.counters, "label")
    counter_status = _upsert(Counter, counters, catalog.counters, booths=booths)
    by_prefix = {service.prefix: service for service in services.values()}
    for number, record in catalog.counters.items():
        if served.get(number, []) != sorted(record.prefixes):
            counters[number].services.set([by_prefix[prefix] for prefix in record.prefixes])
            if counter_status[number] == "same":
                counter_status[number] = "updated"
    statuses = {
        AGENCY: agency_status,
        SERVICE: service_status,
        BOOTH: booth_status,
        COUNTER: counter_status,
    }
    return ImportResult(
        {
            kind: {
                name: list(status.values()).count(name) for name in ("created", "updated", "same")
            }
            for kind, status in statuses.items()
        }
    )


def _upsert(
    model: type[models.Model],
    existing: dict,
    records: dict,
    agencies: dict | None = None,
    booths: dict | None = None,
) -> dict[Any, str]:
    """Create or update one kind; `existing` gains the new objects. Returns each key's
    status: created, updated or same."""
    status = {}
    for key, record in records.items():
        values = dict(record.values)
        if agencies is not None:
            values["agency"] = agencies[record.agency]
        if booths is not None:
            values["booth"] = booths[record.booth]
        obj = existing.get(key)
        if obj is None:
            existing[key] = model._default_manager.create(**values)
            status[key] = "created"
        elif any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()
            status[key] = "updated"
        else:
            status[key] = "same"
    return status


def _clear_way(model: type[models.Model], existing: dict, records: dict, name: str) -> None:
    """Give every existing row whose unique `name` changes a placeholder first ("~" and a
    number: never valid in a file), so two services swapping prefixes, or two counters
    swapping labels, never meet the unique index halfway. The file's final values were
    checked to be unique, so the upsert that follows puts every one in place."""
    moving = [
        existing[key].pk
        for key, record in records.items()
        if key in existing and getattr(existing[key], name) != record.values[name]
    ]
    for index, pk in enumerate(moving):
        model._default_manager.filter(pk=pk).update(**{name: f"~{index:03}"})


def _prefixes(counter: Counter) -> list[str]:
    return sorted(service.prefix for service in counter.services.all())


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------


def catalog_export(*, path: str | Path) -> int:
    """Write the whole catalog in the import's shape; returns how many rows."""
    rows = list(catalog_rows())
    write_table(path, COLUMNS, rows)
    return len(rows)


def catalog_rows() -> Iterator[list[str]]:
    """Each agency, then its services, booths and counters, as text rows of COLUMNS."""
    services = _by_agency(Service.objects.order_by("prefix"), lambda s: s.agency_id)
    booths = _by_agency(Booth.objects.order_by("label"), lambda b: b.agency_id)
    counters = _by_agency(
        Counter.objects.select_related("booth").prefetch_related("services").order_by("number"),
        lambda c: c.booth.agency_id,
    )
    for agency in Agency.objects.order_by("order", "code"):
        yield _row(AGENCY, agency, AGENCY_FIELDS)
        for service in services.get(agency.pk, []):
            yield _row(SERVICE, service, SERVICE_FIELDS, instansi=agency.code)
        for booth in booths.get(agency.pk, []):
            yield _row(BOOTH, booth, BOOTH_FIELDS, instansi=agency.code)
        for counter in counters.get(agency.pk, []):
            extra = {"gerai": counter.booth.label, "layanan": ", ".join(_prefixes(counter))}
            yield _row(COUNTER, counter, COUNTER_FIELDS, instansi=agency.code, **extra)


def _by_agency(objects: Iterable[Any], agency_id: Callable[[Any], int]) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for obj in objects:
        grouped.setdefault(agency_id(obj), []).append(obj)
    return grouped


def _row(kind: str, obj: models.Model, fields: dict[str, str], **extra: str) -> list[str]:
    cells = {"jenis": kind, **extra}
    cells |= {column: _cell(getattr(obj, name)) for column, name in fields.items()}
    return [cells.get(column, "") for column in COLUMNS]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return str(value)
