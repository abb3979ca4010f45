"""The words of the demo history: staffing profiles, demand, survey comments, complaints.

Data only; `agencies/demo/activity.py` turns it into rows.
"""

from dataclasses import dataclass

# How reliably each agency staffs its booth (the seeds' main complaint: empty booths).
# "good" is the default; "medium" comes late and leaves early; "poor" is often empty.
STAFFING = {
    "kesbangpol": "poor",
    "dlh": "poor",
    "diskopumkm": "poor",
    "notaris": "poor",
    "disperindag": "medium",
    "dinsos": "medium",
    "kemenag": "medium",
    "bpn": "medium",
}

# Mean applicants per day, by agency (Dispendukcapil is by far the busiest), spread over
# its services (the first ones take the most).
DEMAND = {
    "dukcapil": 100.0,
    "samsat": 35.0,
    "polres": 28.0,
    "imigrasi": 22.0,
    "bpjs-kes": 22.0,
    "dpmptsp": 18.0,
    "bpjs-tk": 14.0,
    "pdam": 12.0,
    "kpp": 12.0,
}
DEFAULT_DEMAND = 7.0
SERVICE_WEIGHTS = (3.0, 2.0, 1.0, 1.0, 1.0, 1.0)  # then 0.5 each

# Given to demo officers who have no name yet, so the officer ranking reads like people.
OFFICER_NAMES = [
    ("Siti", "Rahmawati"),
    ("Agus", "Setiawan"),
    ("Dewi", "Lestari"),
    ("Budi", "Santoso"),
    ("Nur", "Hidayah"),
    ("Eko", "Prasetyo"),
    ("Rina", "Wulandari"),
    ("Ahmad", "Fauzi"),
    ("Sri", "Wahyuni"),
    ("Hendra", "Gunawan"),
    ("Lilik", "Suryani"),
    ("Moch.", "Arifin"),
    ("Yuli", "Astutik"),
    ("Dedi", "Kurniawan"),
    ("Fitri", "Handayani"),
    ("Rudi", "Hartono"),
    ("Endah", "Puspitasari"),
    ("Imam", "Syafii"),
    ("Wiwik", "Indrawati"),
    ("Bambang", "Sutrisno"),
    ("Ani", "Susanti"),
    ("Joko", "Purnomo"),
    ("Tri", "Utami"),
    ("Slamet", "Riyadi"),
]

PAUSE_REASONS = [
    "Istirahat, sholat dan makan (ISHOMA)",
    "Koordinasi dengan kantor dinas",
    "Mengambil blangko di gudang",
    "Gangguan jaringan, menunggu teknisi",
]

SURVEY_COMMENTS = [
    "Pelayanan cepat dan petugas ramah, terima kasih.",
    "Antrean cukup lama, mohon ditambah petugas di jam ramai.",
    "Petugas menjelaskan persyaratan dengan jelas.",
    "Ruang tunggu nyaman, tapi AC kurang dingin.",
    "Sudah bagus, semoga dipertahankan.",
    "Mohon informasi persyaratan dipasang di depan gerai.",
    "Parkir penuh, sulit cari tempat.",
    "Prosesnya mudah, tidak dipungut biaya.",
    "Gerai sempat kosong waktu saya datang, harus menunggu petugas.",
    "Nomor antrean dipanggil terlalu cepat, saya hampir terlewat.",
]


@dataclass(frozen=True)
class ComplaintStep:
    status: str  # "" for a reply without a status change
    message: str
    public: bool
    hours: int  # after filing


@dataclass(frozen=True)
class ComplaintData:
    category: str
    agency: str | None  # agency code; None = for the MPP manager
    days_ago: int
    description: str
    name: str = ""
    contact: str = ""
    channel: str = "web"
    steps: tuple[ComplaintStep, ...] = ()
    rejection_reason: str = ""


def _step(status: str, message: str, public: bool, hours: int) -> ComplaintStep:
    return ComplaintStep(status, message, public, hours)


