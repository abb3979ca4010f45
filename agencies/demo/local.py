"""Local government units (perangkat daerah) of the demo mall.

Twelve agencies of a Kota Probolinggo-like MPP, booths "Gerai 01" to "Gerai 12".
Queue prefixes: Dispendukcapil uses single letters; every other agency uses two
letters starting with its own letter (DPMPTSP P, Dishub H, Disnaker N, Dinsos L,
Dinkes K, Bapenda B, Diskop UMKM M, Disperindag D, DLH E, Disdikbud G,
Kesbangpol J). Prefixes starting with Q and R-Z belong to `others.py`.
"""

from agencies.demo.common import AgencyData, ServiceData

# ---------------------------------------------------------------------------
# Gerai 01: Dinas Kependudukan dan Pencatatan Sipil (prefixes A-P)
# ---------------------------------------------------------------------------

ADMINDUK = (
    "UU 23/2006 jo. UU 24/2013 tentang Administrasi Kependudukan (Pasal 79A); "
    "Perpres 96/2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk dan "
    "Pencatatan Sipil; Permendagri 108/2019 tentang Peraturan Pelaksanaan Perpres "
    "96/2018; Permendagri 109/2019 tentang Formulir dan Buku yang Digunakan dalam "
    "Administrasi Kependudukan"
)
KTP_EL_BASIS = (
    f"{ADMINDUK}; Permendagri 72/2022 tentang Standar dan Spesifikasi Perangkat Keras, "
    "Perangkat Lunak, dan Blangko KTP-el serta Penyelenggaraan Identitas Kependudukan "
    "Digital"
)
KIA_BASIS = f"{ADMINDUK}; Permendagri 2/2016 tentang Kartu Identitas Anak"
AKTA_BASIS = (
    f"{ADMINDUK}; Permendagri 9/2016 tentang Percepatan Peningkatan Cakupan Kepemilikan "
    "Akta Kelahiran"
)
FREE_ADMINDUK = "Gratis"

DUKCAPIL_SERVICES = [
    ServiceData(
        code="ktp-el-baru",
        name="Penerbitan KTP-el Baru",
        prefix="A",
        requirements=[
            "Telah berusia 17 tahun, sudah kawin, atau pernah kawin",
            "Formulir F-1.02 (Pendaftaran Peristiwa Kependudukan) yang telah diisi",
            "Fotokopi Kartu Keluarga (KK)",
            "Fotokopi buku nikah/kutipan akta perkawinan bagi yang belum 17 tahun dan sudah kawin",
        ],
        procedure=[
            "Ambil nomor antrean dan serahkan berkas di loket front office",
            "Petugas memverifikasi berkas dan data kependudukan di SIAK Terpusat",
            "Pemohon melakukan perekaman foto, tanda tangan, sidik jari, dan iris mata",
            "KTP-el dicetak setelah data biometrik terverifikasi",
            "Pemohon mengambil KTP-el di loket pengambilan",
        ],
        duration="1 hari kerja setelah berkas lengkap dan perekaman selesai",
        fee=FREE_ADMINDUK,
        product="KTP-el (Kartu Tanda Penduduk Elektronik)",
        legal_basis=KTP_EL_BASIS,
        description="Penerbitan KTP-el pertama kali bagi penduduk yang sudah wajib KTP.",
        keywords="bikin ktp, buat ktp baru, ktp pertama, e-ktp baru, umur 17 ktp, rekam ktp",
        online_booking=True,
        slot_capacity=20,
        daily_quota=150,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="ktp-el-hilang-rusak",
        name="Penggantian KTP-el Hilang atau Rusak",
        prefix="B",
        requirements=[
            "Surat keterangan kehilangan dari kepolisian (untuk KTP-el hilang)",
            "KTP-el yang rusak (untuk KTP-el rusak)",
            "Fotokopi Kartu Keluarga (KK)",
            "Formulir F-1.02 yang telah diisi",
        ],
        procedure=[
            "Ambil nomor antrean dan serahkan berkas di loket front office",
            "Petugas memverifikasi NIK dan status perekaman di SIAK Terpusat",
            "KTP-el rusak ditarik dan dicatat oleh petugas",
            "KTP-el pengganti dicetak dan diserahkan kepada pemohon",
        ],
        duration="1 hari kerja setelah berkas lengkap",
        fee=FREE_ADMINDUK,
        product="KTP-el pengganti",
        legal_basis=KTP_EL_BASIS,
        description="Penerbitan ulang KTP-el karena hilang atau rusak.",
        keywords="ktp hilang, e-ktp rusak, ganti ktp, ktp patah, ktp retak, cetak ulang ktp",
        online_booking=True,
        slot_capacity=15,
        daily_quota=100,
        expected_service_minutes=8,
    ),
    ServiceData(
        code="ktp-el-perubahan-data",
        name="Perubahan Data KTP-el",
        prefix="C",
        requirements=[
            "KTP-el lama",
            "Kartu Keluarga terbaru yang telah memuat perubahan data",
            "Dokumen pendukung perubahan (ijazah, akta, buku nikah, atau SK)",
            "Formulir F-1.02 yang telah diisi",
        ],
        procedure=[
            "Ambil nomor antrean dan serahkan berkas di loket front office",
            "Petugas memverifikasi dokumen pendukung dan memutakhirkan data di SIAK",
            "KTP-el dengan data baru dicetak",
            "Pemohon menyerahkan KTP-el lama dan menerima KTP-el baru",
        ],
        duration="1 hari kerja setelah berkas lengkap",
        fee=FREE_ADMINDUK,
        product="KTP-el dengan data yang telah diperbarui",
        legal_basis=KTP_EL_BASIS,
        description=(
            "Penerbitan KTP-el karena perubahan elemen data seperti alamat, status, "
            "pekerjaan, atau pendidikan."
        ),
        keywords=(
            "ganti status ktp, ubah alamat ktp, ganti pekerjaan ktp, salah nama ktp, "
            "ktp sudah menikah"
        ),
        online_booking=True,
        slot_capacity=15,
        daily_quota=100,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="perekaman-ktp-el",
        name="Perekaman KTP-el",
        prefix="D",
        requirements=[
            "Telah berusia 17 tahun, sudah kawin, atau pernah kawin",
            "Fotokopi Kartu Keluarga atau menyebutkan NIK",
            "Hadir langsung (tidak dapat diwakilkan)",
        ],
        procedure=[
            "Ambil nomor antrean perekaman atau lanjutkan dari loket front office",
            "Petugas memanggil pemohon ke ruang perekaman",
            "Perekaman foto wajah, tanda tangan, sepuluh sidik jari, dan iris mata",
            "Pemohon menerima bukti perekaman untuk pengambilan KTP-el",
        ],
        duration="15 menit",
        fee=FREE_ADMINDUK,
        product="Data biometrik terekam dan bukti perekaman KTP-el",
        legal_basis=KTP_EL_BASIS,
        description="Perekaman data biometrik penduduk wajib KTP-el sebagai tahap pencetakan.",
        keywords="rekam ktp, foto ktp, rekam e-ktp, sidik jari ktp, belum rekam ktp",
        online_booking=True,
        slot_capacity=20,
        daily_quota=100,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="pengambilan-ktp-el",
        name="Pengambilan KTP-el",
        prefix="E",
        requirements=[
            "Bukti perekaman atau tanda terima pengajuan KTP-el",
            "KTP-el lama (untuk penggantian karena perubahan data atau rusak)",
            "Surat kuasa dan KTP-el penerima bila diwakilkan anggota keluarga satu KK",
        ],
        procedure=[
            "Ambil nomor antrean pengambilan",
            "Serahkan bukti perekaman kepada petugas",
            "Petugas mencocokkan identitas dan menyerahkan KTP-el",
            "Pemohon memeriksa data dan menandatangani buku ekspedisi",
        ],
        duration="5 menit",
        fee=FREE_ADMINDUK,
        product="KTP-el",
        legal_basis=KTP_EL_BASIS,
        description="Penyerahan KTP-el yang sudah dicetak kepada pemohon.",
        keywords="ambil ktp, ktp sudah jadi, jemput ktp, ktp jadi kapan, ambil e-ktp",
        online_booking=True,
        slot_capacity=25,
        daily_quota=100,
        expected_service_minutes=5,
    ),
    ServiceData(
        code="kk-baru",
        name="Penerbitan Kartu Keluarga Baru",
        prefix="F",
        requirements=[
            "Fotokopi buku nikah atau kutipan akta perkawinan",
            "Surat Keterangan Pindah bagi penduduk yang pindah dalam wilayah NKRI",
            "Formulir F-1.01 (biodata keluarga) dan F-1.02 yang telah diisi",
            "KK lama orang tua untuk pemisahan anggota keluarga",
        ],
        procedure=[
            "Ambil nomor antrean dan serahkan berkas di loket front office",
            "Petugas memverifikasi berkas dan memproses data di SIAK",
            "KK baru dicetak dan ditandatangani secara elektronik (TTE)",
            "Pemohon menerima KK baru",
        ],
        duration="1 hari kerja setelah berkas lengkap",
        fee=FREE_ADMINDUK,
        product="Kartu Keluarga (KK) baru",
        legal_basis=ADMINDUK,
        description="Penerbitan KK bagi keluarga baru, misalnya setelah menikah.",
        keywords="bikin kk baru, kk setelah nikah, pisah kk, buat kartu keluarga, kk sendiri",
        online_booking=True,
        slot_capacity=15,
        daily_quota=100,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="kk-perubahan",
        name="Perubahan Kartu Keluarga",
        prefix="G",
        requirements=[
            "Kartu Keluarga lama",
            "Dokumen peristiwa penting (akta kelahiran, akta kematian, buku nikah)",
            "Formulir F-1.02 yang telah diisi",
        ],
        procedure=[
            "Ambil nomor antrean dan serahkan berkas di loket front office",
            "Petugas memverifikasi dokumen dan memutakhirkan data keluarga di SIAK",
            "KK baru dicetak dengan TTE",
            "Pemohon menerima KK yang telah diperbarui",
        ],
        duration="1 hari kerja setelah berkas lengkap",
        fee=FREE_ADMINDUK,
        product="Kartu Keluarga (KK) dengan data terbaru",
        legal_basis=ADMINDUK,
        description="Penerbitan KK karena penambahan, pengurangan, atau perubahan anggota.",
        keywords="tambah anak di kk, ubah kk, update kartu keluarga, hapus nama kk, ganti kk",
        online_booking=True,
        slot_capacity=15,
        daily_quota=100,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="kk-hilang-rusak",
        name="Penggantian Kartu Keluarga Hilang atau Rusak",
        prefix="H",
        requirements=[
            "Surat keterangan kehilangan dari kepolisian (untuk KK hilang)",
            "KK yang rusak (untuk KK rusak)",
            "Fotokopi KTP-el kepala keluarga",
            "Formulir F-1.02 yang telah diisi",
        ],
        procedure=[
            "Ambil nomor antrean dan serahkan berkas di loket front office",
            "Petugas memverifikasi data keluarga di SIAK",
            "KK pengganti dicetak dengan TTE",
            "Pemohon menerima KK pengganti",
        ],
        duration="1 hari kerja setelah berkas lengkap",
        fee=FREE_ADMINDUK,
        product="Kartu Keluarga (KK) pengganti",
        legal_basis=ADMINDUK,
        description="Penerbitan ulang KK yang hilang atau rusak.",
        keywords="kk hilang, kartu keluarga rusak, cetak ulang kk, kk sobek, kk basah",
        online_booking=True,
        slot_capacity=15,
        daily_quota=100,
        expected_service_minutes=8,
    ),
    ServiceData(
        code="akta-kelahiran",
        name="Penerbitan Akta Kelahiran",
        prefix="J",
        requirements=[
            "Surat keterangan kelahiran dari rumah sakit, puskesmas, bidan, atau kelurahan",
            "Fotokopi KK dan KTP-el kedua orang tua",
            "Fotokopi buku nikah/akta perkawinan orang tua, atau SPTJM bila tidak ada",
            "Formulir F-2.01 (Pelaporan Pencatatan Sipil) yang telah diisi",
            "Fotokopi KTP-el dua orang saksi",
        ],
        procedure=[
            "Ambil nomor antrean dan serahkan berkas di loket front office",
            "Petugas memverifikasi berkas dan mencatat kelahiran di register akta",
            "Akta kelahiran dicetak dan ditandatangani secara elektronik",
            "KK orang tua dimutakhirkan dengan data anak",
            "Pemohon menerima kutipan akta kelahiran",
        ],
        duration="1x24 jam setelah berkas lengkap",
        fee=FREE_ADMINDUK,
        product="Kutipan Akta Kelahiran",
        legal_basis=AKTA_BASIS,
        description="Pencatatan kelahiran dan penerbitan kutipan akta kelahiran.",
        keywords="akte lahir, bikin akta anak, akta kelahiran bayi, akte kelahiran hilang",
        online_booking=True,
        slot_capacity=15,
        daily_quota=100,
        expected_service_minutes=12,
    ),
    ServiceData(
        code="akta-kematian",
        name="Penerbitan Akta Kematian",
        prefix="K",
        requirements=[
            "Surat keterangan kematian dari rumah sakit, dokter, atau kelurahan",
            "KK dan KTP-el asli almarhum/almarhumah",
            "Fotokopi KTP-el pelapor",
            "Formulir F-2.01 yang telah diisi",
        ],
        procedure=[
            "Ambil nomor antrean dan serahkan berkas di loket front office",
            "Petugas memverifikasi berkas dan mencatat kematian di register akta",
            "Akta kematian diterbitkan dan KK keluarga dimutakhirkan",
            "Pelapor menerima kutipan akta kematian dan KK terbaru",
        ],
        duration="1 hari kerja setelah berkas lengkap",
        fee=FREE_ADMINDUK,
        product="Kutipan Akta Kematian dan KK terbaru",
        legal_basis=AKTA_BASIS,
        description="Pencatatan kematian penduduk dan penerbitan kutipan akta kematian.",
        keywords="akte kematian, surat kematian, lapor orang meninggal, akta meninggal",
        online_booking=True,
        slot_capacity=10,
        daily_quota=100,
        expected_service_minutes=12,
    ),
    ServiceData(
        code="kia",
        name="Penerbitan Kartu Identitas Anak (KIA)",
        prefix="L",
        requirements=[
            "Fotokopi kutipan akta kelahiran anak",
            "KK asli orang tua/wali",
            "Fotokopi KTP-el kedua orang tua/wali",
            "Pas foto anak berwarna 2x3 sebanyak 2 lembar (untuk usia 5 tahun ke atas)",
        ],
        procedure=[
            "Ambil nomor antrean dan serahkan berkas di loket front office",
            "Petugas memverifikasi berkas dan data anak di SIAK",
            "KIA dicetak",
            "Orang tua/wali menerima KIA",
        ],
        duration="1 hari kerja setelah berkas lengkap",
        fee=FREE_ADMINDUK,
        product="Kartu Identitas Anak (KIA)",
        legal_basis=KIA_BASIS,
        description="Penerbitan kartu identitas bagi anak berusia di bawah 17 tahun.",
        keywords="kia, kartu anak, ktp anak, kartu identitas anak, bikin kia",
        online_booking=True,
        slot_capacity=15,
        daily_quota=100,
        expected_service_minutes=8,
    ),
    ServiceData(
        code="aktivasi-ikd",
        name="Aktivasi Identitas Kependudukan Digital (IKD)",
        prefix="M",
        requirements=[
            "KTP-el asli",
            "Ponsel pintar dengan aplikasi Identitas Kependudukan Digital terpasang",
            "Alamat email dan nomor ponsel aktif",
        ],
        procedure=[
            "Ambil nomor antrean dan tunjukkan KTP-el kepada petugas",
            "Pemohon mengisi NIK, email, dan nomor ponsel di aplikasi IKD",
            "Pemohon melakukan verifikasi wajah di aplikasi",
            "Petugas memindai kode QR aktivasi dan mengaktifkan akun IKD",
        ],
        duration="15 menit",
        fee=FREE_ADMINDUK,
        product="Akun Identitas Kependudukan Digital aktif",
        legal_basis=KTP_EL_BASIS,
        description="Aktivasi KTP digital pada aplikasi Identitas Kependudukan Digital.",
        keywords="ktp digital, ikd, aktivasi ikd, ktp di hp, aplikasi identitas digital",
        online_booking=True,
        slot_capacity=20,
        daily_quota=100,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="pindah-keluar",
        name="Pindah Keluar (SKPWNI)",
        prefix="N",
        requirements=[
            "KK asli dan KTP-el pemohon",
            "Formulir F-1.03 (Pendaftaran Perpindahan Penduduk) yang telah diisi",
            "Alamat lengkap daerah tujuan",
            "Surat kuasa bila diwakilkan",
        ],
        procedure=[
            "Ambil nomor antrean dan serahkan berkas di loket front office",
            "Petugas memverifikasi data dan alamat tujuan di SIAK",
            "SKPWNI diterbitkan dan KK asal dimutakhirkan",
            "Pemohon menerima SKPWNI untuk dilaporkan di daerah tujuan",
        ],
        duration="Paling lama 3 hari kerja setelah berkas lengkap",
        fee=FREE_ADMINDUK,
        product="Surat Keterangan Pindah Warga Negara Indonesia (SKPWNI)",
        legal_basis=ADMINDUK,
        description="Penerbitan surat pindah bagi penduduk yang pindah ke luar daerah.",
        keywords="surat pindah, pindah domisili, pindah kota, skpwni, mutasi keluar",
        online_booking=True,
        slot_capacity=10,
        daily_quota=100,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="kedatangan",
        name="Pendaftaran Kedatangan Penduduk",
        prefix="P",
        requirements=[
            "SKPWNI dari daerah asal",
            "KTP-el pemohon",
            "KK di alamat tujuan bila menumpang atau bergabung KK",
            "Formulir F-1.02 yang telah diisi",
        ],
        procedure=[
            "Ambil nomor antrean dan serahkan SKPWNI di loket front office",
            "Petugas memverifikasi SKPWNI dan memproses kedatangan di SIAK",
            "KK di alamat baru dicetak dan KTP-el alamat baru diproses",
            "Pemohon menerima KK dan KTP-el dengan alamat baru",
        ],
        duration="1 hari kerja setelah berkas lengkap",
        fee=FREE_ADMINDUK,
        product="KK dan KTP-el dengan alamat Kota Probolinggo",
        legal_basis=ADMINDUK,
        description="Pencatatan penduduk yang datang dari luar daerah ke Kota Probolinggo.",
        keywords="pindah datang, pindah masuk, lapor kedatangan, ganti alamat ke probolinggo",
        online_booking=True,
        slot_capacity=10,
        daily_quota=100,
        expected_service_minutes=15,
    ),
]

DUKCAPIL = AgencyData(
    code="dukcapil",
    name="Dinas Kependudukan dan Pencatatan Sipil",
    kind="local",
    description="Pelayanan dokumen kependudukan dan pencatatan sipil bagi warga Kota Probolinggo.",
    pledge=(
        "Kami sanggup menyelenggarakan pelayanan administrasi kependudukan sesuai standar "
        "pelayanan yang telah ditetapkan, tanpa dipungut biaya. Apabila kami tidak menepati "
        "janji ini, kami siap menerima sanksi sesuai peraturan perundang-undangan."
    ),
    booth="Gerai 01 Dispendukcapil",
    floor="1",
    counters=4,
    services=DUKCAPIL_SERVICES,
    staff="4 orang petugas front office, 2 operator perekaman, dan 1 petugas cetak",
    supervisor="Kepala Dinas Kependudukan dan Pencatatan Sipil",
)

# ---------------------------------------------------------------------------
# Gerai 02: DPMPTSP (prefixes PA-PH)
# ---------------------------------------------------------------------------

PTSP_BASIS = (
    "UU 25/2009 tentang Pelayanan Publik; Perpres 97/2014 tentang Penyelenggaraan "
    "Pelayanan Terpadu Satu Pintu"
)
OSS_BASIS = (
    "UU 6/2023 tentang Penetapan Perppu 2/2022 tentang Cipta Kerja menjadi Undang-Undang; "
    "PP 28/2025 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko; PP 6/2021 "
    "tentang Penyelenggaraan Perizinan Berusaha di Daerah"
)
BANGUNAN_BASIS = (
    "UU 28/2002 tentang Bangunan Gedung jo. UU 6/2023; PP 16/2021 tentang Peraturan "
    "Pelaksanaan UU 28/2002 tentang Bangunan Gedung; UU 1/2022 tentang Hubungan Keuangan "
    "antara Pemerintah Pusat dan Pemerintahan Daerah"
)
PERDA_PDRD = "Perda Kota Probolinggo tentang Pajak Daerah dan Retribusi Daerah"
RETRIBUSI_PERDA = f"Sesuai {PERDA_PDRD}"

DPMPTSP_SERVICES = [
    ServiceData(
        code="nib-oss",
        name="Nomor Induk Berusaha (NIB) melalui OSS RBA",
        prefix="PA",
        requirements=[
            "KTP-el pelaku usaha dan NPWP (NIK yang telah dipadankan)",
            "Alamat email dan nomor ponsel aktif untuk akun OSS",
            "Data usaha: alamat lokasi, KBLI, modal usaha, dan jumlah tenaga kerja",
            "Akta pendirian dan SK Kemenkumham untuk badan usaha",
        ],
        procedure=[
            "Ambil nomor antrean dan sampaikan kebutuhan perizinan kepada petugas",
            "Petugas membantu membuat atau masuk ke akun OSS (oss.go.id)",
            "Pemohon mengisi data usaha dan memilih KBLI sesuai kegiatan",
            "Sistem OSS menerbitkan NIB dan pemohon mengunduh dokumennya",
        ],
        duration="Beberapa menit bila data lengkap dan benar",
        fee="Gratis",
        product="Nomor Induk Berusaha (NIB) dan perizinan sesuai tingkat risiko",
        legal_basis=OSS_BASIS,
        description="Pendampingan pendaftaran NIB sebagai identitas pelaku usaha melalui OSS RBA.",
        keywords="bikin nib, izin usaha, daftar oss, nib umkm, buat izin usaha online",
        online_booking=True,
        slot_capacity=15,
        daily_quota=None,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="pbg",
        name="Persetujuan Bangunan Gedung (PBG) melalui SIMBG",
        prefix="PB",
        requirements=[
            "KTP-el pemilik bangunan dan bukti kepemilikan tanah (sertifikat)",
            "Dokumen KKPR atau informasi tata ruang lokasi",
            "Gambar rencana arsitektur, struktur, dan utilitas bangunan",
            "Surat pernyataan kesanggupan pemilik dan perhitungan teknis",
            "Akun SIMBG (simbg.pu.go.id) atas nama pemohon",
        ],
        procedure=[
            "Pemohon mengunggah permohonan dan dokumen teknis di SIMBG",
            "Verifikasi administrasi dan konsultasi dengan Tim Profesi Ahli/TPT",
            "Penerbitan pernyataan pemenuhan standar teknis",
            "Penghitungan dan pembayaran retribusi PBG",
            "PBG diterbitkan melalui SIMBG",
        ],
        duration="Paling lama 30 hari kerja setelah dokumen lengkap",
        fee=f"{RETRIBUSI_PERDA} (retribusi PBG)",
        product="Dokumen Persetujuan Bangunan Gedung (PBG)",
        legal_basis=f"{BANGUNAN_BASIS}; {PERDA_PDRD}",
        description="Persetujuan untuk membangun baru, mengubah, atau merawat bangunan gedung.",
        keywords="imb, pbg, izin bangun rumah, izin mendirikan bangunan, simbg, renovasi rumah",
        online_booking=True,
        slot_capacity=10,
        daily_quota=None,
        expected_service_minutes=20,
    ),
    ServiceData(
        code="slf",
        name="Sertifikat Laik Fungsi (SLF) Bangunan Gedung",
        prefix="PC",
        requirements=[
            "PBG atau IMB bangunan",
            "Surat pernyataan kelaikan fungsi dari penyedia jasa pengkaji teknis",
            "Gambar terbangun (as built drawing)",
            "KTP-el pemilik dan bukti kepemilikan bangunan",
        ],
        procedure=[
            "Pemohon mengajukan permohonan SLF melalui SIMBG",
            "Verifikasi dokumen dan inspeksi lapangan oleh dinas teknis",
            "Penerbitan rekomendasi kelaikan fungsi",
            "SLF diterbitkan dan dapat diunduh di SIMBG",
        ],
        duration="Paling lama 3 hari kerja setelah rekomendasi teknis diterima",
        fee="Gratis",
        product="Sertifikat Laik Fungsi (SLF)",
        legal_basis=BANGUNAN_BASIS,
        description="Sertifikasi kelaikan fungsi bangunan gedung sebelum dimanfaatkan.",
        keywords="slf, sertifikat laik fungsi, laik fungsi gedung, izin pakai bangunan",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="kkpr",
        name="Persetujuan Kesesuaian Kegiatan Pemanfaatan Ruang (KKPR)",
        prefix="PD",
        requirements=[
            "NIB (untuk kegiatan berusaha) atau KTP-el (nonberusaha)",
            "Koordinat dan luas lokasi kegiatan",
            "Bukti penguasaan tanah",
            "Rencana teknis bangunan atau rencana induk kawasan",
        ],
        procedure=[
            "Pemohon mengajukan KKPR melalui OSS RBA atau Gistaru",
            "Penilaian dokumen usulan kegiatan terhadap RTRW/RDTR",
            "Pembahasan di Forum Penataan Ruang bila diperlukan",
            "Persetujuan KKPR diterbitkan melalui sistem",
        ],
        duration="Paling lama 20 hari kerja setelah dokumen lengkap",
        fee="Gratis",
        product="Persetujuan KKPR",
        legal_basis=(
            "UU 26/2007 tentang Penataan Ruang jo. UU 6/2023; PP 21/2021 tentang "
            "Penyelenggaraan Penataan Ruang; Perda Kota Probolinggo tentang RTRW"
        ),
        description="Persetujuan kesesuaian rencana lokasi kegiatan dengan rencana tata ruang.",
        keywords="kkpr, izin lokasi, tata ruang, kesesuaian ruang, pkkpr",
        slot_capacity=10,
        expected_service_minutes=20,
    ),
    ServiceData(
        code="sip-nakes",
        name="Surat Izin Praktik (SIP) Tenaga Medis dan Tenaga Kesehatan",
        prefix="PE",
        requirements=[
            "STR yang masih berlaku",
            "Surat keterangan dari fasilitas pelayanan kesehatan tempat praktik",
            "Pas foto berwarna 4x6 dan KTP-el",
            "Rekomendasi organisasi profesi sesuai ketentuan",
            "Rekomendasi Dinas Kesehatan Kota Probolinggo",
        ],
        procedure=[
            "Pemohon mengajukan permohonan SIP melalui aplikasi perizinan daerah",
            "Verifikasi berkas oleh petugas DPMPTSP",
            "Verifikasi teknis oleh Dinas Kesehatan",
            "SIP ditandatangani secara elektronik dan diterbitkan",
        ],
        duration="Paling lama 5 hari kerja setelah berkas lengkap",
        fee="Gratis",
        product="Surat Izin Praktik (SIP)",
        legal_basis=(
            "UU 17/2023 tentang Kesehatan; PP 28/2024 tentang Peraturan Pelaksanaan "
            "UU 17/2023 tentang Kesehatan"
        ),
        description="Izin praktik bagi dokter, dokter gigi, bidan, perawat, dan tenaga kesehatan.",
        keywords="sip dokter, sip bidan, sip perawat, izin praktik, perpanjang sip",
        online_booking=True,
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="izin-reklame",
        name="Izin Penyelenggaraan Reklame",
        prefix="PF",
        requirements=[
            "KTP-el pemohon dan NPWPD/NIB bila badan usaha",
            "Desain, ukuran, dan naskah reklame",
            "Denah dan foto lokasi pemasangan",
            "Surat persetujuan pemilik lahan atau bangunan",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di loket DPMPTSP",
            "Survei lokasi oleh tim teknis reklame",
            "Penetapan pajak reklame oleh Bapenda",
            "Pemohon membayar pajak dan izin reklame diterbitkan",
        ],
        duration="Paling lama 5 hari kerja setelah berkas lengkap",
        fee="Pajak reklame sesuai Perda Kota Probolinggo tentang Pajak Daerah",
        product="Izin reklame dan stiker/plat penanda reklame",
        legal_basis=(
            "UU 1/2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan "
            "Daerah; PP 35/2023 tentang Ketentuan Umum Pajak Daerah dan Retribusi Daerah; "
            "Perwali Kota Probolinggo tentang Penyelenggaraan Reklame"
        ),
        description="Izin pemasangan papan nama, baliho, spanduk, dan media reklame lainnya.",
        keywords="izin baliho, izin spanduk, pasang reklame, papan nama toko, izin banner",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="izin-usaha-mikro",
        name="Perizinan Usaha Mikro dan Kecil (Perizinan Tunggal)",
        prefix="PG",
        requirements=[
            "KTP-el pelaku usaha",
            "Nomor ponsel dan email aktif",
            "Alamat dan foto tempat usaha",
            "Surat pernyataan kesanggupan memenuhi standar usaha",
        ],
        procedure=[
            "Ambil nomor antrean dan sampaikan jenis usaha kepada petugas",
            "Petugas membantu pendaftaran melalui OSS RBA",
            "Sistem menerbitkan NIB sebagai perizinan tunggal UMK",
            "Pemohon menerima NIB beserta sertifikat standar/halal bila diperlukan",
        ],
        duration="1 hari kerja",
        fee="Gratis",
        product="NIB Perizinan Tunggal Usaha Mikro dan Kecil",
        legal_basis=(
            f"{OSS_BASIS}; PP 7/2021 tentang Kemudahan, Pelindungan, dan Pemberdayaan "
            "Koperasi dan Usaha Mikro, Kecil, dan Menengah"
        ),
        description="Perizinan tunggal bagi usaha mikro dan kecil berisiko rendah.",
        keywords="iumk, izin usaha kecil, izin warung, izin jualan, izin umkm, usaha rumahan",
        slot_capacity=15,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="konsultasi-perizinan",
        name="Konsultasi dan Informasi Perizinan",
        prefix="PH",
        requirements=[
            "KTP-el pemohon",
            "Dokumen atau informasi rencana usaha/kegiatan yang akan dikonsultasikan",
        ],
        procedure=[
            "Ambil nomor antrean konsultasi",
            "Sampaikan rencana kegiatan atau kendala perizinan kepada petugas",
            "Petugas menjelaskan jenis izin, persyaratan, dan alur yang harus ditempuh",
            "Hasil konsultasi dicatat dalam buku/registrasi konsultasi",
        ],
        duration="Langsung saat itu (sekitar 20 menit)",
        fee="Gratis",
        product="Informasi dan rekomendasi alur perizinan",
        legal_basis=f"{PTSP_BASIS}; {OSS_BASIS}",
        description="Layanan konsultasi jenis, syarat, dan alur perizinan serta kendala OSS.",
        keywords="tanya izin, konsultasi oss, bingung izin, info perizinan, oss error",
        slot_capacity=15,
        expected_service_minutes=20,
    ),
]