COMPLAINTS = [
    ComplaintData(
        "waiting",
        "dukcapil",
        1,
        "Saya antre KTP-el sejak jam 07.30 dan baru dipanggil jam 11.00. Mohon loket ditambah.",
        "Wahyu",
        "wahyu.demo@example.com",
    ),
    ComplaintData(
        "facilities",
        None,
        2,
        "Kursi ruang tunggu lantai 1 banyak yang rusak dan toilet tidak ada air.",
        channel="kiosk",
        steps=(_step("verified", "Sudah dicek ke lokasi, benar ada 6 kursi rusak.", False, 3),),
    ),
    ComplaintData(
        "staff",
        "kesbangpol",
        3,
        "Gerai Kesbangpol kosong dari pagi sampai siang, tidak ada pemberitahuan.",
        "Rizky",
        "rizky.demo@example.com",
        steps=(
            _step("verified", "", False, 2),
            _step(
                "in_progress",
                "Kami sudah meminta penjelasan dari Bakesbangpol tentang jadwal petugas.",
                True,
                5,
            ),
            _step("", "Petugas sedang dinas luar, belum ada pengganti.", False, 6),
        ),
    ),
    ComplaintData(
        "requirements",
        "polres",
        5,
        "Persyaratan SKCK di papan informasi berbeda dengan yang diminta petugas.",
        steps=(
            _step("verified", "", False, 4),
            _step("in_progress", "Papan informasi sedang diperbarui.", True, 20),
            _step(
                "resolved",
                "Papan informasi sudah disesuaikan dengan Standar Pelayanan terbaru.",
                True,
                50,
            ),
        ),
    ),
    ComplaintData(
        "fees",
        "samsat",
        9,
        "Ada oknum di parkiran yang menawarkan jasa cepat bayar pajak kendaraan dengan biaya "
        "tambahan.",
        "Anonim",
        steps=(
            _step("verified", "Laporan diteruskan ke pengelola keamanan MPP.", False, 2),
            _step("in_progress", "", False, 4),
            _step(
                "resolved",
                "Petugas keamanan telah menertibkan area parkir; terima kasih atas laporannya.",
                True,
                30,
            ),
            _step("closed", "", False, 80),
        ),
    ),
    ComplaintData(
        "system",
        None,
        4,
        "Mesin anjungan sempat tidak mencetak karcis antrean sekitar 15 menit.",
        channel="kiosk",
        steps=(
            _step("verified", "", False, 1),
            _step("in_progress", "Kertas printer habis; stok sudah ditambah.", False, 2),
            _step("resolved", "Kendala printer anjungan sudah diperbaiki.", True, 3),
        ),
    ),
    ComplaintData(
        "result",
        "dukcapil",
        14,
        "KK hasil perubahan data salah ketik nama ibu, mohon diperbaiki.",
        "Sulastri",
        "sulastri.demo@example.com",
        steps=(
            _step("verified", "", False, 3),
            _step("in_progress", "Data sudah kami cek di SIAK.", False, 24),
            _step("resolved", "KK sudah dicetak ulang dan dapat diambil di loket 2.", True, 48),
            _step("closed", "", False, 120),
        ),
    ),
    ComplaintData(
        "other",
        "imigrasi",
        6,
        "Saya minta paspor jadi hari ini juga tanpa wawancara.",
        steps=(
            _step(
                "rejected",
                "",
                True,
                6,
            ),
        ),
        rejection_reason="Wawancara dan waktu penyelesaian paspor diatur oleh Ditjen Imigrasi; "
        "permintaan di luar Standar Pelayanan tidak dapat dipenuhi.",
    ),
    ComplaintData(
        "waiting",
        "dpmptsp",
        12,
        "Pengajuan PBG saya sudah lewat 30 hari belum ada kabar.",
        "Hartono",
        "hartono.demo@example.com",
        steps=(_step("verified", "Berkas sedang dicari di SIMBG.", False, 20),),
    ),
    ComplaintData(
        "staff",
        "bpjs-kes",
        2,
        "Petugas BPJS sangat membantu lansia, terima kasih. Mohon kursi prioritas ditambah.",
        channel="staff",
        steps=(_step("verified", "", False, 2),),
    ),
    ComplaintData(
        "facilities",
        None,
        8,
        "Jalur kursi roda di pintu masuk terhalang pot bunga.",
        steps=(
            _step("verified", "", False, 1),
            _step("in_progress", "", False, 3),
            _step(
                "resolved", "Pot bunga sudah dipindahkan, jalur kursi roda kembali lega.", True, 8
            ),
        ),
    ),
    ComplaintData(
        "waiting",
        "bpn",
        0,
        "Antrean cek sertifikat tidak bergerak satu jam, petugas hanya satu.",
        channel="kiosk",
    ),
]