DPMPTSP = AgencyData(
    code="dpmptsp",
    name="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    kind="local",
    description="Penyelenggara perizinan dan nonperizinan daerah serta pendampingan OSS RBA.",
    pledge=(
        "Kami sanggup memberikan pelayanan perizinan yang mudah, cepat, transparan, dan "
        "bebas pungutan liar sesuai standar pelayanan. Apabila kami tidak menepati janji ini, "
        "kami siap menerima sanksi sesuai peraturan perundang-undangan."
    ),
    booth="Gerai 02 DPMPTSP",
    floor="1",
    counters=3,
    services=DPMPTSP_SERVICES,
    staff="3 orang petugas front office dan 1 orang petugas helpdesk OSS",
    supervisor="Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
)

# ---------------------------------------------------------------------------
# Gerai 03: Dinas Perhubungan (prefixes HA-HG)
# ---------------------------------------------------------------------------

LLAJ = "UU 22/2009 tentang Lalu Lintas dan Angkutan Jalan"
KIR_BASIS = (
    f"{LLAJ}; PP 55/2012 tentang Kendaraan; Permenhub PM 19/2021 tentang Pengujian "
    "Berkala Kendaraan Bermotor"
)
ANGKUTAN_BASIS = (
    f"{LLAJ}; PP 74/2014 tentang Angkutan Jalan; Permenhub PM 15/2019 tentang "
    "Penyelenggaraan Angkutan Orang dengan Kendaraan Bermotor Umum dalam Trayek"
)
KIR_FEE = f"{RETRIBUSI_PERDA} (retribusi pengujian kendaraan bermotor)"

DISHUB_SERVICES = [
    ServiceData(
        code="uji-kir-berkala",
        name="Pendaftaran Uji Berkala Kendaraan Bermotor (Uji KIR)",
        prefix="HA",
        requirements=[
            "STNK asli dan fotokopi yang masih berlaku",
            "Kartu uji/BLUe dan bukti lulus uji sebelumnya",
            "KTP-el pemilik atau surat kuasa",
            "Fotokopi NIB/izin angkutan untuk kendaraan umum",
        ],
        procedure=[
            "Pemohon mendaftar dan menyerahkan berkas di gerai Dishub",
            "Pembayaran retribusi pengujian",
            "Kendaraan diuji di UPT Pengujian Kendaraan Bermotor sesuai jadwal",
            "Kendaraan yang lulus menerima kartu BLUe dan stiker hologram",
        ],
        duration="1 hari kerja (pengujian sekitar 1 jam di UPT PKB)",
        fee=KIR_FEE,
        product="Bukti Lulus Uji Elektronik (BLUe) dan stiker tanda lulus uji",
        legal_basis=KIR_BASIS,
        description="Pendaftaran pengujian berkala enam bulanan mobil barang dan angkutan umum.",
        keywords="kir, uji kir, perpanjang kir, kir pick up, kir truk, uji kendaraan",
        online_booking=True,
        slot_capacity=15,
        daily_quota=60,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="uji-kir-pertama",
        name="Pendaftaran Uji Pertama Kendaraan Bermotor",
        prefix="HB",
        requirements=[
            "Fotokopi STNK dan BPKB atau faktur kendaraan baru",
            "Sertifikat registrasi uji tipe (SRUT)",
            "KTP-el pemilik atau akta badan usaha",
            "Gambar rancang bangun kendaraan bila dimodifikasi karoseri",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Dishub",
            "Verifikasi berkas dan penetapan jadwal uji",
            "Pembayaran retribusi pengujian",
            "Kendaraan diuji dan diterbitkan BLUe bila lulus",
        ],
        duration="1 hari kerja setelah kendaraan diuji",
        fee=KIR_FEE,
        product="Bukti Lulus Uji Elektronik (BLUe) pertama",
        legal_basis=KIR_BASIS,
        description="Pendaftaran uji berkala pertama bagi kendaraan wajib uji yang baru.",
        keywords="kir baru, uji pertama, mobil baru kir, daftar kir pertama",
        slot_capacity=10,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="numpang-mutasi-uji",
        name="Numpang Uji dan Mutasi Uji Kendaraan",
        prefix="HC",
        requirements=[
            "STNK asli dan fotokopi",
            "Kartu uji/BLUe terakhir",
            "Surat permohonan numpang uji atau mutasi uji",
            "Surat keterangan dari unit pengujian asal (untuk mutasi masuk)",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Dishub",
            "Petugas memverifikasi data uji di sistem BLUe",
            "Penerbitan surat numpang uji atau mutasi uji",
            "Pemohon menerima surat untuk diserahkan ke unit pengujian tujuan",
        ],
        duration="1 hari kerja",
        fee="Gratis",
        product="Surat keterangan numpang uji atau mutasi uji",
        legal_basis=KIR_BASIS,
        description="Layanan pengalihan lokasi uji berkala kendaraan antardaerah.",
        keywords="numpang uji, mutasi kir, pindah kir, kir luar kota",
        slot_capacity=10,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="izin-trayek",
        name="Izin Penyelenggaraan Angkutan dalam Trayek (Angkutan Kota)",
        prefix="HD",
        requirements=[
            "NIB badan usaha/koperasi angkutan",
            "Fotokopi STNK dan BLUe kendaraan yang masih berlaku",
            "Surat pernyataan kesanggupan memenuhi standar pelayanan minimal",
            "Surat keterangan domisili pool/garasi kendaraan",
        ],
        procedure=[
            "Pemohon mengajukan berkas di gerai Dishub",
            "Verifikasi ketersediaan kuota trayek",
            "Pemeriksaan fisik kendaraan dan pool",
            "Izin trayek dan kartu pengawasan diterbitkan",
        ],
        duration="Paling lama 14 hari kerja setelah berkas lengkap",
        fee=f"{RETRIBUSI_PERDA} (retribusi izin trayek)",
        product="Izin trayek dan kartu pengawasan",
        legal_basis=ANGKUTAN_BASIS,
        description="Izin bagi angkutan kota yang melayani trayek tetap di Kota Probolinggo.",
        keywords="izin trayek, izin angkot, kartu pengawasan, perpanjang trayek, lyn",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="izin-insidentil",
        name="Izin Insidentil Angkutan Umum",
        prefix="HE",
        requirements=[
            "Fotokopi izin trayek atau izin angkutan yang dimiliki",
            "Fotokopi STNK dan BLUe kendaraan",
            "Surat permohonan yang memuat tujuan dan tanggal perjalanan",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Dishub",
            "Petugas memverifikasi kendaraan dan jadwal perjalanan",
            "Izin insidentil diterbitkan untuk satu kali perjalanan",
        ],
        duration="1 hari kerja",
        fee="Gratis",
        product="Surat izin insidentil",
        legal_basis=ANGKUTAN_BASIS,
        description="Izin satu kali perjalanan di luar trayek, misalnya saat mudik atau wisata.",
        keywords="izin insidentil, angkot ke luar kota, izin carter, izin rombongan mudik",
        slot_capacity=10,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="andalalin",
        name="Persetujuan Analisis Dampak Lalu Lintas (Andalalin)",
        prefix="HF",
        requirements=[
            "Surat permohonan dan NIB/KTP-el pengembang",
            "Dokumen hasil analisis dampak lalu lintas oleh tenaga ahli bersertifikat",
            "Site plan dan dokumen KKPR",
            "Surat pernyataan kesanggupan melaksanakan rekomendasi Andalalin",
        ],
        procedure=[
            "Pemohon menyerahkan dokumen Andalalin di gerai Dishub",
            "Penilaian dokumen oleh tim evaluasi Andalalin",
            "Paparan dan perbaikan dokumen oleh pemohon",
            "Persetujuan Andalalin diterbitkan",
        ],
        duration="Paling lama 30 hari kerja setelah dokumen lengkap",
        fee="Gratis",
        product="Surat persetujuan hasil Andalalin",
        legal_basis=(
            f"{LLAJ}; PP 30/2021 tentang Penyelenggaraan Bidang Lalu Lintas dan Angkutan "
            "Jalan; Permenhub PM 17/2021 tentang Penyelenggaraan Analisis Dampak Lalu Lintas"
        ),
        description="Persetujuan dokumen dampak lalu lintas untuk pembangunan pusat kegiatan.",
        keywords="andalalin, dampak lalu lintas, izin akses jalan, rekomendasi lalu lintas",
        slot_capacity=10,
        expected_service_minutes=20,
    ),
    ServiceData(
        code="izin-parkir",
        name="Izin Penyelenggaraan Tempat Khusus Parkir",
        prefix="HG",
        requirements=[
            "NIB atau KTP-el pengelola",
            "Denah dan foto lokasi parkir",
            "Bukti kepemilikan atau penguasaan lahan",
            "Rencana tarif dan jumlah satuan ruang parkir",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Dishub",
            "Survei lokasi oleh petugas perparkiran",
            "Penetapan kapasitas dan tata letak parkir",
            "Izin tempat khusus parkir diterbitkan",
        ],
        duration="Paling lama 7 hari kerja setelah berkas lengkap",
        fee=RETRIBUSI_PERDA,
        product="Izin tempat khusus parkir",
        legal_basis=(
            f"{LLAJ}; PP 79/2013 tentang Jaringan Lalu Lintas dan Angkutan Jalan; "
            "Perda Kota Probolinggo tentang Penyelenggaraan Perparkiran"
        ),
        description="Izin pengelolaan tempat parkir khusus di luar badan jalan.",
        keywords="izin parkir, buka lahan parkir, parkir toko, izin kantong parkir",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
]

DISHUB = AgencyData(
    code="dishub",
    name="Dinas Perhubungan",
    kind="local",
    description="Pelayanan pengujian kendaraan bermotor, perizinan angkutan, dan perparkiran.",
    pledge=(
        "Kami sanggup memberikan pelayanan perhubungan yang cepat, tepat, dan transparan "
        "sesuai standar pelayanan. Apabila kami tidak menepati janji ini, kami siap menerima "
        "sanksi sesuai peraturan perundang-undangan."
    ),
    booth="Gerai 03 Dishub",
    floor="1",
    counters=2,
    services=DISHUB_SERVICES,
    staff="2 orang petugas front office",
    supervisor="Kepala Dinas Perhubungan",
)

# ---------------------------------------------------------------------------
# Gerai 04: Dinas Tenaga Kerja (prefixes NA-NF)
# ---------------------------------------------------------------------------

KETENAGAKERJAAN = "UU 13/2003 tentang Ketenagakerjaan jo. UU 6/2023"
PKB_PP_BASIS = (
    f"{KETENAGAKERJAAN}; Permenaker 28/2014 tentang Tata Cara Pembuatan dan Pengesahan "
    "Peraturan Perusahaan serta Pembuatan dan Pendaftaran Perjanjian Kerja Bersama"
)

DISNAKER_SERVICES = [
    ServiceData(
        code="kartu-ak1",
        name="Kartu Tanda Bukti Pendaftaran Pencari Kerja (AK/I, Kartu Kuning)",
        prefix="NA",
        requirements=[
            "KTP-el Kota Probolinggo",
            "Fotokopi ijazah terakhir dan transkrip nilai",
            "Pas foto berwarna 3x4 sebanyak 2 lembar",
            "Akun SIAPkerja (karirhub.kemnaker.go.id) bila daftar daring",
        ],
        procedure=[
            "Ambil nomor antrean dan serahkan berkas kepada petugas",
            "Petugas memverifikasi data dan mendaftarkan pencari kerja di sistem",
            "Kartu AK/I dicetak dan ditandatangani",
            "Pemohon menerima kartu AK/I",
        ],
        duration="Selesai pada hari yang sama (sekitar 15 menit)",
        fee="Gratis",
        product="Kartu AK/I (kartu kuning)",
        legal_basis=f"{KETENAGAKERJAAN}; Permenaker 39/2016 tentang Penempatan Tenaga Kerja",
        description="Penerbitan kartu pencari kerja yang dibutuhkan untuk melamar pekerjaan.",
        keywords="kartu kuning, ak1, ak/1, kartu pencari kerja, syarat lamar kerja",
        online_booking=True,
        slot_capacity=20,
        daily_quota=None,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="pelatihan-kerja",
        name="Pendaftaran Pelatihan Kerja",
        prefix="NB",
        requirements=[
            "KTP-el Kota Probolinggo",
            "Fotokopi ijazah terakhir",
            "Kartu AK/I",
            "Pas foto berwarna 3x4 sebanyak 2 lembar",
        ],
        procedure=[
            "Pemohon memilih kejuruan pelatihan yang dibuka",
            "Petugas mencatat pendaftaran dan memverifikasi berkas",
            "Peserta mengikuti seleksi administrasi dan wawancara",
            "Peserta yang lolos menerima jadwal pelatihan",
        ],
        duration="Pendaftaran 10 menit; pengumuman sesuai jadwal angkatan pelatihan",
        fee="Gratis",
        product="Bukti pendaftaran pelatihan kerja",
        legal_basis=(f"{KETENAGAKERJAAN}; PP 31/2006 tentang Sistem Pelatihan Kerja Nasional"),
        description="Pendaftaran pelatihan keterampilan kerja berbasis kompetensi.",
        keywords="pelatihan kerja, kursus gratis, blk, pelatihan menjahit, pelatihan las",
        slot_capacity=15,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="pencatatan-pkb",
        name="Pendaftaran Perjanjian Kerja Bersama (PKB)",
        prefix="NC",
        requirements=[
            "Surat permohonan pendaftaran dari pengusaha atau serikat pekerja",
            "Naskah PKB yang ditandatangani pengusaha dan serikat pekerja (3 rangkap)",
            "Bukti verifikasi keanggotaan serikat pekerja",
            "Fotokopi NIB perusahaan",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Disnaker",
            "Petugas meneliti kelengkapan dan isi PKB",
            "Surat keputusan pendaftaran PKB diterbitkan",
        ],
        duration="Paling lama 6 hari kerja setelah berkas lengkap",
        fee="Gratis",
        product="Surat Keputusan Pendaftaran PKB",
        legal_basis=PKB_PP_BASIS,
        description="Pendaftaran PKB antara pengusaha dan serikat pekerja di Kota Probolinggo.",
        keywords="pkb, perjanjian kerja bersama, daftar pkb, serikat pekerja",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="pengesahan-peraturan-perusahaan",
        name="Pengesahan Peraturan Perusahaan",
        prefix="ND",
        requirements=[
            "Surat permohonan pengesahan dari pimpinan perusahaan",
            "Naskah peraturan perusahaan (3 rangkap)",
            "Bukti telah dimintakan saran dan pertimbangan wakil pekerja",
            "Fotokopi NIB perusahaan",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Disnaker",
            "Pengawas meneliti isi peraturan perusahaan",
            "Pemohon memperbaiki naskah bila ada catatan",
            "Surat keputusan pengesahan diterbitkan",
        ],
        duration="Paling lama 7 hari kerja setelah berkas lengkap",
        fee="Gratis",
        product="Surat Keputusan Pengesahan Peraturan Perusahaan",
        legal_basis=PKB_PP_BASIS,
        description="Pengesahan peraturan perusahaan bagi perusahaan dengan 10 pekerja atau lebih.",
        keywords="peraturan perusahaan, pengesahan pp, aturan kerja perusahaan",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="mediasi-hubungan-industrial",
        name="Pencatatan Perselisihan Hubungan Industrial dan Mediasi",
        prefix="NE",
        requirements=[
            "Surat permohonan pencatatan perselisihan",
            "Risalah perundingan bipartit yang gagal",
            "Fotokopi KTP-el pemohon dan bukti hubungan kerja",
            "Dokumen pendukung (slip gaji, surat PHK, perjanjian kerja)",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Disnaker",
            "Perselisihan dicatat dan ditunjuk mediator hubungan industrial",
            "Mediator memanggil para pihak untuk sidang mediasi",
            "Mediasi menghasilkan perjanjian bersama atau anjuran tertulis",
        ],
        duration="Paling lama 30 hari kerja sejak pelimpahan",
        fee="Gratis",
        product="Perjanjian bersama atau anjuran mediator",
        legal_basis=(
            "UU 2/2004 tentang Penyelesaian Perselisihan Hubungan Industrial; "
            "Permenaker 17/2014 tentang Pengangkatan dan Pemberhentian Mediator Hubungan "
            "Industrial serta Tata Kerja Mediasi"
        ),
        description="Pencatatan dan mediasi perselisihan antara pekerja dan pengusaha.",
        keywords="di phk, pesangon, gaji tidak dibayar, mediasi kerja, lapor perusahaan",
        slot_capacity=10,
        expected_service_minutes=20,
    ),
    ServiceData(
        code="pendaftaran-cpmi",
        name="Pendaftaran Calon Pekerja Migran Indonesia (CPMI)",
        prefix="NF",
        requirements=[
            "KTP-el dan KK",
            "Akta kelahiran atau surat kenal lahir",
            "Surat izin orang tua/suami/istri diketahui kepala kelurahan",
            "Surat keterangan sehat dan fotokopi ijazah",
        ],
        procedure=[
            "Pemohon mendaftar di gerai Disnaker dengan membawa berkas",
            "Petugas memverifikasi dokumen dan memberi penyuluhan migrasi aman",
            "Data CPMI dicatat di SISKOP2MI",
            "Pemohon menerima surat rekomendasi untuk proses paspor dan penempatan",
        ],
        duration="1 hari kerja",
        fee="Gratis",
        product="Bukti pendaftaran CPMI dan surat rekomendasi",
        legal_basis="UU 18/2017 tentang Pelindungan Pekerja Migran Indonesia",
        description="Pendaftaran dan verifikasi dokumen warga yang akan bekerja ke luar negeri.",
        keywords="kerja luar negeri, tki, pmi, daftar tkw, rekom paspor tki",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
]

DISNAKER = AgencyData(
    code="disnaker",
    name="Dinas Tenaga Kerja",
    kind="local",
    description="Pelayanan pencari kerja, pelatihan kerja, dan hubungan industrial.",
    pledge=(
        "Kami sanggup melayani pencari kerja, pekerja, dan pengusaha secara ramah, cepat, "
        "dan tanpa biaya sesuai standar pelayanan. Apabila kami tidak menepati janji ini, "
        "kami siap menerima sanksi sesuai peraturan perundang-undangan."
    ),
    booth="Gerai 04 Disnaker",
    floor="1",
    counters=2,
    services=DISNAKER_SERVICES,
    staff="2 orang petugas front office dan 1 orang mediator hubungan industrial",
    supervisor="Kepala Dinas Tenaga Kerja",
)

# ---------------------------------------------------------------------------
# Gerai 05: Dinas Sosial (prefixes LA-LF)
# ---------------------------------------------------------------------------

KESOS_BASIS = (
    "UU 11/2009 tentang Kesejahteraan Sosial; UU 13/2011 tentang Penanganan Fakir Miskin; "
    "Permensos 3/2021 tentang Pengelolaan Data Terpadu Kesejahteraan Sosial"
)

DINSOS_SERVICES = [
    ServiceData(
        code="usulan-dtks",
        name="Usulan Pendaftaran dan Pembaruan Data DTKS",
        prefix="LA",
        requirements=[
            "KTP-el dan KK asli",
            "Surat pengantar RT/RW dan kelurahan",
            "Foto rumah tampak depan dan dalam",
            "Nomor ponsel aktif",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Dinsos",
            "Petugas memadankan NIK dengan data kependudukan",
            "Usulan diinput ke SIKS-NG untuk verifikasi dan validasi",
            "Hasil verifikasi lapangan ditetapkan dalam pemutakhiran data berkala",
        ],
        duration="Input usulan 15 menit; penetapan mengikuti jadwal pemutakhiran data",
        fee="Gratis",
        product="Tanda terima usulan DTKS",
        legal_basis=KESOS_BASIS,
        description="Pendaftaran keluarga kurang mampu ke Data Terpadu Kesejahteraan Sosial.",
        keywords="daftar dtks, masuk data miskin, daftar bansos, dtks, update data bansos",
        online_booking=True,
        slot_capacity=15,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="surat-keterangan-dtks",
        name="Surat Keterangan Terdaftar DTKS",
        prefix="LB",
        requirements=[
            "KTP-el dan KK asli",
            "Surat pengantar kelurahan",
            "Surat keterangan keperluan (sekolah, rumah sakit, atau beasiswa)",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Dinsos",
            "Petugas mengecek status NIK di DTKS",
            "Surat keterangan dicetak dan ditandatangani pejabat berwenang",
        ],
        duration="Selesai pada hari yang sama",
        fee="Gratis",
        product="Surat Keterangan Terdaftar DTKS",
        legal_basis=KESOS_BASIS,
        description="Surat keterangan status DTKS untuk keperluan sekolah, beasiswa, atau berobat.",
        keywords="sktm, surat miskin, surat tidak mampu, surat dtks, keringanan biaya sekolah",
        slot_capacity=15,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="rekomendasi-pbi",
        name="Rekomendasi PBI Jaminan Kesehatan (KIS)",
        prefix="LC",
        requirements=[
            "KTP-el dan KK asli",
            "Kartu KIS yang nonaktif (untuk reaktivasi)",
            "Surat keterangan rawat inap/rujukan dari rumah sakit bila sedang dirawat",
            "Surat pengantar kelurahan",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Dinsos",
            "Petugas memeriksa status DTKS dan kepesertaan BPJS Kesehatan",
            "Rekomendasi PBI/reaktivasi diterbitkan",
            "Pemohon membawa rekomendasi ke BPJS Kesehatan",
        ],
        duration="1 hari kerja",
        fee="Gratis",
        product="Surat rekomendasi PBI Jaminan Kesehatan",
        legal_basis=(
            f"{KESOS_BASIS}; PP 101/2012 tentang Penerima Bantuan Iuran Jaminan Kesehatan "
            "jo. PP 76/2015; Permensos 21/2019 tentang Persyaratan dan Tata Cara Perubahan "
            "Data Penerima Bantuan Iuran Jaminan Kesehatan"
        ),
        description="Rekomendasi pendaftaran atau pengaktifan kembali KIS yang dibayar pemerintah.",
        keywords="kis mati, aktifkan kis, bpjs gratis, bpjs pbi, kis nonaktif, bpjs tidak aktif",
        online_booking=True,
        slot_capacity=15,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="kartu-penyandang-disabilitas",
        name="Kartu Penyandang Disabilitas (KPD)",
        prefix="LD",
        requirements=[
            "KTP-el atau KIA dan KK",
            "Surat keterangan disabilitas dari dokter/fasilitas kesehatan",
            "Pas foto berwarna 3x4 sebanyak 2 lembar",
        ],
        procedure=[
            "Pemohon atau keluarga menyerahkan berkas di gerai Dinsos",
            "Petugas melakukan asesmen dan mencatat data di SIKS-NG",
            "Usulan KPD diteruskan ke Kementerian Sosial",
            "KPD diterbitkan dan diserahkan kepada pemohon",
        ],
        duration="Paling lama 14 hari kerja",
        fee="Gratis",
        product="Kartu Penyandang Disabilitas",
        legal_basis=(
            "UU 8/2016 tentang Penyandang Disabilitas; Permensos 2/2021 tentang Kartu "
            "Penyandang Disabilitas"
        ),
        description="Pendataan dan penerbitan kartu bagi penyandang disabilitas.",
        keywords="kartu disabilitas, kpd, data difabel, kartu difabel, bantuan disabilitas",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="rekomendasi-lks",
        name="Rekomendasi Tanda Daftar Lembaga Kesejahteraan Sosial (LKS)",
        prefix="LE",
        requirements=[
            "Akta notaris dan SK Kemenkumham yayasan/perkumpulan",
            "Susunan pengurus dan KTP-el pengurus",
            "Surat keterangan domisili lembaga",
            "Program kerja dan data penerima layanan",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Dinsos",
            "Verifikasi dokumen dan peninjauan lokasi lembaga",
            "Rekomendasi/tanda daftar LKS diterbitkan",
        ],
        duration="Paling lama 14 hari kerja setelah berkas lengkap",
        fee="Gratis",
        product="Surat rekomendasi/tanda daftar LKS",
        legal_basis=(f"{KESOS_BASIS}; Permensos 184/2011 tentang Lembaga Kesejahteraan Sosial"),
        description="Pendaftaran lembaga seperti panti asuhan dan yayasan sosial.",
        keywords="izin panti asuhan, daftar yayasan sosial, lks, izin lembaga sosial",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="rekomendasi-pengangkatan-anak",
        name="Rekomendasi Pengangkatan Anak",
        prefix="LF",
        requirements=[
            "Surat permohonan calon orang tua angkat",
            "KTP-el, KK, dan buku nikah calon orang tua angkat",
            "Akta kelahiran calon anak angkat dan surat persetujuan orang tua kandung",
            "Surat keterangan sehat, SKCK, dan keterangan penghasilan",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Dinsos",
            "Pekerja sosial melakukan asesmen dan kunjungan rumah",
            "Pembahasan oleh Tim Pertimbangan Perizinan Pengangkatan Anak",
            "Rekomendasi diterbitkan untuk proses penetapan di pengadilan",
        ],
        duration="Paling lama 30 hari kerja setelah asesmen selesai",
        fee="Gratis",
        product="Surat rekomendasi pengangkatan anak",
        legal_basis=(
            "UU 23/2002 jo. UU 35/2014 tentang Perlindungan Anak; PP 54/2007 tentang "
            "Pelaksanaan Pengangkatan Anak; Permensos 110/HUK/2009 tentang Persyaratan "
            "Pengangkatan Anak"
        ),
        description="Rekomendasi sosial bagi calon orang tua yang akan mengangkat anak.",
        keywords="adopsi anak, angkat anak, anak angkat, syarat adopsi",
        slot_capacity=10,
        expected_service_minutes=20,
    ),
]

DINSOS = AgencyData(
    code="dinsos",
    name="Dinas Sosial",
    kind="local",
    description="Pelayanan data kesejahteraan sosial, jaminan sosial, dan rehabilitasi sosial.",
    pledge=(
        "Kami sanggup melayani masyarakat dengan empati, adil, dan tanpa biaya sesuai "
        "standar pelayanan. Apabila kami tidak menepati janji ini, kami siap menerima sanksi "
        "sesuai peraturan perundang-undangan."
    ),
    booth="Gerai 05 Dinsos",
    floor="1",
    counters=2,
    services=DINSOS_SERVICES,
    staff="2 orang petugas front office dan 1 orang pekerja sosial",
    supervisor="Kepala Dinas Sosial",
)

# ---------------------------------------------------------------------------
# Gerai 06: Dinas Kesehatan (prefixes KA-KG)
# ---------------------------------------------------------------------------

KESEHATAN = (
    "UU 17/2023 tentang Kesehatan; PP 28/2024 tentang Peraturan Pelaksanaan UU 17/2023 "
    "tentang Kesehatan"
)
KESLING = (
    f"{KESEHATAN}; Permenkes 2/2023 tentang Peraturan Pelaksanaan PP 66/2014 tentang "
    "Kesehatan Lingkungan"
)
SLHS_FEE = f"{RETRIBUSI_PERDA} (biaya uji laboratorium sampel)"

DINKES_SERVICES = [
    ServiceData(
        code="rekomendasi-sip-tenaga-medis",
        name="Rekomendasi SIP Dokter dan Dokter Gigi",
        prefix="KA",
        requirements=[
            "Fotokopi STR yang masih berlaku",
            "Surat keterangan dari fasilitas pelayanan kesehatan tempat praktik",
            "Fotokopi KTP-el dan pas foto berwarna 4x6",
            "Daftar SIP yang sudah dimiliki (paling banyak 3 tempat praktik)",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Dinkes",
            "Petugas memverifikasi STR di sistem Satu Sehat SDMK",
            "Visitasi tempat praktik mandiri bila diperlukan",
            "Rekomendasi diterbitkan untuk penerbitan SIP di DPMPTSP",
        ],
        duration="Paling lama 3 hari kerja",
        fee="Gratis",
        product="Surat rekomendasi penerbitan SIP",
        legal_basis=KESEHATAN,
        description="Verifikasi teknis dan rekomendasi izin praktik bagi dokter dan dokter gigi.",
        keywords="rekom sip dokter, izin praktik dokter, perpanjang sip dokter gigi",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="rekomendasi-sip-nakes",
        name="Rekomendasi SIP Tenaga Kesehatan (Perawat, Bidan, Apoteker, dan lainnya)",
        prefix="KB",
        requirements=[
            "Fotokopi STR yang masih berlaku",
            "Surat keterangan bekerja dari fasilitas pelayanan kesehatan",
            "Fotokopi KTP-el dan pas foto berwarna 4x6",
            "Denah lokasi untuk praktik mandiri",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Dinkes",
            "Petugas memverifikasi STR dan tempat praktik",
            "Rekomendasi diterbitkan untuk penerbitan SIP di DPMPTSP",
        ],
        duration="Paling lama 3 hari kerja",
        fee="Gratis",
        product="Surat rekomendasi penerbitan SIP",
        legal_basis=KESEHATAN,
        description="Rekomendasi izin praktik bagi perawat, bidan, apoteker, dan tenaga kesehatan.",
        keywords="sip bidan, sip perawat, sipa apoteker, rekom sip, izin praktik bidan",
        slot_capacity=15,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="slhs-tpp",
        name="Sertifikat Laik Higiene Sanitasi (SLHS) Tempat Pengelolaan Pangan",
        prefix="KC",
        requirements=[
            "NIB usaha jasa boga, restoran, atau rumah makan",
            "Fotokopi KTP-el pemilik dan denah dapur",
            "Sertifikat pelatihan keamanan pangan penjamah pangan",
            "Hasil pemeriksaan kesehatan penjamah pangan",
        ],
        procedure=[
            "Pemohon mengajukan permohonan di gerai Dinkes atau melalui OSS",
            "Inspeksi kesehatan lingkungan oleh sanitarian puskesmas",
            "Pengambilan dan uji laboratorium sampel pangan dan air",
            "SLHS diterbitkan bila memenuhi syarat",
        ],
        duration="Paling lama 14 hari kerja",
        fee=SLHS_FEE,
        product="Sertifikat Laik Higiene Sanitasi",
        legal_basis=(
            f"{KESLING}; Permenkes 14/2021 tentang Standar Kegiatan Usaha dan Produk pada "
            "Penyelenggaraan Perizinan Berusaha Berbasis Risiko Sektor Kesehatan"
        ),
        description="Sertifikasi higiene sanitasi bagi jasa boga, restoran, dan rumah makan.",
        keywords="slhs, sertifikat higiene, izin katering, laik sehat restoran, mbg dapur",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="slhs-depot-air-minum",
        name="Sertifikat Laik Higiene Sanitasi Depot Air Minum",
        prefix="KD",
        requirements=[
            "NIB usaha depot air minum",
            "Hasil uji laboratorium kualitas air baku dan air minum",
            "Sertifikat kursus higiene sanitasi operator depot",
            "Fotokopi KTP-el pemilik",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Dinkes",
            "Inspeksi sanitasi depot oleh petugas kesehatan lingkungan",
            "Uji laboratorium sampel air",
            "Sertifikat diterbitkan bila memenuhi syarat",
        ],
        duration="Paling lama 14 hari kerja",
        fee=SLHS_FEE,
        product="Sertifikat Laik Higiene Sanitasi Depot Air Minum",
        legal_basis=(f"{KESLING}; Permenkes 43/2014 tentang Higiene Sanitasi Depot Air Minum"),
        description="Sertifikasi higiene sanitasi bagi depot air minum isi ulang.",
        keywords="izin depot air, air isi ulang, uji air depot, sertifikat depot",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="spp-irt",
        name="Sertifikat Produksi Pangan Industri Rumah Tangga (SPP-IRT)",
        prefix="KE",
        requirements=[
            "NIB dengan KBLI pangan olahan industri rumah tangga",
            "Sertifikat penyuluhan keamanan pangan",
            "Label dan komposisi produk",
            "Denah dan foto sarana produksi",
        ],
        procedure=[
            "Pelaku usaha mendaftar melalui OSS RBA",
            "Mengikuti penyuluhan keamanan pangan bila belum memiliki sertifikat",
            "Pemeriksaan sarana produksi oleh tenaga pengawas pangan",
            "Nomor P-IRT dan SPP-IRT diterbitkan",
        ],
        duration="Paling lama 14 hari kerja setelah pemeriksaan sarana",
        fee="Gratis",
        product="SPP-IRT dan nomor P-IRT",
        legal_basis=(
            "PP 86/2019 tentang Keamanan Pangan; Peraturan BPOM 22/2018 tentang Pedoman "
            "Pemberian Sertifikat Produksi Pangan Industri Rumah Tangga"
        ),
        description="Sertifikat izin edar pangan olahan produksi rumahan.",
        keywords="pirt, izin pirt, izin makanan rumahan, izin keripik, nomor pirt",
        online_booking=True,
        slot_capacity=15,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="izin-klinik",
        name="Rekomendasi Izin Operasional Klinik Pratama",
        prefix="KF",
        requirements=[
            "NIB badan usaha dan PBG/SLF bangunan",
            "Profil klinik, struktur organisasi, dan daftar tenaga",
            "Fotokopi STR dan SIP penanggung jawab klinik",
            "Daftar sarana, prasarana, dan peralatan kesehatan",
        ],
        procedure=[
            "Pemohon mengajukan permohonan melalui OSS dan menyerahkan berkas di gerai Dinkes",
            "Verifikasi dokumen oleh tim perizinan Dinkes",
            "Visitasi lapangan sesuai standar klinik",
            "Rekomendasi/verifikasi persyaratan disampaikan melalui OSS",
        ],
        duration="Paling lama 14 hari kerja",
        fee="Gratis",
        product="Rekomendasi pemenuhan standar izin operasional klinik",
        legal_basis=(
            f"{KESEHATAN}; Permenkes 14/2021 tentang Standar Kegiatan Usaha dan Produk pada "
            "Penyelenggaraan Perizinan Berusaha Berbasis Risiko Sektor Kesehatan"
        ),
        description="Verifikasi pemenuhan standar untuk izin operasional klinik pratama.",
        keywords="izin klinik, buka klinik, klinik pratama, izin operasional klinik",
        slot_capacity=10,
        expected_service_minutes=20,
    ),
    ServiceData(
        code="stpt",
        name="Surat Terdaftar Penyehat Tradisional (STPT)",
        prefix="KG",
        requirements=[
            "Fotokopi KTP-el dan pas foto berwarna 4x6",
            "Surat keterangan kompetensi atau sertifikat pelatihan kesehatan tradisional",
            "Surat keterangan lokasi tempat praktik",
            "Rekomendasi asosiasi penyehat tradisional",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Dinkes",
            "Verifikasi dokumen dan peninjauan tempat praktik",
            "STPT diterbitkan",
        ],
        duration="Paling lama 7 hari kerja",
        fee="Gratis",
        product="Surat Terdaftar Penyehat Tradisional",
        legal_basis=(
            f"{KESEHATAN}; Permenkes 61/2016 tentang Pelayanan Kesehatan Tradisional Empiris"
        ),
        description="Pendaftaran praktik penyehat tradisional seperti pijat dan akupresur.",
        keywords="izin pijat, izin bekam, stpt, praktik tradisional, izin akupresur",
        slot_capacity=10,
        expected_service_minutes=10,
    ),
]

DINKES = AgencyData(
    code="dinkes",
    name="Dinas Kesehatan",
    kind="local",
    description="Pelayanan perizinan dan rekomendasi di bidang kesehatan.",
    pledge=(
        "Kami sanggup memberikan pelayanan perizinan kesehatan yang profesional, cepat, dan "
        "transparan sesuai standar pelayanan. Apabila kami tidak menepati janji ini, kami "
        "siap menerima sanksi sesuai peraturan perundang-undangan."
    ),
    booth="Gerai 06 Dinkes",
    floor="2",
    counters=2,
    services=DINKES_SERVICES,
    staff="2 orang petugas front office",
    supervisor="Kepala Dinas Kesehatan",
)

# ---------------------------------------------------------------------------
# Gerai 07: Badan Pendapatan Daerah (prefixes BA-BG)
# ---------------------------------------------------------------------------

PDRD = (
    "UU 1/2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan Daerah; "
    f"PP 35/2023 tentang Ketentuan Umum Pajak Daerah dan Retribusi Daerah; {PERDA_PDRD}"
)

BAPENDA_SERVICES = [
    ServiceData(
        code="pendaftaran-objek-pbb",
        name="Pendaftaran Objek PBB-P2 Baru",
        prefix="BA",
        requirements=[
            "Surat Pemberitahuan Objek Pajak (SPOP) dan LSPOP yang telah diisi",
            "Fotokopi KTP-el wajib pajak",
            "Fotokopi sertifikat tanah atau bukti kepemilikan lainnya",
            "Fotokopi PBG/IMB bila ada bangunan",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Bapenda",
            "Petugas meneliti berkas dan melakukan penelitian lapangan bila perlu",
            "Objek pajak direkam di basis data PBB-P2",
            "SPPT PBB-P2 diterbitkan",
        ],
        duration="Paling lama 7 hari kerja",
        fee="Gratis",
        product="SPPT PBB-P2 dan NOP baru",
        legal_basis=PDRD,
        description="Pendaftaran tanah atau bangunan yang belum memiliki SPPT PBB-P2.",
        keywords="daftar pbb, sppt baru, nop baru, pbb belum ada, pecah pbb",
        slot_capacity=15,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="mutasi-sppt",
        name="Mutasi dan Balik Nama SPPT PBB-P2",
        prefix="BB",
        requirements=[
            "SPPT PBB-P2 tahun berjalan dan bukti lunas 5 tahun terakhir",
            "Fotokopi KTP-el wajib pajak baru",
            "Fotokopi sertifikat atau akta jual beli/hibah/waris",
            "Formulir SPOP mutasi yang telah diisi",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Bapenda",
            "Petugas meneliti dokumen peralihan hak",
            "Data subjek atau objek pajak dimutakhirkan",
            "SPPT dengan nama baru diterbitkan",
        ],
        duration="Paling lama 5 hari kerja",
        fee="Gratis",
        product="SPPT PBB-P2 atas nama wajib pajak baru",
        legal_basis=PDRD,
        description="Perubahan nama wajib pajak atau pemecahan dan penggabungan objek PBB-P2.",
        keywords="balik nama pbb, ganti nama sppt, mutasi pbb, pbb atas nama orang tua",
        slot_capacity=15,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="salinan-sppt",
        name="Salinan SPPT dan Informasi Tagihan PBB-P2",
        prefix="BC",
        requirements=[
            "Nomor Objek Pajak (NOP) atau SPPT tahun sebelumnya",
            "Fotokopi KTP-el pemohon",
        ],
        procedure=[
            "Ambil nomor antrean dan sebutkan NOP kepada petugas",
            "Petugas mencari data tagihan PBB-P2",
            "Salinan SPPT atau rincian tunggakan dicetak",
        ],
        duration="Selesai saat itu (sekitar 5 menit)",
        fee="Gratis",
        product="Salinan SPPT PBB-P2 atau rincian tagihan",
        legal_basis=PDRD,
        description="Cetak ulang SPPT hilang dan informasi tunggakan PBB-P2.",
        keywords="sppt hilang, cek pbb, tagihan pbb, cetak sppt, tunggakan pbb",
        slot_capacity=25,
        expected_service_minutes=5,
    ),
    ServiceData(
        code="keberatan-pengurangan-pbb",
        name="Keberatan, Pengurangan, dan Penghapusan Denda PBB-P2",
        prefix="BD",
        requirements=[
            "Surat permohonan keberatan/pengurangan dengan alasan yang jelas",
            "Fotokopi SPPT PBB-P2 yang diajukan",
            "Fotokopi KTP-el wajib pajak",
            "Dokumen pendukung (surat keterangan penghasilan, SKTM, atau foto objek)",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Bapenda",
            "Penelitian administrasi dan lapangan oleh petugas",
            "Penerbitan surat keputusan keberatan atau pengurangan",
        ],
        duration="Paling lama 3 bulan (keberatan) atau 1 bulan (pengurangan)",
        fee="Gratis",
        product="Surat Keputusan Keberatan/Pengurangan PBB-P2",
        legal_basis=PDRD,
        description="Pengajuan keberatan atas ketetapan atau pengurangan PBB-P2 terutang.",
        keywords="pbb mahal, keringanan pbb, pengurangan pbb, hapus denda pbb, keberatan pbb",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="validasi-bphtb",
        name="Validasi/Verifikasi BPHTB",
        prefix="BE",
        requirements=[
            "SSPD BPHTB yang telah diisi dan bukti pembayaran",
            "Fotokopi SPPT PBB-P2 tahun berjalan dan bukti lunas",
            "Fotokopi KTP-el wajib pajak",
            "Fotokopi sertifikat dan draf akta PPAT/keterangan waris",
        ],
        procedure=[
            "PPAT atau wajib pajak menyerahkan berkas di gerai Bapenda",
            "Petugas memverifikasi nilai perolehan objek pajak (NPOP)",
            "Penelitian lapangan bila nilai transaksi tidak wajar",
            "SSPD BPHTB divalidasi untuk proses di BPN",
        ],
        duration="1-3 hari kerja",
        fee="Gratis (BPHTB terutang sesuai Perda, paling tinggi 5% dari NPOP dikurangi NPOPTKP)",
        product="SSPD BPHTB tervalidasi",
        legal_basis=PDRD,
        description="Validasi BPHTB atas jual beli, hibah, atau waris tanah dan bangunan.",
        keywords="bphtb, validasi bphtb, pajak beli tanah, pajak waris, balik nama sertifikat",
        online_booking=True,
        slot_capacity=15,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="pendaftaran-npwpd",
        name="Pendaftaran Wajib Pajak Daerah (NPWPD)",
        prefix="BF",
        requirements=[
            "Formulir pendaftaran wajib pajak daerah",
            "Fotokopi KTP-el pemilik dan NPWP",
            "Fotokopi NIB/izin usaha",
            "Foto dan denah lokasi usaha",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Bapenda",
            "Petugas meneliti berkas dan melakukan pendataan lapangan",
            "NPWPD diterbitkan dan wajib pajak didaftarkan di e-SPTPD",
        ],
        duration="Paling lama 3 hari kerja",
        fee="Gratis",
        product="Kartu NPWPD",
        legal_basis=PDRD,
        description="Pendaftaran wajib pajak hotel, restoran, hiburan, parkir, dan reklame.",
        keywords="npwpd, daftar pajak restoran, pajak warung, pajak kafe, pajak hotel",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="pelaporan-pajak-daerah",
        name="Pelaporan SPTPD dan Pembayaran Pajak Daerah",
        prefix="BG",
        requirements=[
            "NPWPD",
            "SPTPD yang telah diisi beserta rekap omzet/penerimaan",
            "Bukti penjualan atau rekapan bill",
        ],
        procedure=[
            "Wajib pajak menyerahkan SPTPD atau mengisi e-SPTPD dibantu petugas",
            "Petugas menerbitkan kode bayar",
            "Wajib pajak membayar melalui Bank Jatim atau kanal pembayaran lain",
            "Bukti setor divalidasi",
        ],
        duration="Selesai saat itu (sekitar 10 menit)",
        fee="Pajak terutang sesuai tarif Perda Kota Probolinggo tentang Pajak Daerah",
        product="SPTPD tercatat dan bukti setor pajak daerah",
        legal_basis=PDRD,
        description="Pelaporan dan pembayaran PBJT, pajak reklame, pajak air tanah, dan lainnya.",
        keywords="bayar pajak restoran, lapor pajak bulanan, sptpd, kode bayar pajak, pbjt",
        slot_capacity=20,
        expected_service_minutes=10,
    ),
]

BAPENDA = AgencyData(
    code="bapenda",
    name="Badan Pendapatan Daerah",
    kind="local",
    description="Pelayanan pajak daerah Kota Probolinggo, termasuk PBB-P2 dan BPHTB.",
    pledge=(
        "Kami sanggup melayani wajib pajak secara jujur, cepat, dan akuntabel sesuai standar "
        "pelayanan. Apabila kami tidak menepati janji ini, kami siap menerima sanksi sesuai "
        "peraturan perundang-undangan."
    ),
    booth="Gerai 07 Bapenda",
    floor="1",
    counters=2,
    services=BAPENDA_SERVICES,
    staff="3 orang petugas front office",
    supervisor="Kepala Badan Pendapatan Daerah",
)

# ---------------------------------------------------------------------------
# Gerai 08: Dinas Koperasi dan UMKM (prefixes MA-MF)
# ---------------------------------------------------------------------------

KOPUMKM_BASIS = (
    "UU 25/1992 tentang Perkoperasian jo. UU 6/2023; PP 7/2021 tentang Kemudahan, "
    "Pelindungan, dan Pemberdayaan Koperasi dan Usaha Mikro, Kecil, dan Menengah"
)
KOPERASI_BASIS = (
    f"{KOPUMKM_BASIS}; Permenkop UKM 9/2018 tentang Penyelenggaraan dan Pembinaan Perkoperasian"
)

DISKOPUMKM_SERVICES = [
    ServiceData(
        code="konsultasi-pendirian-koperasi",
        name="Konsultasi dan Penyuluhan Pendirian Koperasi",
        prefix="MA",
        requirements=[
            "Daftar calon anggota (paling sedikit 9 orang) beserta fotokopi KTP-el",
            "Rancangan anggaran dasar koperasi",
            "Rencana kegiatan usaha koperasi",
        ],
        procedure=[
            "Pendiri menyampaikan rencana pendirian di gerai Diskop UMKM",
            "Petugas memberikan penyuluhan perkoperasian kepada calon pendiri",
            "Pendiri menyelenggarakan rapat pendirian didampingi petugas",
            "Pendiri diarahkan ke notaris pembuat akta koperasi untuk pengesahan di AHU",
        ],
        duration="Konsultasi sekitar 20 menit; penyuluhan sesuai jadwal",
        fee="Gratis",
        product="Surat keterangan telah mengikuti penyuluhan perkoperasian",
        legal_basis=KOPERASI_BASIS,
        description="Pendampingan warga yang ingin mendirikan koperasi berbadan hukum.",
        keywords="bikin koperasi, dirikan koperasi, syarat koperasi, koperasi baru",
        slot_capacity=10,
        expected_service_minutes=20,
    ),
    ServiceData(
        code="nomor-induk-koperasi-rat",
        name="Pelaporan RAT dan Nomor Induk Koperasi (NIK)",
        prefix="MB",
        requirements=[
            "Akta pendirian dan SK badan hukum koperasi",
            "Laporan pertanggungjawaban pengurus dan notulen RAT",
            "Daftar hadir RAT dan laporan keuangan tahunan",
            "Akun Online Data System (ODS) koperasi",
        ],
        procedure=[
            "Pengurus menyerahkan dokumen RAT di gerai Diskop UMKM",
            "Petugas membantu pengisian data koperasi di ODS",
            "Verifikasi data oleh pengawas koperasi",
            "Koperasi mendapat Nomor Induk Koperasi/sertifikat NIK bila memenuhi",
        ],
        duration="Paling lama 5 hari kerja",
        fee="Gratis",
        product="Tanda terima laporan RAT dan Nomor Induk Koperasi",
        legal_basis=KOPERASI_BASIS,
        description="Pelaporan Rapat Anggota Tahunan dan pemutakhiran data koperasi.",
        keywords="lapor rat, nik koperasi, ods koperasi, laporan tahunan koperasi",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="fasilitasi-sertifikasi-halal",
        name="Fasilitasi Sertifikasi Halal Self Declare",
        prefix="MC",
        requirements=[
            "NIB usaha mikro/kecil",
            "KTP-el pelaku usaha",
            "Daftar bahan dan proses produksi yang tidak berisiko",
            "Akun SIHALAL (ptsp.halal.go.id)",
        ],
        procedure=[
            "Pelaku usaha mendaftar di gerai Diskop UMKM",
            "Pendamping Proses Produk Halal memverifikasi bahan dan proses",
            "Pengajuan diunggah ke SIHALAL dan dibahas Komite Fatwa",
            "Sertifikat halal diterbitkan BPJPH",
        ],
        duration="Sekitar 12 hari kerja sejak pengajuan lengkap di SIHALAL",
        fee="Gratis (program sertifikasi halal gratis/SEHATI sesuai kuota)",
        product="Sertifikat halal dari BPJPH",
        legal_basis=(
            "UU 33/2014 tentang Jaminan Produk Halal jo. UU 6/2023; PP 39/2021 tentang "
            "Penyelenggaraan Bidang Jaminan Produk Halal"
        ),
        description="Pendampingan sertifikasi halal gratis bagi usaha mikro dan kecil.",
        keywords="sertifikat halal, halal gratis, sehati, label halal, daftar halal umkm",
        online_booking=True,
        slot_capacity=15,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="fasilitasi-merek",
        name="Fasilitasi Pendaftaran Merek UMKM",
        prefix="MD",
        requirements=[
            "KTP-el pemilik merek dan NIB usaha mikro/kecil",
            "Etiket/logo merek dalam format JPG",
            "Surat rekomendasi UMK dari Diskop UMKM",
            "Tanda tangan pemohon pada surat pernyataan kepemilikan merek",
        ],
        procedure=[
            "Pemohon berkonsultasi dan dilakukan penelusuran merek di PDKI",
            "Petugas membantu pengajuan permohonan di merek.dgip.go.id",
            "Pembayaran PNBP bila tidak masuk kuota fasilitasi",
            "Pemohon menerima bukti permohonan merek",
        ],
        duration="Pengajuan 1 hari; pemeriksaan di DJKI sesuai ketentuan",
        fee="Gratis bagi peserta fasilitasi; mandiri Rp500.000 per kelas untuk UMK",
        product="Tanda terima permohonan pendaftaran merek",
        legal_basis="UU 20/2016 tentang Merek dan Indikasi Geografis",
        description="Pendampingan UMKM mendaftarkan merek dagang ke DJKI.",
        keywords="daftar merek, hak merek, hki, patenkan merek, logo usaha",
        slot_capacity=10,
        expected_service_minutes=20,
    ),
    ServiceData(
        code="pelatihan-umkm",
        name="Pendaftaran Pelatihan dan Pendampingan UMKM",
        prefix="ME",
        requirements=[
            "KTP-el Kota Probolinggo",
            "NIB atau keterangan usaha dari kelurahan",
            "Foto produk atau kegiatan usaha",
        ],
        procedure=[
            "Pelaku usaha mengisi formulir pendaftaran di gerai",
            "Petugas mencatat jenis usaha dan kebutuhan pelatihan",
            "Peserta dihubungi sesuai jadwal pelatihan atau klinik bisnis",
        ],
        duration="Pendaftaran sekitar 10 menit",
        fee="Gratis",
        product="Bukti pendaftaran pelatihan UMKM",
        legal_basis=KOPUMKM_BASIS,
        description="Pendaftaran pelatihan kewirausahaan, pemasaran digital, dan klinik bisnis.",
        keywords="pelatihan umkm, kursus usaha, jualan online, pelatihan gratis umkm",
        slot_capacity=15,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="pendataan-umkm",
        name="Pendataan UMKM dan Kurasi Produk",
        prefix="MF",
        requirements=[
            "KTP-el pemilik usaha",
            "NIB usaha",
            "Contoh produk dan foto kemasan",
        ],
        procedure=[
            "Pelaku usaha mengisi data usaha di gerai",
            "Petugas memasukkan data ke basis data UMKM daerah",
            "Produk dikurasi untuk galeri, pameran, atau katalog daerah",
        ],
        duration="Pendataan sekitar 15 menit; hasil kurasi 7 hari kerja",
        fee="Gratis",
        product="UMKM terdata dan hasil kurasi produk",
        legal_basis=KOPUMKM_BASIS,
        description="Pendataan pelaku UMKM dan kurasi produk untuk promosi dan pameran.",
        keywords="data umkm, ikut pameran, titip produk galeri, kurasi produk, daftar umkm",
        slot_capacity=15,
        expected_service_minutes=15,
    ),
]

DISKOPUMKM = AgencyData(
    code="diskopumkm",
    name="Dinas Koperasi, Usaha Mikro, Kecil, dan Menengah",
    kind="local",
    description="Pelayanan pembinaan koperasi serta pemberdayaan usaha mikro dan kecil.",
    pledge=(
        "Kami sanggup mendampingi koperasi dan pelaku usaha mikro dengan ramah, cepat, dan "
        "tanpa biaya sesuai standar pelayanan. Apabila kami tidak menepati janji ini, kami "
        "siap menerima sanksi sesuai peraturan perundang-undangan."
    ),
    booth="Gerai 08 Diskop UMKM",
    floor="2",
    counters=1,
    services=DISKOPUMKM_SERVICES,
    staff="2 orang petugas front office dan 1 orang pendamping UMKM",
    supervisor="Kepala Dinas Koperasi, Usaha Mikro, Kecil, dan Menengah",
)

# ---------------------------------------------------------------------------
# Gerai 09: Dinas Perdagangan dan Perindustrian (prefixes DA-DG)
# ---------------------------------------------------------------------------

METROLOGI_BASIS = (
    "UU 2/1981 tentang Metrologi Legal; PP 2/1985 tentang Wajib dan Pembebasan untuk "
    "Ditera dan/atau Ditera Ulang serta Syarat-syarat bagi Alat-alat Ukur, Takar, Timbang "
    "dan Perlengkapannya; Permendag 68/2018 tentang Tera dan Tera Ulang Alat-alat Ukur, "
    "Takar, Timbang, dan Perlengkapannya"
)
PERDAGANGAN = "UU 7/2014 tentang Perdagangan jo. UU 6/2023"
TERA_FEE = f"{RETRIBUSI_PERDA} (retribusi pelayanan tera/tera ulang)"

DISPERINDAG_SERVICES = [
    ServiceData(
        code="tera-ulang-kantor",
        name="Tera Ulang UTTP di UPT Metrologi Legal",
        prefix="DA",
        requirements=[
            "Alat ukur, takar, timbang, dan perlengkapannya (UTTP) yang akan ditera ulang",
            "Fotokopi KTP-el pemilik",
            "Surat keterangan tera sebelumnya bila ada",
        ],
        procedure=[
            "Pemilik mendaftarkan UTTP di gerai Disperindag",
            "Pembayaran retribusi tera ulang",
            "UTTP diperiksa dan diuji di UPT Metrologi Legal",
            "UTTP yang sah dibubuhi tanda tera dan diterbitkan surat keterangan",
        ],
        duration="1 hari kerja",
        fee=TERA_FEE,
        product="Tanda tera sah dan surat keterangan hasil pengujian",
        legal_basis=METROLOGI_BASIS,
        description="Tera ulang tahunan timbangan, anak timbangan, dan takaran milik pedagang.",
        keywords="tera timbangan, tera ulang, cap timbangan, kalibrasi timbangan pasar",
        slot_capacity=20,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="tera-ulang-lokasi",
        name="Tera Ulang UTTP di Tempat Pemilik",
        prefix="DB",
        requirements=[
            "Surat permohonan tera ulang di lokasi",
            "Fotokopi NIB/izin usaha (SPBU, jembatan timbang, atau industri)",
            "Daftar UTTP yang akan ditera ulang",
        ],
        procedure=[
            "Pemilik mengajukan permohonan di gerai Disperindag",
            "Penetapan jadwal pengujian oleh UPT Metrologi Legal",
            "Penera melakukan pengujian di lokasi",
            "Pembayaran retribusi dan penerbitan surat keterangan hasil pengujian",
        ],
        duration="Sesuai jadwal, paling lama 14 hari kerja sejak permohonan",
        fee=TERA_FEE,
        product="Tanda tera sah dan surat keterangan hasil pengujian",
        legal_basis=METROLOGI_BASIS,
        description="Tera ulang UTTP yang tidak dapat dipindahkan, seperti pompa SPBU.",
        keywords="tera spbu, tera jembatan timbang, tera di tempat, uji meter bbm",
        slot_capacity=10,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="ikm-iumk",
        name="Pendaftaran Industri Kecil Menengah (SIINas) dan IUMK",
        prefix="DC",
        requirements=[
            "KTP-el pemilik dan NIB usaha",
            "Data produksi, bahan baku, dan tenaga kerja",
            "Foto tempat dan proses produksi",
        ],
        procedure=[
            "Pelaku usaha menyerahkan data di gerai Disperindag",
            "Petugas membantu pendaftaran dan pelaporan di SIINas",
            "Verifikasi data industri oleh petugas",
            "Pelaku usaha menerima bukti terdaftar IKM/IUMK",
        ],
        duration="1 hari kerja",
        fee="Gratis",
        product="Bukti pendaftaran IKM di SIINas dan IUMK",
        legal_basis=(
            "UU 3/2014 tentang Perindustrian; PP 28/2021 tentang Penyelenggaraan Bidang "
            "Perindustrian; Perpres 98/2014 tentang Perizinan untuk Usaha Mikro dan Kecil"
        ),
        description="Pendaftaran industri kecil dan menengah serta izin usaha mikro kecil.",
        keywords="iumk, daftar siinas, izin industri rumahan, ikm, izin pabrik kecil",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="stpw",
        name="Surat Tanda Pendaftaran Waralaba (STPW)",
        prefix="DD",
        requirements=[
            "NIB penerima waralaba",
            "Perjanjian waralaba",
            "Prospektus penawaran waralaba dari pemberi waralaba",
            "Fotokopi KTP-el penanggung jawab",
        ],
        procedure=[
            "Pemohon mengajukan STPW melalui OSS RBA",
            "Verifikasi dokumen oleh Disperindag",
            "STPW diterbitkan melalui OSS",
        ],
        duration="Paling lama 3 hari kerja setelah dokumen lengkap",
        fee="Gratis",
        product="Surat Tanda Pendaftaran Waralaba",
        legal_basis=(
            f"{PERDAGANGAN}; PP 42/2007 tentang Waralaba; Permendag 71/2019 tentang "
            "Penyelenggaraan Waralaba"
        ),
        description="Pendaftaran usaha waralaba bagi penerima waralaba di Kota Probolinggo.",
        keywords="stpw, izin waralaba, franchise, buka franchise, izin minimarket waralaba",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="penempatan-kios-pasar",
        name="Izin Penempatan Kios/Los Pasar Daerah",
        prefix="DE",
        requirements=[
            "Fotokopi KTP-el dan KK pedagang",
            "Pas foto berwarna 3x4 sebanyak 2 lembar",
            "Surat permohonan penempatan atau balik nama kios/los",
            "Bukti lunas retribusi pasar bagi perpanjangan",
        ],
        procedure=[
            "Pedagang menyerahkan berkas di gerai Disperindag",
            "Verifikasi ketersediaan kios/los oleh kepala pasar",
            "Pembayaran retribusi pelayanan pasar",
            "Surat izin penempatan dan kartu pedagang diterbitkan",
        ],
        duration="Paling lama 5 hari kerja",
        fee=f"{RETRIBUSI_PERDA} (retribusi pelayanan pasar)",
        product="Surat izin penempatan dan kartu tanda pedagang",
        legal_basis=(
            f"{PERDAGANGAN}; Perpres 112/2007 tentang Penataan dan Pembinaan Pasar "
            "Tradisional, Pusat Perbelanjaan dan Toko Modern; Perda Kota Probolinggo "
            "tentang Pengelolaan Pasar"
        ),
        description="Izin menempati kios atau los di pasar milik Pemerintah Kota Probolinggo.",
        keywords="sewa kios pasar, los pasar, kartu pedagang, balik nama kios, daftar pedagang",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="pengaduan-konsumen",
        name="Pengaduan Konsumen",
        prefix="DF",
        requirements=[
            "Fotokopi KTP-el pengadu",
            "Kronologi kejadian secara tertulis",
            "Bukti transaksi (nota, kuitansi, tangkapan layar)",
            "Barang atau foto barang yang dikeluhkan",
        ],
        procedure=[
            "Konsumen menyampaikan pengaduan di gerai Disperindag",
            "Petugas mencatat dan menelaah pengaduan",
            "Klarifikasi kepada pelaku usaha",
            "Penyelesaian secara musyawarah atau dirujuk ke BPSK",
        ],
        duration="Paling lama 14 hari kerja",
        fee="Gratis",
        product="Tanggapan/hasil penanganan pengaduan konsumen",
        legal_basis="UU 8/1999 tentang Perlindungan Konsumen",
        description="Penanganan keluhan konsumen atas barang atau jasa yang merugikan.",
        keywords="komplain toko, barang rusak, ditipu penjual, lapor konsumen, timbangan curang",
        slot_capacity=10,
        expected_service_minutes=20,
    ),
    ServiceData(
        code="rekomendasi-toko-swalayan",
        name="Verifikasi Izin Usaha Toko Swalayan dan Pusat Perbelanjaan",
        prefix="DG",
        requirements=[
            "NIB dan KKPR lokasi usaha",
            "Hasil analisis kondisi sosial ekonomi masyarakat sekitar",
            "Rencana kemitraan dengan UMKM",
            "PBG bangunan toko",
        ],
        procedure=[
            "Pemohon mengajukan izin melalui OSS RBA dan menyerahkan berkas di gerai",
            "Verifikasi jarak dengan pasar rakyat dan kajian sosial ekonomi",
            "Peninjauan lokasi",
            "Hasil verifikasi disampaikan melalui OSS",
        ],
        duration="Paling lama 10 hari kerja",
        fee="Gratis",
        product="Hasil verifikasi pemenuhan persyaratan toko swalayan",
        legal_basis=(
            f"{PERDAGANGAN}; Permendag 23/2021 tentang Pedoman Pengembangan, Penataan, dan "
            "Pembinaan Pusat Perbelanjaan dan Toko Swalayan"
        ),
        description="Verifikasi persyaratan pendirian minimarket, supermarket, dan pusat belanja.",
        keywords="izin minimarket, izin toko modern, izin swalayan, buka supermarket",
        slot_capacity=10,
        expected_service_minutes=20,
    ),
]

DISPERINDAG = AgencyData(
    code="disperindag",
    name="Dinas Perdagangan dan Perindustrian",
    kind="local",
    description="Pelayanan metrologi legal, perdagangan, pasar daerah, dan industri.",
    pledge=(
        "Kami sanggup memberikan pelayanan perdagangan dan perindustrian yang jujur, cepat, "
        "dan transparan sesuai standar pelayanan. Apabila kami tidak menepati janji ini, "
        "kami siap menerima sanksi sesuai peraturan perundang-undangan."
    ),
    booth="Gerai 09 Disperindag",
    floor="2",
    counters=2,
    services=DISPERINDAG_SERVICES,
    staff="2 orang petugas front office",
    supervisor="Kepala Dinas Perdagangan dan Perindustrian",
)

# ---------------------------------------------------------------------------
# Gerai 10: Dinas Lingkungan Hidup (prefixes EA-EF)
# ---------------------------------------------------------------------------

PPLH = (
    "UU 32/2009 tentang Perlindungan dan Pengelolaan Lingkungan Hidup jo. UU 6/2023; "
    "PP 22/2021 tentang Penyelenggaraan Perlindungan dan Pengelolaan Lingkungan Hidup"
)
DOKLING_BASIS = (
    f"{PPLH}; Permen LHK 4/2021 tentang Daftar Usaha dan/atau Kegiatan yang Wajib "
    "Memiliki Amdal, UKL-UPL, atau SPPL"
)

DLH_SERVICES = [
    ServiceData(
        code="sppl",
        name="Surat Pernyataan Kesanggupan Pengelolaan dan Pemantauan Lingkungan (SPPL)",
        prefix="EA",
        requirements=[
            "NIB dan data usaha (KBLI, luas lahan, kapasitas)",
            "Fotokopi KTP-el penanggung jawab usaha",
            "Uraian dampak dan rencana pengelolaan lingkungan",
        ],
        procedure=[
            "Pelaku usaha mengisi SPPL melalui OSS RBA/Amdalnet dibantu petugas",
            "Petugas memeriksa kesesuaian jenis usaha dengan kategori SPPL",
            "SPPL terbit dan terintegrasi dengan NIB",
        ],
        duration="Selesai saat itu bila data lengkap",
        fee="Gratis",
        product="SPPL yang terintegrasi dengan NIB",
        legal_basis=DOKLING_BASIS,
        description="Pernyataan kesanggupan pengelolaan lingkungan bagi usaha berdampak kecil.",
        keywords="sppl, izin lingkungan usaha kecil, dokumen lingkungan, surat lingkungan",
        online_booking=True,
        slot_capacity=15,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="ukl-upl",
        name="Pemeriksaan UKL-UPL dan Persetujuan Lingkungan (PKPLH)",
        prefix="EB",
        requirements=[
            "Formulir UKL-UPL standar yang telah diisi di Amdalnet",
            "NIB dan persetujuan KKPR",
            "Peta lokasi, tata letak, dan deskripsi kegiatan",
            "Persetujuan teknis air limbah/emisi bila diwajibkan",
        ],
        procedure=[
            "Pemrakarsa mengajukan UKL-UPL melalui Amdalnet",
            "Pemeriksaan administrasi formulir UKL-UPL",
            "Pemeriksaan substansi dan rapat koordinasi dengan instansi terkait",
            "Perbaikan dokumen oleh pemrakarsa",
            "Penerbitan Persetujuan Kesesuaian Pengelolaan Lingkungan Hidup (PKPLH)",
        ],
        duration="Paling lama 10 hari kerja sejak formulir dinyatakan lengkap",
        fee="Gratis",
        product="Persetujuan Kesesuaian Pengelolaan Lingkungan Hidup (PKPLH)",
        legal_basis=DOKLING_BASIS,
        description="Pemeriksaan dokumen UKL-UPL bagi usaha yang wajib memilikinya.",
        keywords="ukl upl, izin lingkungan, pkplh, dokumen lingkungan pabrik, amdalnet",
        slot_capacity=10,
        expected_service_minutes=20,
    ),
    ServiceData(
        code="pertek-air-limbah",
        name="Persetujuan Teknis Pembuangan Air Limbah",
        prefix="EC",
        requirements=[
            "Surat permohonan dan NIB",
            "Kajian teknis pembuangan air limbah ke badan air",
            "Desain instalasi pengolahan air limbah (IPAL)",
            "Hasil uji laboratorium karakteristik air limbah",
        ],
        procedure=[
            "Pemohon mengajukan permohonan dan kajian teknis",
            "Verifikasi administrasi dan teknis oleh tim DLH",
            "Peninjauan lapangan ke lokasi IPAL",
            "Persetujuan teknis diterbitkan",
        ],
        duration="Paling lama 15 hari kerja setelah dokumen lengkap",
        fee="Gratis",
        product="Persetujuan teknis pembuangan air limbah",
        legal_basis=(
            f"{PPLH}; Permen LHK 5/2021 tentang Tata Cara Penerbitan Persetujuan Teknis dan "
            "Surat Kelayakan Operasional Bidang Pengendalian Pencemaran Lingkungan"
        ),
        description="Persetujuan standar teknis pembuangan air limbah ke sungai atau laut.",
        keywords="pertek air limbah, ipal, buang limbah cair, izin limbah cair",
        slot_capacity=10,
        expected_service_minutes=20,
    ),
    ServiceData(
        code="rintek-limbah-b3",
        name="Rincian Teknis Penyimpanan Limbah B3",
        prefix="ED",
        requirements=[
            "Surat permohonan dan NIB",
            "Identifikasi jenis dan jumlah limbah B3 yang dihasilkan",
            "Desain dan foto tempat penyimpanan sementara (TPS) limbah B3",
            "Kontrak dengan pengangkut/pengolah limbah B3 berizin",
        ],
        procedure=[
            "Pemohon mengajukan permohonan rincian teknis",
            "Verifikasi dokumen oleh tim DLH",
            "Verifikasi lapangan ke TPS limbah B3",
            "Rincian teknis penyimpanan limbah B3 diterbitkan",
        ],
        duration="Paling lama 10 hari kerja setelah dokumen lengkap",
        fee="Gratis",
        product="Rincian teknis penyimpanan limbah B3",
        legal_basis=(
            f"{PPLH}; Permen LHK 6/2021 tentang Tata Cara dan Persyaratan Pengelolaan "
            "Limbah Bahan Berbahaya dan Beracun"
        ),
        description="Persetujuan standar teknis tempat penyimpanan sementara limbah B3.",
        keywords="limbah b3, tps b3, oli bekas, limbah klinik, rintek b3",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="pengaduan-pencemaran",
        name="Pengaduan Dugaan Pencemaran Lingkungan",
        prefix="EE",
        requirements=[
            "Identitas pengadu (KTP-el)",
            "Uraian lokasi, waktu, dan jenis dugaan pencemaran",
            "Foto atau video bukti pencemaran",
        ],
        procedure=[
            "Pengadu menyampaikan pengaduan di gerai DLH",
            "Petugas menelaah dan mencatat pengaduan",
            "Verifikasi lapangan oleh tim pengawas lingkungan",
            "Tindak lanjut dan hasilnya disampaikan kepada pengadu",
        ],
        duration="Verifikasi paling lama 10 hari kerja sejak pengaduan diterima",
        fee="Gratis",
        product="Laporan hasil penanganan pengaduan",
        legal_basis=(
            f"{PPLH}; Permen LHK P.22/2017 tentang Tata Cara Pengelolaan Pengaduan Dugaan "
            "Pencemaran dan/atau Perusakan Lingkungan Hidup dan/atau Hutan"
        ),
        description="Penerimaan dan tindak lanjut pengaduan pencemaran air, udara, atau bau.",
        keywords="lapor pencemaran, sungai tercemar, bau limbah, asap pabrik, bising",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="angkutan-sampah",
        name="Pendaftaran Layanan Pengangkutan Sampah",
        prefix="EF",
        requirements=[
            "Fotokopi KTP-el pemohon",
            "Alamat dan jenis tempat (rumah, toko, kantor, atau usaha)",
            "Perkiraan volume sampah per hari",
        ],
        procedure=[
            "Pemohon mendaftar di gerai DLH",
            "Penetapan jadwal dan rute pengangkutan",
            "Penetapan retribusi pelayanan kebersihan",
            "Pengangkutan sampah dimulai sesuai jadwal",
        ],
        duration="Paling lama 3 hari kerja",
        fee=f"{RETRIBUSI_PERDA} (retribusi pelayanan kebersihan)",
        product="Terdaftar sebagai pelanggan layanan pengangkutan sampah",
        legal_basis=(
            "UU 18/2008 tentang Pengelolaan Sampah; PP 81/2012 tentang Pengelolaan Sampah "
            "Rumah Tangga dan Sampah Sejenis Sampah Rumah Tangga"
        ),
        description="Pendaftaran pengangkutan sampah rutin dari rumah, toko, atau tempat usaha.",
        keywords="angkut sampah, langganan sampah, retribusi sampah, sampah tidak diambil",
        slot_capacity=15,
        expected_service_minutes=10,
    ),
]

DLH = AgencyData(
    code="dlh",
    name="Dinas Lingkungan Hidup",
    kind="local",
    description="Pelayanan dokumen lingkungan, pengendalian pencemaran, dan persampahan.",
    pledge=(
        "Kami sanggup memberikan pelayanan lingkungan hidup yang cepat, tepat, dan transparan "
        "sesuai standar pelayanan. Apabila kami tidak menepati janji ini, kami siap menerima "
        "sanksi sesuai peraturan perundang-undangan."
    ),
    booth="Gerai 10 DLH",
    floor="2",
    counters=1,
    services=DLH_SERVICES,
    staff="2 orang petugas front office",
    supervisor="Kepala Dinas Lingkungan Hidup",
)

# ---------------------------------------------------------------------------
# Gerai 11: Dinas Pendidikan dan Kebudayaan (prefixes GA-GF)
# ---------------------------------------------------------------------------

SISDIKNAS = "UU 20/2003 tentang Sistem Pendidikan Nasional"
IJAZAH_BASIS = (
    f"{SISDIKNAS}; Permendikbud 29/2014 tentang Pengesahan Fotokopi Ijazah/STTB, Surat "
    "Keterangan Pengganti yang Berpenghargaan Sama dengan Ijazah/STTB, dan Penerbitan "
    "Surat Keterangan Pengganti"
)
MUTASI_BASIS = (
    f"{SISDIKNAS}; Permendikdasmen 3/2025 tentang Sistem Penerimaan Murid Baru; "
    "Permendikbud 79/2015 tentang Data Pokok Pendidikan"
)

DISDIKBUD_SERVICES = [
    ServiceData(
        code="legalisir-ijazah",
        name="Legalisir Fotokopi Ijazah/STTB SD dan SMP",
        prefix="GA",
        requirements=[
            "Ijazah/STTB asli",
            "Fotokopi ijazah yang akan dilegalisir (paling banyak 10 lembar)",
            "Fotokopi KTP-el pemohon atau surat kuasa bila diwakilkan",
        ],
        procedure=[
            "Ambil nomor antrean dan serahkan ijazah asli beserta fotokopinya",
            "Petugas mencocokkan fotokopi dengan ijazah asli dan buku induk",
            "Fotokopi dicap dan ditandatangani pejabat berwenang",
            "Pemohon menerima kembali ijazah asli dan fotokopi terlegalisir",
        ],
        duration="Selesai pada hari yang sama",
        fee="Gratis",
        product="Fotokopi ijazah/STTB terlegalisir",
        legal_basis=IJAZAH_BASIS,
        description="Pengesahan fotokopi ijazah SD/SMP, termasuk dari sekolah yang sudah tutup.",
        keywords="legalisir ijazah, legalisir sd, legalisir smp, cap ijazah, fotokopi ijazah",
        online_booking=True,
        slot_capacity=25,
        daily_quota=None,
        expected_service_minutes=5,
    ),
    ServiceData(
        code="pengganti-ijazah",
        name="Surat Keterangan Pengganti Ijazah/STTB yang Hilang atau Rusak",
        prefix="GB",
        requirements=[
            "Surat keterangan kehilangan dari kepolisian atau ijazah yang rusak",
            "Surat keterangan dari sekolah yang menerbitkan ijazah",
            "Fotokopi KTP-el dan pas foto berwarna 3x4 sebanyak 2 lembar",
            "Fotokopi ijazah bila masih ada dan surat pernyataan dua saksi teman sekelas",
        ],
        procedure=[
            "Pemohon menyerahkan berkas di gerai Disdikbud",
            "Petugas memverifikasi data kelulusan di buku induk/arsip",
            "Berita acara pemeriksaan dibuat dan ditandatangani",
            "Surat keterangan pengganti ijazah diterbitkan",
        ],
        duration="Paling lama 7 hari kerja",
        fee="Gratis",
        product="Surat Keterangan Pengganti yang Berpenghargaan Sama dengan Ijazah/STTB",
        legal_basis=IJAZAH_BASIS,
        description="Penerbitan pengganti ijazah SD/SMP yang hilang atau rusak.",
        keywords="ijazah hilang, ijazah rusak, ganti ijazah, ijazah kebanjiran, skpi",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="mutasi-siswa-masuk",
        name="Rekomendasi Mutasi Siswa Masuk",
        prefix="GC",
        requirements=[
            "Surat keterangan pindah dari sekolah asal",
            "Surat keterangan diterima dari sekolah tujuan",
            "Fotokopi rapor terakhir dan NISN",
            "Fotokopi KK dan akta kelahiran siswa",
        ],
        procedure=[
            "Orang tua menyerahkan berkas di gerai Disdikbud",
            "Petugas memverifikasi daya tampung sekolah tujuan",
            "Rekomendasi mutasi masuk diterbitkan",
            "Sekolah tujuan memproses perpindahan di Dapodik",
        ],
        duration="1 hari kerja",
        fee="Gratis",
        product="Surat rekomendasi mutasi siswa masuk",
        legal_basis=MUTASI_BASIS,
        description="Rekomendasi perpindahan siswa dari luar daerah ke SD/SMP di Kota Probolinggo.",
        keywords="pindah sekolah, mutasi siswa, pindah masuk sekolah, anak pindah sekolah",
        slot_capacity=10,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="mutasi-siswa-keluar",
        name="Rekomendasi Mutasi Siswa Keluar",
        prefix="GD",
        requirements=[
            "Surat permohonan pindah dari orang tua/wali",
            "Surat keterangan pindah dari sekolah asal",
            "Fotokopi rapor dan NISN",
            "Alamat sekolah tujuan",
        ],
        procedure=[
            "Orang tua menyerahkan berkas di gerai Disdikbud",
            "Petugas memverifikasi data siswa di Dapodik",
            "Rekomendasi mutasi keluar diterbitkan",
        ],
        duration="1 hari kerja",
        fee="Gratis",
        product="Surat rekomendasi mutasi siswa keluar",
        legal_basis=MUTASI_BASIS,
        description="Rekomendasi perpindahan siswa SD/SMP ke sekolah di luar Kota Probolinggo.",
        keywords="pindah sekolah luar kota, surat pindah sekolah, mutasi keluar siswa",
        slot_capacity=10,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="izin-paud-lkp",
        name="Izin Pendirian Satuan PAUD dan Lembaga Kursus",
        prefix="GE",
        requirements=[
            "Akta pendirian yayasan/badan hukum penyelenggara",
            "Hasil studi kelayakan dan rencana induk pengembangan",
            "Data calon pendidik, peserta didik, dan kurikulum",
            "Bukti kepemilikan/sewa gedung dan daftar sarana prasarana",
        ],
        procedure=[
            "Penyelenggara menyerahkan berkas di gerai Disdikbud",
            "Verifikasi dokumen oleh tim perizinan",
            "Visitasi lokasi satuan pendidikan",
            "Izin operasional diterbitkan",
        ],
        duration="Paling lama 30 hari kerja setelah berkas lengkap",
        fee="Gratis",
        product="Izin operasional satuan PAUD/LKP",
        legal_basis=(
            f"{SISDIKNAS}; Permendikbud 84/2014 tentang Pendirian Satuan Pendidikan Anak Usia "
            "Dini; Permendikbud 81/2013 tentang Pendirian Satuan Pendidikan Nonformal"
        ),
        description="Izin operasional bagi TK, KB, TPA, SPS, dan lembaga kursus.",
        keywords="izin tk, izin paud, buka kursus, izin lkp, izin kelompok bermain",
        slot_capacity=10,
        expected_service_minutes=20,
    ),
    ServiceData(
        code="npsn",
        name="Pengajuan Nomor Pokok Sekolah Nasional (NPSN)",
        prefix="GF",
        requirements=[
            "Izin operasional satuan pendidikan",
            "Surat permohonan dari penyelenggara",
            "Data lokasi (koordinat) dan profil satuan pendidikan",
        ],
        procedure=[
            "Penyelenggara menyerahkan berkas di gerai Disdikbud",
            "Verifikasi izin dan data satuan pendidikan",
            "Pengajuan NPSN melalui sistem Verval SP Kemendikdasmen",
            "NPSN terbit dan satuan pendidikan dapat mengisi Dapodik",
        ],
        duration="Paling lama 14 hari kerja",
        fee="Gratis",
        product="Nomor Pokok Sekolah Nasional (NPSN)",
        legal_basis=f"{SISDIKNAS}; Permendikbud 79/2015 tentang Data Pokok Pendidikan",
        description="Pengajuan NPSN bagi satuan pendidikan yang telah memiliki izin operasional.",
        keywords="npsn, nomor sekolah, daftar dapodik, verval sp",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
]

DISDIKBUD = AgencyData(
    code="disdikbud",
    name="Dinas Pendidikan dan Kebudayaan",
    kind="local",
    description="Pelayanan administrasi pendidikan dasar, PAUD, dan pendidikan nonformal.",
    pledge=(
        "Kami sanggup memberikan pelayanan pendidikan yang ramah, cepat, dan tanpa biaya "
        "sesuai standar pelayanan. Apabila kami tidak menepati janji ini, kami siap menerima "
        "sanksi sesuai peraturan perundang-undangan."
    ),
    booth="Gerai 11 Disdikbud",
    floor="2",
    counters=1,
    services=DISDIKBUD_SERVICES,
    staff="2 orang petugas front office",
    supervisor="Kepala Dinas Pendidikan dan Kebudayaan",
)

# ---------------------------------------------------------------------------
# Gerai 12: Badan Kesatuan Bangsa dan Politik (prefixes JA-JE)
# ---------------------------------------------------------------------------

ORMAS_BASIS = (
    "UU 17/2013 tentang Organisasi Kemasyarakatan jo. UU 16/2017; Permendagri 57/2017 "
    "tentang Pendaftaran dan Pengelolaan Sistem Informasi Organisasi Kemasyarakatan"
)

KESBANGPOL_SERVICES = [
    ServiceData(
        code="surat-keterangan-penelitian",
        name="Surat Keterangan Penelitian (SKP)",
        prefix="JA",
        requirements=[
            "Surat pengantar dari perguruan tinggi atau lembaga",
            "Proposal penelitian",
            "Fotokopi KTP-el dan kartu mahasiswa/identitas peneliti",
            "Surat pernyataan menaati ketentuan penelitian",
        ],
        procedure=[
            "Peneliti menyerahkan berkas di gerai Bakesbangpol",
            "Petugas memverifikasi kelengkapan dan lokasi penelitian",
            "SKP ditandatangani dan ditembuskan kepada perangkat daerah terkait",
        ],
        duration="Paling lama 3 hari kerja",
        fee="Gratis",
        product="Surat Keterangan Penelitian",
        legal_basis="Permendagri 3/2018 tentang Penerbitan Surat Keterangan Penelitian",
        description="Surat keterangan bagi mahasiswa atau peneliti di Kota Probolinggo.",
        keywords="izin penelitian, surat riset, izin skripsi, rekomendasi penelitian, izin kkn",
        online_booking=True,
        slot_capacity=15,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="skt-ormas",
        name="Pendaftaran Ormas Tidak Berbadan Hukum (SKT)",
        prefix="JB",
        requirements=[
            "Akta pendirian yang dikeluarkan notaris",
            "AD/ART dan program kerja organisasi",
            "Susunan pengurus beserta fotokopi KTP-el",
            "Surat keterangan domisili sekretariat dan NPWP organisasi",
        ],
        procedure=[
            "Pengurus menyerahkan berkas di gerai Bakesbangpol",
            "Verifikasi dokumen dan peninjauan sekretariat",
            "Pengajuan data ke Sistem Informasi Ormas (SIORMAS)",
            "SKT diterbitkan dan diserahkan kepada pengurus",
        ],
        duration="Paling lama 15 hari kerja setelah berkas lengkap",
        fee="Gratis",
        product="Surat Keterangan Terdaftar (SKT) ormas",
        legal_basis=ORMAS_BASIS,
        description="Pendaftaran organisasi kemasyarakatan yang tidak berbadan hukum.",
        keywords="skt ormas, daftar ormas, daftar organisasi, izin komunitas, skt lsm",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="keberadaan-ormas-berbadan-hukum",
        name="Pemberitahuan Keberadaan Ormas Berbadan Hukum",
        prefix="JC",
        requirements=[
            "Fotokopi SK pengesahan badan hukum dari Kemenkumham",
            "AD/ART dan susunan pengurus wilayah Kota Probolinggo",
            "Surat keterangan domisili sekretariat",
            "Program kerja organisasi",
        ],
        procedure=[
            "Pengurus menyampaikan pemberitahuan di gerai Bakesbangpol",
            "Verifikasi dokumen badan hukum",
            "Data ormas dicatat di SIORMAS",
            "Surat tanda terima pemberitahuan keberadaan diterbitkan",
        ],
        duration="Paling lama 7 hari kerja",
        fee="Gratis",
        product="Surat tanda terima pemberitahuan keberadaan ormas",
        legal_basis=ORMAS_BASIS,
        description="Pencatatan keberadaan yayasan atau perkumpulan berbadan hukum di daerah.",
        keywords="lapor ormas, yayasan baru, perkumpulan berbadan hukum, keberadaan ormas",
        slot_capacity=10,
        expected_service_minutes=15,
    ),
    ServiceData(
        code="perubahan-pengurus-ormas",
        name="Pelaporan Perubahan Kepengurusan Ormas",
        prefix="JD",
        requirements=[
            "Berita acara musyawarah/rapat pergantian pengurus",
            "Susunan pengurus baru beserta fotokopi KTP-el",
            "SKT atau surat tanda terima keberadaan sebelumnya",
        ],
        procedure=[
            "Pengurus menyerahkan berkas di gerai Bakesbangpol",
            "Verifikasi keabsahan pergantian pengurus",
            "Data kepengurusan dimutakhirkan di SIORMAS",
        ],
        duration="Paling lama 7 hari kerja",
        fee="Gratis",
        product="Surat tanda terima perubahan kepengurusan",
        legal_basis=ORMAS_BASIS,
        description="Pemutakhiran data pengurus ormas setelah pergantian kepengurusan.",
        keywords="ganti pengurus ormas, update pengurus, perubahan ketua ormas",
        slot_capacity=10,
        expected_service_minutes=10,
    ),
    ServiceData(
        code="bantuan-keuangan-parpol",
        name="Verifikasi Pengajuan Bantuan Keuangan Partai Politik",
        prefix="JE",
        requirements=[
            "Surat permohonan dari pengurus partai politik tingkat kota",
            "SK kepengurusan dan rekening atas nama partai",
            "Laporan pertanggungjawaban bantuan tahun sebelumnya yang telah diaudit BPK",
            "Daftar perolehan suara dari KPU Kota Probolinggo",
        ],
        procedure=[
            "Pengurus partai menyerahkan berkas di gerai Bakesbangpol",
            "Verifikasi kelengkapan dan kebenaran dokumen oleh tim",
            "Penetapan besaran bantuan dan proses pencairan",
        ],
        duration="Paling lama 14 hari kerja",
        fee="Gratis",
        product="Berita acara verifikasi bantuan keuangan partai politik",
        legal_basis=(
            "UU 2/2008 jo. UU 2/2011 tentang Partai Politik; PP 5/2009 tentang Bantuan "
            "Keuangan kepada Partai Politik jo. PP 1/2018; Permendagri 78/2020 tentang "
            "Pedoman Tata Cara Penghitungan, Penganggaran, Pengajuan, Penyaluran, dan Laporan "
            "Pertanggungjawaban Bantuan Keuangan Partai Politik"
        ),
        description="Verifikasi berkas pengajuan bantuan keuangan bagi partai politik di DPRD.",
        keywords="banpol, bantuan parpol, dana partai, bantuan keuangan partai",
        slot_capacity=10,
        expected_service_minutes=20,
    ),
]

KESBANGPOL = AgencyData(
    code="kesbangpol",
    name="Badan Kesatuan Bangsa dan Politik",
    kind="local",
    description="Pelayanan surat keterangan penelitian, pendaftaran ormas, dan bantuan parpol.",
    pledge=(
        "Kami sanggup memberikan pelayanan yang netral, cepat, dan tanpa biaya sesuai standar "
        "pelayanan. Apabila kami tidak menepati janji ini, kami siap menerima sanksi sesuai "
        "peraturan perundang-undangan."
    ),
    booth="Gerai 12 Bakesbangpol",
    floor="2",
    counters=1,
    services=KESBANGPOL_SERVICES,
    staff="1 orang petugas front office",
    supervisor="Kepala Badan Kesatuan Bangsa dan Politik",
)

AGENCIES: list[AgencyData] = [
    DUKCAPIL,
    DPMPTSP,
    DISHUB,
    DISNAKER,
    DINSOS,
    DINKES,
    BAPENDA,
    DISKOPUMKM,
    DISPERINDAG,
    DLH,
    DISDIKBUD,
    KESBANGPOL,
]
