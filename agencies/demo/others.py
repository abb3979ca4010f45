"""Demo data: the non-local agencies of a Kota Probolinggo-like MPP.

Ten agencies that are not local government units: vertical offices (Polres,
Imigrasi, Kemenag, KPP, BPN, Samsat), BUMN (BPJS Kesehatan, BPJS
Ketenagakerjaan), a BUMD (Perumda Air Minum Bayuangga) and a private help desk
(notaries and PPAT). Booths are "Gerai 13" to "Gerai 22"; ticket prefixes use the
first letters R-Z and Q, one letter per agency (the local units use the others).
"""

from agencies.demo.common import AgencyData, ServiceData

# --- Polres Probolinggo Kota (prefix S) ---------------------------------------

POLRI_LAW = "UU 2/2002 tentang Kepolisian Negara Republik Indonesia"
SKCK_LAW = (
    "PP 76/2020 tentang Jenis dan Tarif atas Jenis PNBP yang Berlaku pada Polri; "
    "Perpol 6/2023 tentang Penerbitan Surat Keterangan Catatan Kepolisian"
)
SIM_LAW = (
    "UU 22/2009 tentang Lalu Lintas dan Angkutan Jalan; PP 76/2020 tentang PNBP Polri; "
    "Perpol 5/2021 tentang Penerbitan dan Penandaan SIM"
)

POLRES = AgencyData(
    code="polres",
    name="Kepolisian Resor Probolinggo Kota",
    kind="vertical",
    description="Layanan kepolisian bagi warga: SKCK, perpanjangan SIM, dan lapor kehilangan.",
    pledge=(
        "Kami sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang telah "
        "ditetapkan. Apabila tidak menepati janji ini, kami siap menerima sanksi sesuai "
        "ketentuan peraturan perundang-undangan."
    ),
    booth="Gerai 13 Polres",
    floor="1",
    counters=2,
    staff="3 orang petugas (Satintelkam dan Satlantas)",
    supervisor="Kepala Satuan Intelijen Keamanan Polres Probolinggo Kota",
    services=[
        ServiceData(
            code="skck-baru",
            name="Penerbitan SKCK Baru",
            prefix="SA",
            requirements=[
                "KTP-el asli dan fotokopi (usia 17 tahun ke atas atau sudah menikah)",
                "Fotokopi Kartu Keluarga",
                "Fotokopi akta kelahiran atau ijazah terakhir",
                "Pas foto 4x6 berwarna latar belakang merah, 6 lembar",
                "Kartu Tanda Sidik Jari (dibuat di gerai bila belum punya)",
                "Bukti kepesertaan aktif JKN (BPJS Kesehatan)",
            ],
            procedure=[
                "Mengisi formulir pendaftaran online di aplikasi SKCK Polri atau di gerai",
                "Mengambil nomor antrean dan menyerahkan berkas ke petugas",
                "Verifikasi berkas dan pengambilan sidik jari",
                "Membayar PNBP melalui bank persepsi atau QRIS",
                "Pencetakan dan penandatanganan SKCK, lalu SKCK diserahkan ke pemohon",
            ],
            duration="1 hari kerja (selesai di hari yang sama bila berkas lengkap)",
            fee="Rp30.000 (PNBP)",
            product="Surat Keterangan Catatan Kepolisian (SKCK) yang berlaku 6 bulan",
            legal_basis=SKCK_LAW,
            description=(
                "Penerbitan SKCK untuk pertama kali sebagai syarat melamar kerja, "
                "sekolah, atau keperluan lain."
            ),
            keywords=(
                "skck, surat kelakuan baik, catatan kepolisian, skck baru, bikin skck, "
                "surat berkelakuan baik, skck lamaran kerja"
            ),
            online_booking=True,
            slot_capacity=20,
            daily_quota=80,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="skck-perpanjangan",
            name="Perpanjangan SKCK",
            prefix="SB",
            requirements=[
                "SKCK lama asli (paling lama 1 tahun sejak habis berlaku)",
                "KTP-el asli dan fotokopi",
                "Fotokopi Kartu Keluarga",
                "Pas foto 4x6 berwarna latar belakang merah, 2 lembar",
            ],
            procedure=[
                "Mendaftar online di aplikasi SKCK Polri atau di gerai",
                "Mengambil nomor antrean dan menyerahkan SKCK lama beserta berkas",
                "Verifikasi data dan riwayat catatan kepolisian",
                "Membayar PNBP melalui bank persepsi atau QRIS",
                "SKCK baru dicetak, ditandatangani, dan diserahkan",
            ],
            duration="1 hari kerja (selesai di hari yang sama bila berkas lengkap)",
            fee="Rp30.000 (PNBP)",
            product="Surat Keterangan Catatan Kepolisian (SKCK) yang berlaku 6 bulan",
            legal_basis=SKCK_LAW,
            description="Perpanjangan SKCK yang telah atau akan habis masa berlakunya.",
            keywords="perpanjang skck, skck mati, skck habis, perpanjangan skck, skck lama",
            online_booking=True,
            slot_capacity=20,
            daily_quota=60,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="sim-perpanjangan",
            name="Perpanjangan SIM A dan SIM C",
            prefix="SC",
            requirements=[
                "SIM lama asli yang masih berlaku atau belum lewat masa berlakunya",
                "KTP-el asli dan fotokopi",
                "Surat keterangan sehat jasmani dari dokter",
                "Surat hasil tes psikologi",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Verifikasi data SIM dan identitas pemohon",
                "Membayar PNBP melalui bank persepsi",
                "Foto, tanda tangan, dan sidik jari",
                "Pencetakan SIM dan penyerahan ke pemohon",
            ],
            duration="Sekitar 1 jam bila berkas lengkap",
            fee="SIM A Rp80.000; SIM C Rp75.000 (PNBP)",
            product="Surat Izin Mengemudi (SIM) baru yang berlaku 5 tahun",
            legal_basis=SIM_LAW,
            description="Perpanjangan SIM A dan SIM C sebelum masa berlakunya habis.",
            keywords="sim, perpanjang sim, sim a, sim c, sim mati, surat izin mengemudi",
            online_booking=True,
            slot_capacity=15,
            daily_quota=50,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="lapor-kehilangan",
            name="Surat Keterangan Tanda Lapor Kehilangan",
            prefix="SD",
            requirements=[
                "KTP-el asli atau identitas lain yang masih ada",
                "Keterangan barang atau dokumen yang hilang (waktu dan tempat)",
                "Fotokopi dokumen yang hilang bila ada",
            ],
            procedure=[
                "Mengambil nomor antrean dan melapor ke petugas",
                "Petugas mencatat keterangan kehilangan",
                "Pemohon memeriksa dan menandatangani isi laporan",
                "Surat keterangan ditandatangani pejabat dan diserahkan",
            ],
            duration="Sekitar 30 menit",
            fee="Gratis",
            product="Surat Keterangan Tanda Lapor Kehilangan (SKTLK)",
            legal_basis=POLRI_LAW,
            description="Surat keterangan untuk mengurus ulang dokumen atau barang yang hilang.",
            keywords=(
                "lapor kehilangan, surat kehilangan, ktp hilang, dompet hilang, "
                "stnk hilang, sktlk, surat hilang polisi"
            ),
            slot_capacity=15,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="izin-keramaian",
            name="Izin Keramaian Umum",
            prefix="SE",
            requirements=[
                "Surat permohonan dari penyelenggara",
                "Fotokopi KTP-el penanggung jawab kegiatan",
                "Surat rekomendasi dari kelurahan dan kecamatan",
                "Susunan acara dan denah lokasi kegiatan",
                "Izin tempat dari pemilik atau pengelola lokasi",
            ],
            procedure=[
                "Mengajukan permohonan paling lambat 7 hari sebelum kegiatan",
                "Verifikasi berkas oleh petugas Satintelkam",
                "Pengecekan lokasi dan koordinasi pengamanan bila diperlukan",
                "Penerbitan surat izin keramaian",
            ],
            duration="Paling lama 3 hari kerja",
            fee="Gratis",
            product="Surat Izin Keramaian",
            legal_basis=(
                f"{POLRI_LAW}; PP 60/2017 tentang Tata Cara Perizinan dan Pengawasan "
                "Kegiatan Keramaian Umum, Kegiatan Masyarakat Lainnya, dan Pemberitahuan "
                "Kegiatan Politik; Perpol 7/2023 tentang Teknis Perizinan, Pengawasan, dan "
                "Tindakan Kepolisian pada Kegiatan Keramaian Umum"
            ),
            description=(
                "Izin untuk kegiatan yang mengumpulkan massa seperti pesta, konser, "
                "atau pertandingan."
            ),
            keywords="izin keramaian, izin hajatan, izin acara, izin konser, izin pesta",
            slot_capacity=10,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="pengaduan",
            name="Pengaduan Masyarakat (Dumas)",
            prefix="SF",
            requirements=[
                "KTP-el pelapor",
                "Uraian singkat kejadian atau keluhan",
                "Bukti pendukung bila ada (foto, dokumen, rekaman)",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyampaikan pengaduan",
                "Petugas mencatat dan memberi nomor registrasi pengaduan",
                "Pengaduan diteruskan ke satuan fungsi terkait",
                "Pelapor menerima informasi tindak lanjut",
            ],
            duration="Tanda terima di hari yang sama; tindak lanjut paling lama 14 hari kerja",
            fee="Gratis",
            product="Tanda terima dan nomor registrasi pengaduan",
            legal_basis=(
                f"{POLRI_LAW}; Perpres 76/2013 tentang Pengelolaan Pengaduan Pelayanan Publik"
            ),
            description="Penerimaan pengaduan masyarakat tentang pelayanan dan kinerja Polri.",
            keywords="pengaduan polisi, lapor polisi, dumas, keluhan polisi, mengadu",
            slot_capacity=10,
            expected_service_minutes=15,
        ),
    ],
)

# --- Kantor Imigrasi (prefix R) -----------------------------------------------

IMIGRASI_LAW = (
    "UU 6/2011 tentang Keimigrasian; PP 45/2024 tentang Jenis dan Tarif atas Jenis PNBP "
    "yang Berlaku pada Kementerian Hukum dan HAM; Permenkumham 8/2014 tentang Paspor "
    "Biasa dan SPLP sebagaimana diubah dengan Permenkumham 18/2022"
)
PASPOR_FEE = (
    "Rp350.000 (paspor biasa 48 halaman, 5 tahun); Rp650.000 (paspor elektronik "
    "48 halaman, 5 tahun, atau paspor biasa 10 tahun); Rp950.000 (paspor elektronik "
    "48 halaman, 10 tahun)"
)
PASPOR_DURATION = "3-4 hari kerja sejak wawancara dan pembayaran"
PASPOR_PROCEDURE = [
    "Mendaftar, memilih jadwal, dan membayar melalui aplikasi M-Paspor",
    "Datang sesuai jadwal dan mengambil nomor antrean dengan kode booking",
    "Verifikasi dokumen asli dan wawancara",
    "Foto dan perekaman sidik jari",
    "Mengambil paspor di gerai sesuai tanggal pada tanda terima",
]

IMIGRASI = AgencyData(
    code="imigrasi",
    name="Kantor Imigrasi Kelas I TPI Malang",
    kind="vertical",
    description=(
        "Unit Kerja Keimigrasian Kota Probolinggo yang melayani paspor bagi warga "
        "Probolinggo dan sekitarnya."
    ),
    pledge=(
        "Kami berjanji memberikan pelayanan keimigrasian yang cepat, tepat, transparan, "
        "dan bebas pungutan liar. Kami siap menerima sanksi apabila tidak memenuhi "
        "standar pelayanan yang telah ditetapkan."
    ),
    booth="Gerai 14 Imigrasi",
    floor="1",
    counters=2,
    staff="3 orang petugas (verifikator, wawancara, dan biometrik)",
    supervisor="Kepala Kantor Imigrasi",
    services=[
        ServiceData(
            code="paspor-baru",
            name="Penerbitan Paspor Baru (Dewasa)",
            prefix="RA",
            requirements=[
                "KTP-el asli",
                "Kartu Keluarga asli",
                "Akta kelahiran, ijazah, atau buku nikah asli yang memuat nama, "
                "tempat dan tanggal lahir",
                "Bukti pendaftaran dan pembayaran dari aplikasi M-Paspor",
            ],
            procedure=PASPOR_PROCEDURE,
            duration=PASPOR_DURATION,
            fee=PASPOR_FEE,
            product="Paspor Republik Indonesia",
            legal_basis=IMIGRASI_LAW,
            description="Penerbitan paspor untuk WNI dewasa yang belum pernah memiliki paspor.",
            keywords=(
                "paspor, passport, buat paspor, bikin paspor, paspor baru, m-paspor, "
                "paspor umroh, paspor kerja"
            ),
            online_booking=True,
            slot_capacity=20,
            daily_quota=100,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="paspor-anak",
            name="Penerbitan Paspor Baru (Anak)",
            prefix="RB",
            requirements=[
                "KTP-el asli kedua orang tua",
                "Kartu Keluarga asli",
                "Akta kelahiran anak asli",
                "Buku nikah atau akta perkawinan orang tua asli",
                "Paspor orang tua bila ada",
            ],
            procedure=[
                "Mendaftar dan membayar melalui aplikasi M-Paspor atas nama anak",
                "Anak datang bersama kedua orang tua sesuai jadwal",
                "Verifikasi dokumen dan wawancara orang tua",
                "Foto anak dan perekaman sidik jari bila sudah memungkinkan",
                "Mengambil paspor di gerai sesuai tanggal pada tanda terima",
            ],
            duration=PASPOR_DURATION,
            fee=PASPOR_FEE,
            product="Paspor Republik Indonesia atas nama anak",
            legal_basis=IMIGRASI_LAW,
            description="Penerbitan paspor untuk anak di bawah 17 tahun yang belum menikah.",
            keywords="paspor anak, paspor bayi, passport anak, buat paspor anak",
            online_booking=True,
            slot_capacity=10,
            daily_quota=20,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="paspor-penggantian",
            name="Penggantian Paspor Habis Berlaku atau Halaman Penuh",
            prefix="RC",
            requirements=[
                "KTP-el asli",
                "Paspor lama asli",
                "Bukti pendaftaran dan pembayaran dari aplikasi M-Paspor",
            ],
            procedure=PASPOR_PROCEDURE,
            duration=PASPOR_DURATION,
            fee=PASPOR_FEE,
            product="Paspor Republik Indonesia pengganti",
            legal_basis=IMIGRASI_LAW,
            description="Penggantian paspor yang habis masa berlakunya atau halamannya penuh.",
            keywords=(
                "perpanjang paspor, paspor habis, paspor mati, ganti paspor, "
                "perpanjangan passport, paspor penuh"
            ),
            online_booking=True,
            slot_capacity=20,
            daily_quota=50,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="paspor-hilang",
            name="Penggantian Paspor Hilang",
            prefix="RD",
            requirements=[
                "KTP-el dan Kartu Keluarga asli",
                "Akta kelahiran, ijazah, atau buku nikah asli",
                "Surat keterangan lapor kehilangan dari Kepolisian",
                "Fotokopi paspor yang hilang bila ada",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Pemeriksaan dan pembuatan Berita Acara Pemeriksaan (BAP) kehilangan",
                "Keputusan penggantian oleh pejabat imigrasi",
                "Pembayaran PNBP, foto, dan perekaman sidik jari",
                "Mengambil paspor di gerai sesuai tanggal pada tanda terima",
            ],
            duration="3-4 hari kerja setelah pemeriksaan (BAP) selesai",
            fee=f"{PASPOR_FEE}; ditambah beban biaya paspor hilang Rp1.000.000",
            product="Paspor Republik Indonesia pengganti",
            legal_basis=IMIGRASI_LAW,
            description="Penggantian paspor yang hilang setelah pemeriksaan oleh petugas imigrasi.",
            keywords="paspor hilang, passport hilang, kehilangan paspor, ganti paspor hilang",
            online_booking=True,
            slot_capacity=10,
            daily_quota=10,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="paspor-rusak",
            name="Penggantian Paspor Rusak",
            prefix="RE",
            requirements=[
                "KTP-el dan Kartu Keluarga asli",
                "Paspor yang rusak",
                "Akta kelahiran, ijazah, atau buku nikah asli",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Pemeriksaan kerusakan dan pembuatan Berita Acara Pemeriksaan (BAP)",
                "Pembayaran PNBP, foto, dan perekaman sidik jari",
                "Mengambil paspor di gerai sesuai tanggal pada tanda terima",
            ],
            duration="3-4 hari kerja setelah pemeriksaan (BAP) selesai",
            fee=f"{PASPOR_FEE}; ditambah beban biaya paspor rusak Rp500.000",
            product="Paspor Republik Indonesia pengganti",
            legal_basis=IMIGRASI_LAW,
            description="Penggantian paspor yang rusak, sobek, basah, atau datanya tidak terbaca.",
            keywords="paspor rusak, paspor sobek, paspor basah, ganti paspor rusak",
            online_booking=True,
            slot_capacity=10,
            daily_quota=10,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="paspor-pengambilan",
            name="Pengambilan Paspor",
            prefix="RF",
            requirements=[
                "Tanda terima permohonan paspor",
                "KTP-el asli pemohon, atau surat kuasa dan KTP-el penerima kuasa",
            ],
            procedure=[
                "Mengambil nomor antrean pengambilan paspor",
                "Menyerahkan tanda terima dan identitas ke petugas",
                "Memeriksa data paspor dan menandatangani paspor",
            ],
            duration="Sekitar 5 menit",
            fee="Gratis",
            product="Paspor yang telah selesai diterbitkan",
            legal_basis=IMIGRASI_LAW,
            description="Penyerahan paspor yang telah selesai dicetak kepada pemohon.",
            keywords="ambil paspor, pengambilan paspor, paspor jadi, paspor sudah jadi",
            slot_capacity=25,
            expected_service_minutes=5,
        ),
        ServiceData(
            code="konsultasi",
            name="Informasi dan Konsultasi Keimigrasian",
            prefix="RG",
            requirements=[
                "KTP-el atau paspor",
                "Dokumen terkait pertanyaan bila ada",
            ],
            procedure=[
                "Mengambil nomor antrean konsultasi",
                "Menyampaikan pertanyaan kepada petugas",
                "Petugas memberi penjelasan dan rujukan layanan bila diperlukan",
            ],
            duration="Sekitar 15 menit",
            fee="Gratis",
            product="Informasi dan penjelasan layanan keimigrasian",
            legal_basis=IMIGRASI_LAW,
            description="Informasi tentang paspor, M-Paspor, dan persyaratan keimigrasian lainnya.",
            keywords="tanya paspor, info paspor, syarat paspor, m-paspor error, tanya imigrasi",
            slot_capacity=15,
            expected_service_minutes=10,
        ),
    ],
)

# --- Kantor Kementerian Agama (prefix T) --------------------------------------

HAJI_LAW = (
    "UU 8/2019 tentang Penyelenggaraan Ibadah Haji dan Umrah; "
    "PMA 13/2021 tentang Penyelenggaraan Ibadah Haji Reguler"
)
NIKAH_LAW = (
    "UU 1/1974 tentang Perkawinan s.t.d.t.d. UU 16/2019; PMA 20/2019 tentang Pencatatan Pernikahan"
)
HALAL_LAW = (
    "UU 33/2014 tentang Jaminan Produk Halal; PP 39/2021 tentang Penyelenggaraan "
    "Bidang Jaminan Produk Halal"
)
MADRASAH_LAW = (
    "UU 20/2003 tentang Sistem Pendidikan Nasional; "
    "PMA 90/2013 tentang Penyelenggaraan Pendidikan Madrasah"
)

KEMENAG = AgencyData(
    code="kemenag",
    name="Kantor Kementerian Agama Kota Probolinggo",
    kind="vertical",
    description=(
        "Layanan keagamaan: pendaftaran haji, rekomendasi umrah, legalisir, dan sertifikasi halal."
    ),
    pledge=(
        "Kami sanggup memberikan pelayanan yang ikhlas, profesional, dan transparan "
        "sesuai standar pelayanan. Apabila kami lalai, kami siap menerima pengaduan dan "
        "sanksi sesuai ketentuan."
    ),
    booth="Gerai 15 Kemenag",
    floor="2",
    counters=1,
    staff="2 orang petugas (seksi PHU dan PTSP)",
    supervisor="Kepala Kantor Kementerian Agama Kota Probolinggo",
    services=[
        ServiceData(
            code="haji-daftar",
            name="Pendaftaran Haji Reguler",
            prefix="TA",
            requirements=[
                "KTP-el sesuai domisili Kota Probolinggo",
                "Kartu Keluarga",
                "Akta kelahiran, buku nikah, atau ijazah",
                "Buku rekening tabungan haji atas nama jemaah pada BPS Bipih",
                "Bukti setoran awal Bipih dengan nomor validasi",
                "Pas foto 3x4 dan 4x6 latar putih, wajah tampak 80%",
            ],
            procedure=[
                "Membuka rekening haji dan membayar setoran awal Bipih di BPS Bipih",
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Verifikasi dokumen dan wawancara singkat",
                "Foto dan perekaman sidik jari di SISKOHAT",
                "Penerbitan bukti pendaftaran dengan nomor porsi",
            ],
            duration="1 hari kerja",
            fee="Gratis (setoran awal Bipih Rp25.000.000 dibayar melalui BPS Bipih)",
            product="Bukti Pendaftaran Haji (SPPH) dengan nomor porsi",
            legal_basis=HAJI_LAW,
            description="Pendaftaran calon jemaah haji reguler untuk mendapatkan nomor porsi.",
            keywords="daftar haji, pendaftaran haji, haji, nomor porsi, porsi haji, naik haji",
            online_booking=True,
            slot_capacity=10,
            daily_quota=30,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="haji-pelimpahan",
            name="Pelimpahan Nomor Porsi Haji",
            prefix="TB",
            requirements=[
                "Surat keterangan kematian atau sakit permanen jemaah",
                "Surat kuasa pelimpahan dari ahli waris yang diketahui lurah",
                "KTP-el dan Kartu Keluarga penerima pelimpahan",
                "Bukti setoran awal Bipih asli",
                "Akta kelahiran atau buku nikah yang menunjukkan hubungan keluarga",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Verifikasi berkas dan hubungan keluarga",
                "Pengusulan pelimpahan ke Kanwil Kemenag dan Ditjen PHU",
                "Penerbitan bukti pelimpahan nomor porsi",
            ],
            duration="Sekitar 14 hari kerja sejak berkas lengkap",
            fee="Gratis",
            product="Bukti pelimpahan nomor porsi haji",
            legal_basis=HAJI_LAW,
            description=(
                "Pelimpahan nomor porsi jemaah yang wafat atau sakit permanen kepada keluarganya."
            ),
            keywords="pelimpahan porsi, porsi haji wafat, ganti nama haji, waris porsi haji",
            slot_capacity=10,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="haji-pembatalan",
            name="Pembatalan Pendaftaran Haji",
            prefix="TC",
            requirements=[
                "Surat permohonan pembatalan bermeterai",
                "Bukti setoran awal Bipih asli",
                "KTP-el dan Kartu Keluarga",
                "Buku rekening tabungan haji pada BPS Bipih",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Verifikasi berkas dan data SISKOHAT",
                "Pengusulan pembatalan ke Kanwil Kemenag dan Ditjen PHU",
                "Pengembalian setoran awal melalui BPS Bipih",
            ],
            duration="Sekitar 30 hari kerja sampai dana dikembalikan",
            fee="Gratis",
            product="Surat pembatalan pendaftaran dan pengembalian setoran awal Bipih",
            legal_basis=HAJI_LAW,
            description="Pembatalan pendaftaran haji dan pengembalian setoran awal Bipih.",
            keywords="batal haji, pembatalan haji, tarik dana haji, uang haji kembali",
            slot_capacity=10,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="rekomendasi-umrah",
            name="Rekomendasi Paspor Umrah",
            prefix="TD",
            requirements=[
                "Surat permohonan dari PPIU (travel umrah) berizin",
                "Fotokopi KTP-el dan Kartu Keluarga",
                "Bukti pendaftaran umrah dari PPIU",
                "Fotokopi akta kelahiran atau buku nikah",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Verifikasi izin PPIU dan data jemaah",
                "Penandatanganan surat rekomendasi oleh pejabat",
                "Surat rekomendasi diserahkan ke pemohon",
            ],
            duration="1 hari kerja",
            fee="Gratis",
            product="Surat rekomendasi pembuatan paspor untuk ibadah umrah",
            legal_basis=(
                "UU 8/2019 tentang Penyelenggaraan Ibadah Haji dan Umrah; "
                "UU 6/2011 tentang Keimigrasian"
            ),
            description="Surat rekomendasi Kemenag bagi calon jemaah umrah yang membuat paspor.",
            keywords="rekomendasi umroh, rekomendasi umrah, paspor umroh, surat umroh",
            online_booking=True,
            slot_capacity=15,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="legalisir-buku-nikah",
            name="Legalisir Buku Nikah",
            prefix="TE",
            requirements=[
                "Buku nikah asli",
                "Fotokopi buku nikah yang akan dilegalisir",
                "Fotokopi KTP-el pemohon",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Pencocokan fotokopi dengan buku nikah asli dan data register",
                "Pengesahan dan cap oleh pejabat berwenang",
            ],
            duration="Sekitar 1 jam",
            fee="Gratis",
            product="Fotokopi buku nikah yang telah dilegalisir",
            legal_basis=NIKAH_LAW,
            description="Pengesahan fotokopi buku nikah untuk keperluan administrasi.",
            keywords="legalisir buku nikah, legalisir surat nikah, legalisasi akta nikah",
            slot_capacity=20,
            expected_service_minutes=5,
        ),
        ServiceData(
            code="legalisir-ijazah-madrasah",
            name="Legalisir Ijazah Madrasah",
            prefix="TF",
            requirements=[
                "Ijazah madrasah asli (MI, MTs, atau MA)",
                "Fotokopi ijazah yang akan dilegalisir",
                "Fotokopi KTP-el pemohon",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Pencocokan fotokopi dengan ijazah asli",
                "Pengesahan dan cap oleh pejabat berwenang",
            ],
            duration="Sekitar 1 jam",
            fee="Gratis",
            product="Fotokopi ijazah madrasah yang telah dilegalisir",
            legal_basis=MADRASAH_LAW,
            description="Legalisir ijazah madrasah yang madrasahnya sudah tutup atau berganti.",
            keywords=(
                "legalisir ijazah, legalisir ijazah madrasah, legalisir ijazah mts, "
                "legalisir ijazah ma"
            ),
            slot_capacity=20,
            expected_service_minutes=5,
        ),
        ServiceData(
            code="halal-self-declare",
            name="Pendampingan Sertifikasi Halal Gratis (Self Declare)",
            prefix="TG",
            requirements=[
                "NIB usaha mikro atau kecil dari OSS",
                "KTP-el pemilik usaha",
                "Daftar bahan dan proses produksi",
                "Foto produk dan tempat produksi",
                "Akun SIHALAL (dibuat bersama petugas bila belum ada)",
            ],
            procedure=[
                "Mengambil nomor antrean dan konsultasi kelayakan self declare",
                "Pengisian permohonan di SIHALAL bersama pendamping PPH",
                "Verifikasi dan validasi oleh pendamping PPH",
                "Sidang fatwa oleh Komite Fatwa Produk Halal",
                "Sertifikat halal elektronik diterbitkan BPJPH",
            ],
            duration="Sekitar 12 hari kerja sejak permohonan lengkap",
            fee="Gratis",
            product="Sertifikat Halal elektronik dari BPJPH",
            legal_basis=HALAL_LAW,
            description="Pendampingan sertifikasi halal gratis bagi usaha mikro dan kecil.",
            keywords="sertifikat halal, halal gratis, sehati, label halal, daftar halal umkm",
            slot_capacity=10,
            expected_service_minutes=20,
        ),
    ],
)

# --- KPP Pratama Probolinggo (prefix U) ---------------------------------------

KUP_LAW = (
    "UU 6/1983 tentang Ketentuan Umum dan Tata Cara Perpajakan sebagaimana diubah "
    "antara lain dengan UU 7/2021 tentang Harmonisasi Peraturan Perpajakan"
)
CORETAX_LAW = (
    f"{KUP_LAW}; PMK 81/2024 tentang Ketentuan Perpajakan dalam rangka Pelaksanaan "
    "Sistem Inti Administrasi Perpajakan"
)

KPP = AgencyData(
    code="kpp",
    name="Kantor Pelayanan Pajak Pratama Probolinggo",
    kind="vertical",
    description="Layanan perpajakan pusat: NPWP, EFIN, akun Coretax, dan bantuan SPT Tahunan.",
    pledge=(
        "Kami berkomitmen memberikan pelayanan perpajakan yang mudah, cepat, dan tanpa "
        "biaya. Kami menolak segala bentuk gratifikasi dan siap menerima pengaduan bila "
        "pelayanan tidak sesuai standar."
    ),
    booth="Gerai 16 KPP Pratama",
    floor="2",
    counters=2,
    staff="2 orang petugas Tempat Pelayanan Terpadu",
    supervisor="Kepala KPP Pratama Probolinggo",
    services=[
        ServiceData(
            code="npwp-daftar",
            name="Pendaftaran NPWP Orang Pribadi",
            prefix="UA",
            requirements=[
                "KTP-el asli (NIK berfungsi sebagai NPWP)",
                "Alamat email dan nomor ponsel aktif",
                "NIB atau surat keterangan usaha bagi yang berusaha",
                "Surat perjanjian pisah harta bagi wanita kawin yang memilih NPWP sendiri",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyampaikan berkas",
                "Petugas membantu pengisian formulir pendaftaran di Coretax",
                "Verifikasi data kependudukan dan kontak",
                "NPWP diterbitkan dan kartu NPWP serta Surat Keterangan Terdaftar dikirim",
            ],
            duration="1 hari kerja (selesai di hari yang sama bila data lengkap)",
            fee="Gratis",
            product="Kartu NPWP dan Surat Keterangan Terdaftar elektronik",
            legal_basis=CORETAX_LAW,
            description="Pendaftaran wajib pajak orang pribadi untuk memperoleh NPWP.",
            keywords="npwp, buat npwp, daftar npwp, nomor pajak, kartu npwp, npwp hilang",
            online_booking=True,
            slot_capacity=15,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="efin",
            name="Penerbitan dan Reset EFIN",
            prefix="UB",
            requirements=[
                "KTP-el asli wajib pajak (tidak dapat dikuasakan untuk orang pribadi)",
                "NPWP atau NIK yang telah terdaftar",
                "Alamat email dan nomor ponsel aktif",
            ],
            procedure=[
                "Mengambil nomor antrean",
                "Petugas memverifikasi identitas dan data wajib pajak",
                "Pemutakhiran email dan nomor ponsel bila diperlukan",
                "EFIN dikirim ke email wajib pajak",
            ],
            duration="Sekitar 15 menit",
            fee="Gratis",
            product="Electronic Filing Identification Number (EFIN)",
            legal_basis=CORETAX_LAW,
            description=(
                "Penerbitan EFIN baru atau reset EFIN yang lupa untuk layanan pajak elektronik."
            ),
            keywords="efin, lupa efin, reset efin, minta efin, efin hilang, nomor efin",
            online_booking=True,
            slot_capacity=20,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="coretax-aktivasi",
            name="Aktivasi Akun Coretax dan Kode Otorisasi DJP",
            prefix="UC",
            requirements=[
                "KTP-el asli",
                "NPWP atau NIK yang telah divalidasi",
                "EFIN (dapat diterbitkan di gerai)",
                "Ponsel dengan email dan nomor aktif untuk menerima kode verifikasi",
            ],
            procedure=[
                "Mengambil nomor antrean",
                "Petugas mendampingi aktivasi akun di portal Coretax",
                "Pembuatan kata sandi dan passphrase oleh wajib pajak sendiri",
                "Pengajuan Kode Otorisasi DJP atau sertifikat elektronik",
                "Uji login dan penjelasan singkat menu Coretax",
            ],
            duration="Sekitar 20 menit",
            fee="Gratis",
            product="Akun Coretax aktif dan Kode Otorisasi DJP",
            legal_basis=CORETAX_LAW,
            description=(
                "Pendampingan aktivasi akun Coretax agar wajib pajak dapat lapor SPT "
                "secara elektronik."
            ),
            keywords="coretax, aktivasi coretax, kode otorisasi, lupa password pajak, djp online",
            online_booking=True,
            slot_capacity=15,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="spt-asistensi",
            name="Asistensi Pengisian SPT Tahunan Orang Pribadi",
            prefix="UD",
            requirements=[
                "Bukti potong PPh Pasal 21 dari pemberi kerja",
                "Daftar harta dan utang pada akhir tahun",
                "Data tanggungan keluarga sesuai Kartu Keluarga",
                "Akun Coretax yang sudah aktif (atau aktivasi di gerai)",
            ],
            procedure=[
                "Mengambil nomor antrean konsultasi SPT",
                "Petugas memeriksa kelengkapan dokumen",
                "Wajib pajak mengisi SPT di Coretax dengan bimbingan petugas",
                "SPT ditandatangani secara elektronik dan dikirim",
                "Bukti Penerimaan Elektronik (BPE) dikirim ke email",
            ],
            duration="Sekitar 20 menit",
            fee="Gratis",
            product="Bukti Penerimaan Elektronik (BPE) SPT Tahunan",
            legal_basis=CORETAX_LAW,
            description="Bantuan mengisi dan melaporkan SPT Tahunan PPh orang pribadi.",
            keywords="spt, lapor spt, spt tahunan, lapor pajak, isi spt, bukti potong",
            online_booking=True,
            slot_capacity=20,
            daily_quota=60,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="perubahan-data",
            name="Pemutakhiran Data Wajib Pajak",
            prefix="UE",
            requirements=[
                "KTP-el asli",
                "Kartu Keluarga terbaru",
                "Dokumen pendukung perubahan (mis. surat keterangan domisili, akta)",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyampaikan perubahan data",
                "Verifikasi dokumen pendukung",
                "Petugas memutakhirkan data di Coretax",
                "Bukti perubahan data dikirim ke email wajib pajak",
            ],
            duration="1 hari kerja",
            fee="Gratis",
            product="Surat Keterangan Terdaftar dengan data terbaru",
            legal_basis=CORETAX_LAW,
            description=(
                "Perubahan alamat, email, nomor ponsel, status keluarga, atau data lain "
                "wajib pajak."
            ),
            keywords="ganti alamat npwp, ubah data pajak, ganti email pajak, pindah kpp",
            slot_capacity=15,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="npwp-hapus",
            name="Penghapusan NPWP dan Penetapan Wajib Pajak Non-Efektif",
            prefix="UF",
            requirements=[
                "Surat permohonan penghapusan NPWP atau penetapan non-efektif",
                "KTP-el wajib pajak atau ahli waris",
                "Surat keterangan kematian bila wajib pajak meninggal dunia",
                "Surat pernyataan tidak lagi memenuhi syarat subjektif atau objektif",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan permohonan",
                "Petugas menerbitkan bukti penerimaan permohonan",
                "Penelitian atau pemeriksaan oleh KPP",
                "Keputusan penghapusan atau penetapan non-efektif dikirim ke pemohon",
            ],
            duration="Bukti terima di hari yang sama; keputusan sesuai jangka waktu PMK 81/2024",
            fee="Gratis",
            product="Surat keputusan penghapusan NPWP atau pemberitahuan status non-efektif",
            legal_basis=CORETAX_LAW,
            description=(
                "Permohonan hapus NPWP atau status non-efektif bagi yang tidak lagi berpenghasilan."
            ),
            keywords="hapus npwp, tutup npwp, npwp non efektif, npwp orang meninggal",
            slot_capacity=10,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="konsultasi-umkm",
            name="Konsultasi Perpajakan UMKM",
            prefix="UG",
            requirements=[
                "KTP-el atau NPWP",
                "Catatan omzet usaha bila ada",
            ],
            procedure=[
                "Mengambil nomor antrean konsultasi",
                "Menyampaikan pertanyaan tentang kewajiban pajak usaha",
                "Petugas menjelaskan PPh final UMKM, pencatatan, dan cara membayar",
            ],
            duration="Sekitar 15 menit",
            fee="Gratis",
            product="Penjelasan kewajiban perpajakan usaha",
            legal_basis=(
                f"{KUP_LAW}; PP 55/2022 tentang Penyesuaian Pengaturan di Bidang Pajak Penghasilan"
            ),
            description="Konsultasi pajak bagi pelaku UMKM, termasuk PPh final 0,5 persen.",
            keywords="pajak umkm, pajak usaha, pph final, pajak 0,5 persen, konsultasi pajak",
            slot_capacity=15,
            expected_service_minutes=15,
        ),
    ],
)

# --- Kantor Pertanahan (prefix V) ---------------------------------------------

BPN_PNBP = (
    "PP 128/2015 tentang Jenis dan Tarif atas Jenis PNBP yang Berlaku pada Kementerian ATR/BPN"
)
TANAH_LAW = (
    "PP 24/1997 tentang Pendaftaran Tanah; PP 18/2021 tentang Hak Pengelolaan, Hak atas "
    f"Tanah, Satuan Rumah Susun, dan Pendaftaran Tanah; {BPN_PNBP}; Perkaban 1/2010 "
    "tentang Standar Pelayanan dan Pengaturan Pertanahan"
)
HT_LAW = (
    "UU 4/1996 tentang Hak Tanggungan; Permen ATR/BPN 5/2020 tentang Pelayanan Hak "
    f"Tanggungan Terintegrasi Secara Elektronik; {BPN_PNBP}"
)
PERALIHAN_FEE = "PNBP = (nilai tanah : 1.000) + Rp50.000 per bidang; BPHTB dan PPh dibayar terpisah"

BPN = AgencyData(
    code="bpn",
    name="Kantor Pertanahan Kota Probolinggo",
    kind="vertical",
    description="Layanan pertanahan: pengecekan sertifikat, roya, peralihan hak, dan informasi.",
    pledge=(
        "Kami berjanji memberikan pelayanan pertanahan yang cepat, transparan, dan sesuai "
        "tarif resmi. Kami siap menerima sanksi apabila pelayanan tidak sesuai standar."
    ),
    booth="Gerai 17 BPN",
    floor="2",
    counters=2,
    staff="2 orang petugas loket pelayanan",
    supervisor="Kepala Kantor Pertanahan Kota Probolinggo",
    services=[
        ServiceData(
            code="pengecekan-sertifikat",
            name="Pengecekan Sertifikat",
            prefix="VA",
            requirements=[
                "Formulir permohonan yang ditandatangani pemohon atau kuasanya",
                "Sertifikat hak atas tanah asli",
                "Fotokopi KTP-el pemohon",
                "Surat kuasa dan fotokopi KTP-el penerima kuasa bila dikuasakan",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Pembayaran PNBP di loket atau melalui bank",
                "Pencocokan sertifikat dengan buku tanah dan data elektronik",
                "Pencatatan hasil pengecekan dan penyerahan sertifikat",
            ],
            duration="1 hari kerja",
            fee="Rp50.000 per bidang",
            product="Sertifikat yang telah dicek kesesuaiannya dengan buku tanah",
            legal_basis=TANAH_LAW,
            description="Memastikan data sertifikat sesuai dengan buku tanah sebelum transaksi.",
            keywords="cek sertifikat, pengecekan sertifikat, cek tanah, sertifikat asli, bpn",
            online_booking=True,
            slot_capacity=15,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="roya",
            name="Roya (Penghapusan Hak Tanggungan)",
            prefix="VB",
            requirements=[
                "Sertifikat hak atas tanah asli",
                "Sertifikat Hak Tanggungan asli",
                "Surat keterangan lunas atau pernyataan roya dari bank",
                "Fotokopi KTP-el pemilik tanah",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Pembayaran PNBP",
                "Pencatatan hapusnya hak tanggungan pada buku tanah dan sertifikat",
                "Sertifikat bersih diserahkan ke pemohon",
            ],
            duration="5 hari kerja",
            fee="Rp50.000 per sertifikat",
            product="Sertifikat dengan catatan hapusnya hak tanggungan",
            legal_basis=HT_LAW,
            description="Penghapusan catatan hak tanggungan setelah kredit di bank lunas.",
            keywords="roya, hapus hak tanggungan, sertifikat dari bank, kredit lunas, roya bpn",
            slot_capacity=10,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="peralihan-jual-beli",
            name="Peralihan Hak karena Jual Beli (Balik Nama Sertifikat)",
            prefix="VC",
            requirements=[
                "Akta Jual Beli (AJB) dari PPAT",
                "Sertifikat hak atas tanah asli",
                "Fotokopi KTP-el dan Kartu Keluarga penjual dan pembeli",
                "Bukti pembayaran BPHTB dan PPh final",
                "SPPT PBB tahun berjalan",
            ],
            procedure=[
                "Berkas diajukan oleh PPAT atau pemohon di loket",
                "Pemeriksaan kelengkapan dan pembayaran PNBP",
                "Pencatatan peralihan hak pada buku tanah",
                "Sertifikat atas nama pemilik baru diserahkan",
            ],
            duration="5 hari kerja",
            fee=PERALIHAN_FEE,
            product="Sertifikat atas nama pemilik baru",
            legal_basis=TANAH_LAW,
            description="Pencatatan pergantian pemilik tanah setelah jual beli di hadapan PPAT.",
            keywords="balik nama sertifikat, jual beli tanah, ganti nama sertifikat, ajb",
            slot_capacity=10,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="peralihan-waris",
            name="Peralihan Hak karena Pewarisan",
            prefix="VD",
            requirements=[
                "Surat keterangan waris",
                "Akta kematian pewaris",
                "Fotokopi KTP-el dan Kartu Keluarga para ahli waris",
                "Sertifikat hak atas tanah asli",
                "Bukti pembayaran BPHTB waris dan SPPT PBB tahun berjalan",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Pemeriksaan berkas dan pembayaran PNBP",
                "Pencatatan peralihan hak kepada ahli waris pada buku tanah",
                "Sertifikat atas nama ahli waris diserahkan",
            ],
            duration="5 hari kerja",
            fee=PERALIHAN_FEE,
            product="Sertifikat atas nama ahli waris",
            legal_basis=TANAH_LAW,
            description="Balik nama sertifikat dari pewaris yang meninggal kepada ahli waris.",
            keywords="sertifikat waris, balik nama waris, tanah warisan, turun waris",
            slot_capacity=10,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="skpt",
            name="Surat Keterangan Pendaftaran Tanah (SKPT)",
            prefix="VE",
            requirements=[
                "Formulir permohonan",
                "Fotokopi sertifikat atau data bidang tanah",
                "Fotokopi KTP-el pemohon",
                "Surat kuasa bila dikuasakan",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Pembayaran PNBP",
                "Penelusuran data yuridis dan data fisik bidang tanah",
                "Penerbitan SKPT",
            ],
            duration="5 hari kerja",
            fee="Rp50.000 per bidang",
            product="Surat Keterangan Pendaftaran Tanah (SKPT)",
            legal_basis=TANAH_LAW,
            description="Keterangan status data bidang tanah untuk lelang atau keperluan lain.",
            keywords="skpt, surat keterangan tanah, status tanah, keterangan pendaftaran tanah",
            slot_capacity=10,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="sertifikat-pengganti",
            name="Sertifikat Pengganti karena Hilang atau Rusak",
            prefix="VF",
            requirements=[
                "Surat keterangan tanda lapor kehilangan dari Kepolisian",
                "Fotokopi KTP-el dan Kartu Keluarga pemegang hak",
                "Fotokopi sertifikat yang hilang bila ada, atau sertifikat yang rusak",
                "Surat pernyataan di bawah sumpah tentang hilangnya sertifikat",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Pembayaran PNBP dan pengambilan sumpah",
                "Pengumuman di media massa selama 30 hari",
                "Penerbitan sertifikat pengganti bila tidak ada keberatan",
            ],
            duration="Sekitar 40 hari kerja termasuk masa pengumuman",
            fee="Rp50.000 per bidang; ditambah Rp200.000 untuk sumpah dan pengumuman",
            product="Sertifikat hak atas tanah pengganti",
            legal_basis=TANAH_LAW,
            description="Penerbitan sertifikat pengganti untuk sertifikat yang hilang atau rusak.",
            keywords="sertifikat hilang, sertifikat rusak, ganti sertifikat, sertipikat hilang",
            slot_capacity=10,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="informasi",
            name="Informasi dan Konsultasi Pertanahan",
            prefix="VG",
            requirements=[
                "KTP-el pemohon",
                "Fotokopi sertifikat atau dokumen tanah terkait bila ada",
            ],
            procedure=[
                "Mengambil nomor antrean informasi",
                "Menyampaikan pertanyaan kepada petugas",
                "Petugas menjelaskan syarat, biaya, dan cara memantau berkas di Sentuh Tanahku",
            ],
            duration="Sekitar 15 menit",
            fee="Gratis",
            product="Informasi layanan pertanahan dan status berkas",
            legal_basis=TANAH_LAW,
            description="Informasi syarat, biaya, dan status berkas layanan pertanahan.",
            keywords="tanya bpn, info sertifikat, cek berkas bpn, sentuh tanahku, urus sertifikat",
            slot_capacity=15,
            expected_service_minutes=10,
        ),
    ],
)

# --- Samsat (prefix W) --------------------------------------------------------

SAMSAT_LAW = (
    "Perpres 5/2015 tentang Penyelenggaraan Sistem Administrasi Manunggal di Bawah Satu "
    "Atap Kendaraan Bermotor; UU 1/2022 tentang Hubungan Keuangan antara Pemerintah Pusat "
    "dan Pemerintahan Daerah; Perda Provinsi Jawa Timur 8/2023 tentang Pajak Daerah dan "
    "Retribusi Daerah; UU 34/1964 tentang Dana Kecelakaan Lalu Lintas Jalan"
)
REGIDENT_LAW = (
    f"{SAMSAT_LAW}; Perpol 7/2021 tentang Registrasi dan Identifikasi Kendaraan Bermotor; "
    "PP 76/2020 tentang PNBP Polri"
)
CEK_FISIK = "Cek fisik kendaraan (gesek nomor rangka dan nomor mesin)"

SAMSAT = AgencyData(
    code="samsat",
    name="Kantor Bersama Samsat Kota Probolinggo",
    kind="vertical",
    description="Layanan pajak kendaraan bermotor, STNK, dan mutasi kendaraan dalam satu atap.",
    pledge=(
        "Kami sanggup melayani pajak dan administrasi kendaraan bermotor dengan cepat, "
        "tepat, dan sesuai tarif resmi. Kami siap menerima sanksi apabila melanggar "
        "standar pelayanan."
    ),
    booth="Gerai 18 Samsat",
    floor="1",
    counters=2,
    staff="3 orang petugas (Bapenda Jatim, Satlantas, dan Jasa Raharja)",
    supervisor="Tim Pembina Samsat Provinsi Jawa Timur",
    services=[
        ServiceData(
            code="pajak-tahunan",
            name="Pembayaran Pajak Tahunan dan Pengesahan STNK",
            prefix="WA",
            requirements=[
                "KTP-el asli sesuai nama pada STNK, atau surat kuasa bila diwakilkan",
                "STNK asli",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Penetapan PKB dan SWDKLLJ oleh petugas",
                "Pembayaran di kasir atau melalui QRIS",
                "Pengesahan STNK dan penyerahan notice pajak",
            ],
            duration="Sekitar 15 menit",
            fee=(
                "Sesuai PKB dan SWDKLLJ; PNBP pengesahan STNK roda dua Rp25.000, roda empat "
                "Rp50.000"
            ),
            product="STNK yang telah disahkan dan notice pajak (SKPD)",
            legal_basis=REGIDENT_LAW,
            description="Pembayaran pajak kendaraan bermotor tahunan dan pengesahan STNK.",
            keywords=(
                "pajak motor, pajak mobil, bayar pajak kendaraan, stnk tahunan, "
                "pajak tahunan, samsat, pkb"
            ),
            online_booking=True,
            slot_capacity=25,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="pajak-lima-tahunan",
            name="Pajak Lima Tahunan (Ganti STNK dan Plat Nomor)",
            prefix="WB",
            requirements=[
                "KTP-el asli sesuai nama pada STNK",
                "STNK asli",
                "BPKB asli dan fotokopinya",
                CEK_FISIK,
            ],
            procedure=[
                "Cek fisik kendaraan di area pemeriksaan",
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Penetapan PKB, SWDKLLJ, dan PNBP",
                "Pembayaran di kasir",
                "Pencetakan STNK baru dan penyerahan TNKB baru",
            ],
            duration="1 hari kerja (TNKB dapat menyusul sesuai ketersediaan)",
            fee=(
                "Sesuai PKB dan SWDKLLJ; PNBP STNK roda dua Rp100.000, roda empat Rp200.000; "
                "TNKB roda dua Rp60.000, roda empat Rp100.000"
            ),
            product="STNK baru, TNKB baru, dan notice pajak",
            legal_basis=REGIDENT_LAW,
            description="Penggantian STNK dan plat nomor setiap lima tahun beserta pajaknya.",
            keywords="ganti plat, pajak 5 tahun, stnk 5 tahunan, plat nomor mati, ganti stnk",
            online_booking=True,
            slot_capacity=15,
            daily_quota=80,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="mutasi-keluar",
            name="Mutasi Kendaraan Keluar Daerah",
            prefix="WC",
            requirements=[
                "KTP-el asli pemilik",
                "STNK dan BPKB asli",
                "Kuitansi jual beli bermeterai bila beda nama",
                CEK_FISIK,
            ],
            procedure=[
                "Cek fisik kendaraan",
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Pelunasan PKB terutang dan PNBP mutasi",
                "Penelitian berkas oleh Satlantas",
                "Penerbitan berkas mutasi untuk dibawa ke daerah tujuan",
            ],
            duration="Paling lama 3 hari kerja",
            fee=("Sesuai PKB terutang; PNBP surat mutasi roda dua Rp150.000, roda empat Rp250.000"),
            product="Berkas mutasi kendaraan (surat keterangan mutasi dan dokumen terkait)",
            legal_basis=REGIDENT_LAW,
            description="Pemindahan registrasi kendaraan ke luar wilayah Samsat Kota Probolinggo.",
            keywords="mutasi keluar, cabut berkas, pindah plat, mutasi motor, mutasi mobil",
            online_booking=True,
            slot_capacity=10,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="mutasi-masuk",
            name="Mutasi Kendaraan Masuk Daerah",
            prefix="WD",
            requirements=[
                "KTP-el asli pemilik baru dengan alamat Kota Probolinggo",
                "Berkas mutasi asli dari Samsat daerah asal",
                "BPKB asli",
                "Kuitansi jual beli bermeterai bila beda nama",
                CEK_FISIK,
            ],
            procedure=[
                "Cek fisik kendaraan",
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Penetapan PKB, SWDKLLJ, dan PNBP",
                "Pembayaran di kasir",
                "Penerbitan STNK dan TNKB daerah baru",
            ],
            duration="Paling lama 3 hari kerja",
            fee=(
                "Sesuai PKB dan SWDKLLJ; PNBP STNK, TNKB, dan BPKB sesuai PP 76/2020; "
                "BBNKB kedua tidak dipungut"
            ),
            product="STNK dan TNKB baru berplat Probolinggo (N) serta notice pajak",
            legal_basis=REGIDENT_LAW,
            description="Pendaftaran kendaraan dari luar daerah agar berplat Kota Probolinggo.",
            keywords="mutasi masuk, plat luar kota, ganti plat n, pindah kendaraan ke probolinggo",
            online_booking=True,
            slot_capacity=10,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="balik-nama",
            name="Balik Nama Kendaraan Bermotor",
            prefix="WE",
            requirements=[
                "KTP-el asli pemilik baru",
                "STNK dan BPKB asli",
                "Kuitansi jual beli bermeterai",
                CEK_FISIK,
            ],
            procedure=[
                "Cek fisik kendaraan",
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Penetapan PKB, SWDKLLJ, dan PNBP",
                "Pembayaran di kasir",
                "Penerbitan STNK atas nama pemilik baru; BPKB diproses Satlantas",
            ],
            duration="1 hari kerja untuk STNK; BPKB paling lama 14 hari kerja",
            fee=(
                "Sesuai PKB dan SWDKLLJ; PNBP STNK, TNKB, dan BPKB sesuai PP 76/2020; "
                "BBNKB kedua tidak dipungut"
            ),
            product="STNK dan BPKB atas nama pemilik baru",
            legal_basis=REGIDENT_LAW,
            description="Pergantian nama pemilik kendaraan bekas dalam wilayah Jawa Timur.",
            keywords="balik nama motor, balik nama mobil, bbn, ganti nama stnk, motor bekas",
            online_booking=True,
            slot_capacity=10,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="lapor-jual",
            name="Lapor Jual dan Blokir Data Kendaraan",
            prefix="WF",
            requirements=[
                "KTP-el asli pemilik lama",
                "Fotokopi STNK kendaraan yang dijual",
                "Kuitansi jual beli atau surat pernyataan telah menjual",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Verifikasi kepemilikan oleh petugas",
                "Pemblokiran data kendaraan atas nama pemilik lama",
                "Tanda bukti pemblokiran diserahkan",
            ],
            duration="Sekitar 15 menit",
            fee="Gratis",
            product="Tanda bukti pemblokiran data kendaraan",
            legal_basis=REGIDENT_LAW,
            description=(
                "Pelaporan kendaraan yang sudah dijual agar pajak progresif tidak "
                "dibebankan ke pemilik lama."
            ),
            keywords="lapor jual, blokir stnk, blokir kendaraan, pajak progresif, motor dijual",
            slot_capacity=15,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="info-pajak",
            name="Informasi Tunggakan dan Data Kendaraan",
            prefix="WG",
            requirements=[
                "Nomor polisi kendaraan",
                "KTP-el atau STNK untuk data pribadi pemilik",
            ],
            procedure=[
                "Mengambil nomor antrean informasi",
                "Petugas mengecek data kendaraan dan tunggakan pajak",
                "Petugas menjelaskan rincian biaya dan layanan yang diperlukan",
            ],
            duration="Sekitar 5 menit",
            fee="Gratis",
            product="Informasi data kendaraan dan rincian tunggakan pajak",
            legal_basis=SAMSAT_LAW,
            description="Pengecekan besaran pajak, denda, dan status data kendaraan.",
            keywords="cek pajak, info pajak kendaraan, tunggakan pajak, denda pajak motor",
            slot_capacity=25,
            expected_service_minutes=5,
        ),
    ],
)

# --- BPJS Kesehatan (prefix X) ------------------------------------------------

JKN_LAW = (
    "UU 40/2004 tentang Sistem Jaminan Sosial Nasional; UU 24/2011 tentang BPJS; "
    "Perpres 82/2018 tentang Jaminan Kesehatan s.t.d.t.d. Perpres 59/2024; Peraturan BPJS "
    "Kesehatan 6/2018 tentang Administrasi Kepesertaan Program Jaminan Kesehatan"
)

BPJS_KES = AgencyData(
    code="bpjs-kes",
    name="BPJS Kesehatan Kantor Cabang Probolinggo",
    kind="bumn",
    description="Layanan administrasi kepesertaan Jaminan Kesehatan Nasional (JKN-KIS).",
    pledge=(
        "Kami berkomitmen melayani peserta JKN dengan cepat, ramah, dan tanpa biaya. "
        "Kami siap menerima saran dan pengaduan demi perbaikan layanan."
    ),
    booth="Gerai 19 BPJS Kesehatan",
    floor="1",
    counters=2,
    staff="2 orang petugas front office BPJS Kesehatan",
    supervisor="Kepala Cabang BPJS Kesehatan Probolinggo",
    services=[
        ServiceData(
            code="pendaftaran",
            name="Pendaftaran Peserta JKN Mandiri (PBPU)",
            prefix="XA",
            requirements=[
                "KTP-el asli seluruh anggota keluarga yang berusia 17 tahun ke atas",
                "Kartu Keluarga (seluruh anggota keluarga dalam KK wajib didaftarkan)",
                "Nomor rekening bank untuk autodebet iuran",
                "Alamat email dan nomor ponsel aktif",
            ],
            procedure=[
                "Mengambil nomor antrean atau memesan antrean lewat Mobile JKN",
                "Mengisi formulir daftar isian peserta dan memilih kelas serta faskes",
                "Verifikasi data kependudukan oleh petugas",
                "Menerima nomor virtual account dan membayar iuran pertama",
                "Kartu JKN digital aktif setelah iuran pertama dibayar",
            ],
            duration="Pendaftaran di hari yang sama; kartu aktif setelah iuran pertama dibayar",
            fee="Gratis (iuran bulanan dibayar terpisah sesuai kelas)",
            product="Nomor peserta dan Kartu JKN-KIS digital",
            legal_basis=JKN_LAW,
            description=(
                "Pendaftaran peserta JKN mandiri bagi pekerja bukan penerima upah dan keluarganya."
            ),
            keywords="bpjs, kis, jkn, daftar bpjs, bpjs mandiri, kartu bpjs, bpjs kesehatan",
            online_booking=True,
            slot_capacity=20,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="perubahan-data",
            name="Perubahan Data Peserta",
            prefix="XB",
            requirements=[
                "Kartu JKN atau nomor peserta",
                "KTP-el asli",
                "Kartu Keluarga terbaru",
                "Dokumen pendukung perubahan (akta kelahiran, buku nikah, atau akta cerai)",
            ],
            procedure=[
                "Mengambil nomor antrean",
                "Menyerahkan formulir perubahan data dan dokumen pendukung",
                "Verifikasi dan pemutakhiran data oleh petugas",
                "Peserta menerima konfirmasi perubahan data",
            ],
            duration="Sekitar 15 menit",
            fee="Gratis",
            product="Data kepesertaan JKN yang telah dimutakhirkan",
            legal_basis=JKN_LAW,
            description="Perubahan identitas, alamat, nomor ponsel, atau susunan keluarga peserta.",
            keywords="ubah data bpjs, ganti nama bpjs, ganti alamat bpjs, nik bpjs salah",
            online_booking=True,
            slot_capacity=20,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="pindah-faskes",
            name="Pindah Fasilitas Kesehatan Tingkat Pertama",
            prefix="XC",
            requirements=[
                "Kartu JKN atau nomor peserta",
                "KTP-el asli",
                "Sudah terdaftar minimal 3 bulan di faskes lama",
            ],
            procedure=[
                "Mengambil nomor antrean",
                "Memilih faskes tingkat pertama tujuan",
                "Petugas memproses perubahan faskes",
                "Faskes baru berlaku mulai tanggal 1 bulan berikutnya",
            ],
            duration="Sekitar 10 menit; berlaku mulai bulan berikutnya",
            fee="Gratis",
            product="Kepesertaan dengan faskes tingkat pertama yang baru",
            legal_basis=JKN_LAW,
            description=(
                "Perpindahan puskesmas, klinik, atau dokter keluarga tempat peserta terdaftar."
            ),
            keywords="pindah faskes, ganti puskesmas bpjs, pindah klinik bpjs, faskes 1",
            online_booking=True,
            slot_capacity=20,
            expected_service_minutes=5,
        ),
        ServiceData(
            code="tambah-bayi",
            name="Pendaftaran Bayi Baru Lahir dan Anggota Keluarga",
            prefix="XD",
            requirements=[
                "Surat keterangan lahir atau akta kelahiran bayi",
                "Kartu Keluarga yang sudah memuat anggota baru, bila sudah terbit",
                "Kartu JKN dan KTP-el orang tua",
            ],
            procedure=[
                "Mengambil nomor antrean",
                "Menyerahkan formulir penambahan anggota keluarga",
                "Verifikasi data dan penetapan kelas sesuai kepala keluarga",
                "Nomor peserta baru diterbitkan",
            ],
            duration="Sekitar 15 menit; bayi didaftarkan paling lambat 28 hari sejak lahir",
            fee="Gratis",
            product="Nomor peserta JKN untuk anggota keluarga baru",
            legal_basis=JKN_LAW,
            description="Penambahan bayi baru lahir atau anggota keluarga ke kepesertaan JKN.",
            keywords="daftar bpjs bayi, bpjs anak baru lahir, tambah anggota bpjs, bpjs bayi",
            online_booking=True,
            slot_capacity=15,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="reaktivasi",
            name="Informasi Tunggakan dan Pengaktifan Kembali Kepesertaan",
            prefix="XE",
            requirements=[
                "Kartu JKN atau nomor peserta",
                "KTP-el asli",
                "Bukti pelunasan tunggakan iuran bila sudah dibayar",
            ],
            procedure=[
                "Mengambil nomor antrean",
                "Petugas mengecek status kepesertaan dan rincian tunggakan",
                "Peserta melunasi tunggakan melalui kanal pembayaran",
                "Status kepesertaan diaktifkan kembali",
            ],
            duration="Sekitar 10 menit",
            fee="Gratis (tunggakan iuran dilunasi terpisah, paling banyak 24 bulan)",
            product="Status kepesertaan JKN aktif kembali",
            legal_basis=JKN_LAW,
            description="Pengecekan status dan pengaktifan kembali kartu JKN yang nonaktif.",
            keywords="bpjs nonaktif, bpjs mati, tunggakan bpjs, aktifkan bpjs, denda bpjs",
            online_booking=True,
            slot_capacity=20,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="pengaduan",
            name="Informasi dan Pengaduan Peserta JKN",
            prefix="XF",
            requirements=[
                "Kartu JKN atau nomor peserta",
                "KTP-el asli",
                "Dokumen atau bukti terkait pengaduan bila ada",
            ],
            procedure=[
                "Mengambil nomor antrean",
                "Menyampaikan pertanyaan atau pengaduan",
                "Petugas mencatat di sistem pengaduan dan memberi nomor tiket",
                "Peserta menerima jawaban atau tindak lanjut",
            ],
            duration="Informasi langsung; pengaduan ditindaklanjuti paling lama 5 hari kerja",
            fee="Gratis",
            product="Jawaban informasi atau nomor tiket pengaduan",
            legal_basis=JKN_LAW,
            description="Informasi hak peserta dan penanganan keluhan layanan JKN di faskes.",
            keywords="pengaduan bpjs, keluhan bpjs, ditolak rumah sakit, tanya bpjs kesehatan",
            slot_capacity=15,
            expected_service_minutes=15,
        ),
    ],
)

# --- BPJS Ketenagakerjaan (prefix Y) -------------------------------------------

BPJSTK_LAW = "UU 40/2004 tentang Sistem Jaminan Sosial Nasional; UU 24/2011 tentang BPJS"
JHT_LAW = (
    f"{BPJSTK_LAW}; PP 46/2015 tentang Penyelenggaraan Program Jaminan Hari Tua "
    "s.t.d.t.d. PP 60/2015; Permenaker 4/2022 tentang Tata Cara dan Persyaratan "
    "Pembayaran Manfaat Jaminan Hari Tua"
)
JKK_JKM_LAW = (
    f"{BPJSTK_LAW}; PP 44/2015 tentang Penyelenggaraan Program JKK dan JKM s.t.d.t.d. "
    "PP 82/2019; Permenaker 5/2021 tentang Tata Cara Penyelenggaraan Program JKK, JKM, "
    "dan JHT"
)
JP_LAW = f"{BPJSTK_LAW}; PP 45/2015 tentang Penyelenggaraan Program Jaminan Pensiun"

BPJS_TK = AgencyData(
    code="bpjs-tk",
    name="BPJS Ketenagakerjaan Kantor Cabang Probolinggo",
    kind="bumn",
    description="Layanan jaminan sosial ketenagakerjaan: klaim JHT, JKM, JP, dan kepesertaan.",
    pledge=(
        "Kami berkomitmen membayar manfaat kepada peserta secara cepat, tepat, dan tanpa "
        "perantara. Kami siap menerima pengaduan bila layanan tidak sesuai janji ini."
    ),
    booth="Gerai 20 BPJS Ketenagakerjaan",
    floor="1",
    counters=1,
    staff="2 orang petugas customer service",
    supervisor="Kepala Kantor Cabang BPJS Ketenagakerjaan Probolinggo",
    services=[
        ServiceData(
            code="klaim-jht",
            name="Klaim Jaminan Hari Tua (JHT)",
            prefix="YA",
            requirements=[
                "Kartu peserta BPJS Ketenagakerjaan atau nomor peserta",
                "KTP-el asli",
                "Kartu Keluarga",
                "Surat keterangan berhenti bekerja (paklaring) dari perusahaan",
                "Buku tabungan atas nama peserta",
                "NPWP bila saldo JHT lebih dari Rp50.000.000",
            ],
            procedure=[
                "Memesan antrean lewat aplikasi JMO atau mengambil antrean di gerai",
                "Menyerahkan dokumen asli untuk dipindai",
                "Wawancara dan foto peserta",
                "Verifikasi dan penetapan klaim",
                "Saldo JHT ditransfer ke rekening peserta",
            ],
            duration="Paling lama 5 hari kerja sejak berkas lengkap",
            fee="Gratis",
            product="Pembayaran saldo JHT ke rekening peserta",
            legal_basis=JHT_LAW,
            description=(
                "Pencairan saldo JHT bagi peserta yang berhenti bekerja atau memenuhi syarat lain."
            ),
            keywords=(
                "klaim jht, cairkan bpjs tk, pencairan jht, bpjs ketenagakerjaan, "
                "jamsostek, ambil saldo bpjs"
            ),
            online_booking=True,
            slot_capacity=15,
            daily_quota=50,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="klaim-jkm",
            name="Klaim Jaminan Kematian (JKM)",
            prefix="YB",
            requirements=[
                "Kartu peserta almarhum atau nomor peserta",
                "Akta kematian dari Dispendukcapil",
                "Surat keterangan ahli waris dari kelurahan",
                "KTP-el dan Kartu Keluarga ahli waris",
                "Buku tabungan atas nama ahli waris",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Verifikasi dokumen dan wawancara ahli waris",
                "Penetapan manfaat JKM (dan JHT bila ada saldo)",
                "Manfaat ditransfer ke rekening ahli waris",
            ],
            duration="Paling lama 3 hari kerja sejak berkas lengkap",
            fee="Gratis",
            product="Pembayaran santunan JKM ke rekening ahli waris",
            legal_basis=JKK_JKM_LAW,
            description="Klaim santunan kematian bagi ahli waris peserta yang meninggal dunia.",
            keywords="klaim kematian, santunan kematian bpjs, jkm, ahli waris bpjs tk",
            online_booking=True,
            slot_capacity=10,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="klaim-jp",
            name="Klaim Jaminan Pensiun (JP)",
            prefix="YC",
            requirements=[
                "Kartu peserta atau nomor peserta",
                "KTP-el dan Kartu Keluarga",
                "Surat keterangan berhenti bekerja atau memasuki usia pensiun",
                "Buku tabungan atas nama peserta",
                "Pas foto terbaru untuk penerima manfaat berkala",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyerahkan berkas",
                "Verifikasi masa iur dan dokumen",
                "Penetapan jenis manfaat (berkala atau sekaligus)",
                "Manfaat dibayarkan ke rekening peserta",
            ],
            duration="Paling lama 5 hari kerja sejak berkas lengkap",
            fee="Gratis",
            product="Pembayaran manfaat Jaminan Pensiun",
            legal_basis=JP_LAW,
            description="Klaim manfaat pensiun bulanan atau sekaligus sesuai masa iuran.",
            keywords="klaim pensiun, jaminan pensiun, jp bpjs, uang pensiun bpjs tk",
            online_booking=True,
            slot_capacity=10,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="perubahan-data",
            name="Perubahan Data Peserta",
            prefix="YD",
            requirements=[
                "Kartu peserta atau nomor peserta",
                "KTP-el asli dan Kartu Keluarga",
                "Dokumen pendukung perubahan (ijazah, akta kelahiran, atau surat perusahaan)",
            ],
            procedure=[
                "Mengambil nomor antrean",
                "Menyerahkan formulir perubahan data dan dokumen pendukung",
                "Verifikasi dan pemutakhiran data",
                "Peserta menerima konfirmasi lewat aplikasi JMO",
            ],
            duration="1 hari kerja",
            fee="Gratis",
            product="Data kepesertaan yang telah diperbarui",
            legal_basis=JKK_JKM_LAW,
            description="Perbaikan nama, tanggal lahir, NIK, atau penggabungan kartu ganda.",
            keywords="ubah data bpjs tk, nama salah bpjs tk, kartu ganda, gabung saldo jht",
            online_booking=True,
            slot_capacity=15,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="pendaftaran-bpu",
            name="Pendaftaran Peserta Bukan Penerima Upah (BPU)",
            prefix="YE",
            requirements=[
                "KTP-el asli",
                "Nomor ponsel aktif",
                "Keterangan jenis pekerjaan dan perkiraan penghasilan per bulan",
            ],
            procedure=[
                "Mengambil nomor antrean",
                "Mengisi formulir pendaftaran dan memilih program",
                "Verifikasi NIK oleh petugas",
                "Membayar iuran pertama dan kartu digital diterbitkan",
            ],
            duration="Sekitar 15 menit",
            fee="Gratis (iuran mulai Rp16.800 per bulan untuk JKK dan JKM)",
            product="Kartu peserta BPJS Ketenagakerjaan digital",
            legal_basis=JKK_JKM_LAW,
            description="Pendaftaran pekerja mandiri seperti pedagang, ojek, dan petani.",
            keywords="bpjs tk mandiri, bpu, daftar bpjs ketenagakerjaan, bpjs ojol, bpjs petani",
            online_booking=True,
            slot_capacity=20,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="informasi",
            name="Informasi Saldo dan Aktivasi Aplikasi JMO",
            prefix="YF",
            requirements=[
                "KTP-el asli",
                "Kartu peserta atau nomor peserta",
                "Ponsel dengan nomor dan email aktif",
            ],
            procedure=[
                "Mengambil nomor antrean",
                "Petugas membantu pendaftaran atau pemulihan akun JMO",
                "Pengecekan saldo JHT dan status kepesertaan",
            ],
            duration="Sekitar 10 menit",
            fee="Gratis",
            product="Informasi saldo JHT dan akun JMO aktif",
            legal_basis=BPJSTK_LAW,
            description="Bantuan cek saldo JHT dan aktivasi aplikasi Jamsostek Mobile (JMO).",
            keywords="cek saldo jht, jmo, lupa akun jmo, saldo bpjs tk, kartu digital bpjs tk",
            slot_capacity=20,
            expected_service_minutes=10,
        ),
    ],
)

# --- Perumda Air Minum Bayuangga (prefix Z) -----------------------------------

PDAM_LAW = (
    "PP 122/2015 tentang Sistem Penyediaan Air Minum; PP 54/2017 tentang Badan Usaha "
    "Milik Daerah; Permendagri 71/2016 tentang Perhitungan dan Penetapan Tarif Air Minum "
    "s.t.d.t.d. Permendagri 21/2020"
)

PDAM = AgencyData(
    code="pdam",
    name="Perumda Air Minum Bayuangga Kota Probolinggo",
    kind="bumd",
    description=(
        "Layanan pelanggan air minum: sambungan baru, balik nama, pengaduan, dan pembayaran."
    ),
    pledge=(
        "Kami berjanji melayani pelanggan dengan cepat, ramah, dan transparan sesuai tarif "
        "yang ditetapkan. Setiap pengaduan akan kami tindak lanjuti sesuai standar waktu "
        "pelayanan."
    ),
    booth="Gerai 21 Perumda Bayuangga",
    floor="1",
    counters=1,
    staff="2 orang petugas hubungan langganan",
    supervisor="Direktur Utama Perumda Air Minum Bayuangga",
    services=[
        ServiceData(
            code="sambungan-baru",
            name="Pemasangan Sambungan Baru",
            prefix="ZA",
            requirements=[
                "Fotokopi KTP-el pemohon",
                "Fotokopi Kartu Keluarga",
                "Fotokopi SPPT PBB atau bukti kepemilikan/sewa bangunan",
                "Denah lokasi rumah",
                "Fotokopi rekening listrik terakhir",
            ],
            procedure=[
                "Mengambil nomor antrean dan mengisi formulir permohonan",
                "Survei lokasi oleh petugas teknik",
                "Penerbitan rincian biaya pemasangan",
                "Pembayaran biaya pemasangan di kasir",
                "Pemasangan pipa dan meter air",
            ],
            duration="Survei 3 hari kerja; pemasangan paling lama 7 hari kerja setelah bayar",
            fee="Sesuai rincian biaya pemasangan hasil survei dan tarif Perumda",
            product="Sambungan air minum dan meter air atas nama pelanggan",
            legal_basis=PDAM_LAW,
            description="Permohonan pemasangan sambungan air minum baru untuk rumah atau usaha.",
            keywords="pasang pdam, sambungan baru pdam, pasang air, daftar pdam, air bersih",
            online_booking=True,
            slot_capacity=10,
            expected_service_minutes=15,
        ),
        ServiceData(
            code="balik-nama",
            name="Balik Nama Pelanggan",
            prefix="ZB",
            requirements=[
                "Fotokopi KTP-el pemilik baru",
                "Rekening air bulan terakhir yang sudah lunas",
                "Bukti peralihan bangunan (akta jual beli, surat waris, atau hibah)",
            ],
            procedure=[
                "Mengambil nomor antrean dan mengisi formulir balik nama",
                "Verifikasi berkas dan status tunggakan",
                "Pembayaran biaya administrasi balik nama",
                "Data pelanggan diperbarui atas nama pemilik baru",
            ],
            duration="1 hari kerja",
            fee="Biaya administrasi sesuai tarif Perumda",
            product="Data pelanggan atas nama pemilik baru",
            legal_basis=PDAM_LAW,
            description="Penggantian nama pelanggan air karena jual beli atau waris bangunan.",
            keywords="balik nama pdam, ganti nama pdam, ganti nama rekening air",
            slot_capacity=10,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="pengaduan",
            name="Pengaduan Meter, Kebocoran, dan Air Tidak Mengalir",
            prefix="ZC",
            requirements=[
                "Nomor pelanggan atau rekening air terakhir",
                "KTP-el pelapor",
                "Foto meter air atau lokasi kebocoran bila ada",
            ],
            procedure=[
                "Mengambil nomor antrean dan menyampaikan pengaduan",
                "Petugas mencatat dan memberi nomor pengaduan",
                "Tim teknik memeriksa ke lokasi",
                "Perbaikan dan konfirmasi kepada pelanggan",
            ],
            duration="Penanganan paling lama 2x24 jam",
            fee="Gratis",
            product="Nomor pengaduan dan perbaikan di lokasi",
            legal_basis=PDAM_LAW,
            description="Pengaduan meter rusak, tagihan tidak wajar, pipa bocor, atau air mati.",
            keywords="air mati, pdam mati, meter rusak, pipa bocor, tagihan pdam mahal",
            slot_capacity=15,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="pembayaran",
            name="Pembayaran Rekening Air",
            prefix="ZD",
            requirements=[
                "Nomor pelanggan atau rekening air bulan lalu",
                "Uang tunai atau aplikasi pembayaran dengan QRIS",
            ],
            procedure=[
                "Mengambil nomor antrean",
                "Petugas menampilkan tagihan",
                "Pembayaran tunai atau QRIS dan penerimaan bukti bayar",
            ],
            duration="Sekitar 5 menit",
            fee="Sesuai tagihan rekening air",
            product="Bukti pembayaran rekening air",
            legal_basis=PDAM_LAW,
            description="Pembayaran tagihan air bulanan dan tunggakan di gerai.",
            keywords="bayar pdam, bayar air, tagihan air, rekening pdam",
            slot_capacity=25,
            expected_service_minutes=5,
        ),
        ServiceData(
            code="buka-tutup",
            name="Penutupan Sementara dan Penyambungan Kembali",
            prefix="ZE",
            requirements=[
                "Surat permohonan pelanggan",
                "Fotokopi KTP-el pelanggan",
                "Bukti pelunasan tunggakan untuk penyambungan kembali",
            ],
            procedure=[
                "Mengambil nomor antrean dan mengisi formulir",
                "Verifikasi status tunggakan",
                "Pembayaran biaya penyambungan kembali bila ada",
                "Petugas teknik menutup atau membuka kembali sambungan",
            ],
            duration="Paling lama 2 hari kerja",
            fee="Penutupan Gratis; penyambungan kembali sesuai tarif Perumda",
            product="Sambungan air ditutup sementara atau aktif kembali",
            legal_basis=PDAM_LAW,
            description=(
                "Penutupan sementara rumah kosong atau penyambungan kembali setelah diputus."
            ),
            keywords="sambung kembali pdam, air diputus, tutup sementara pdam, buka segel pdam",
            slot_capacity=10,
            expected_service_minutes=10,
        ),
        ServiceData(
            code="pindah-meter",
            name="Pindah Letak dan Ganti Meter Air",
            prefix="ZF",
            requirements=[
                "Surat permohonan pelanggan",
                "Rekening air bulan terakhir yang sudah lunas",
                "Denah letak meter yang diinginkan",
            ],
            procedure=[
                "Mengambil nomor antrean dan mengisi formulir",
                "Survei lokasi oleh petugas teknik",
                "Pembayaran biaya sesuai hasil survei",
                "Pemindahan atau penggantian meter air",
            ],
            duration="Paling lama 7 hari kerja setelah pembayaran",
            fee="Sesuai hasil survei dan tarif Perumda",
            product="Meter air di lokasi baru atau meter pengganti",
            legal_basis=PDAM_LAW,
            description="Pemindahan meter karena renovasi rumah atau penggantian meter lama.",
            keywords="pindah meter pdam, ganti meter air, geser meteran air, renovasi pdam",
            slot_capacity=10,
            expected_service_minutes=10,
        ),
    ],
)

# --- Notaris dan PPAT (prefix Q) ----------------------------------------------

NOTARIS_LAW = "UU 30/2004 tentang Jabatan Notaris sebagaimana diubah dengan UU 2/2014"
PPAT_LAW = (
    "PP 37/1998 tentang Peraturan Jabatan Pejabat Pembuat Akta Tanah sebagaimana diubah "
    "dengan PP 24/2016"
)

NOTARIS = AgencyData(
    code="notaris",
    name="Help Desk Ikatan Notaris Indonesia dan IPPAT Kota Probolinggo",
    kind="private",
    description=(
        "Meja konsultasi gratis oleh notaris dan PPAT tentang akta, badan usaha, dan tanah."
    ),
    pledge=(
        "Kami berkomitmen memberikan konsultasi hukum kenotariatan secara jujur, gratis, "
        "dan menjaga kerahasiaan pemohon. Kami tidak menarik biaya apa pun di meja "
        "konsultasi selain tarif resmi yang diumumkan."
    ),
    booth="Gerai 22 Notaris/PPAT",
    floor="2",
    counters=1,
    staff="2 orang notaris/PPAT piket secara bergiliran",
    supervisor="Ketua Pengurus Daerah Ikatan Notaris Indonesia Kota Probolinggo",
    services=[
        ServiceData(
            code="pt-perorangan",
            name="Pendampingan Pendirian PT Perorangan",
            prefix="QA",
            requirements=[
                "KTP-el asli pendiri (WNI, usia minimal 17 tahun)",
                "NPWP pendiri",
                "Usulan nama perseroan (minimal 3 kata) dan kode KBLI usaha",
                "Alamat email dan nomor ponsel aktif",
            ],
            procedure=[
                "Mengambil nomor antrean dan konsultasi kelayakan usaha mikro/kecil",
                "Pengecekan dan pemesanan nama di AHU Online",
                "Pengisian pernyataan pendirian secara elektronik",
                "Pembayaran PNBP dan pengunduhan sertifikat pendaftaran",
            ],
            duration="Sekitar 30 menit; sertifikat terbit setelah PNBP dibayar",
            fee="Gratis pendampingan; PNBP pendaftaran Rp50.000 melalui AHU Online",
            product="Sertifikat pendaftaran pendirian PT Perorangan elektronik",
            legal_basis=(
                "UU 40/2007 tentang Perseroan Terbatas sebagaimana diubah dengan UU 6/2023; "
                "PP 8/2021 tentang Modal Dasar Perseroan serta Pendaftaran Pendirian, "
                "Perubahan, dan Pembubaran Perseroan yang Memenuhi Kriteria UMK"
            ),
            description=(
                "Pendampingan mendirikan PT Perorangan bagi usaha mikro dan kecil tanpa "
                "akta notaris."
            ),
            keywords="pt perorangan, bikin pt, pt umk, badan usaha umkm, daftar pt murah",
            slot_capacity=10,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="konsultasi-badan-usaha",
            name="Konsultasi Pendirian CV, PT, Yayasan, dan Perkumpulan",
            prefix="QB",
            requirements=[
                "Fotokopi KTP-el para pendiri",
                "Rencana nama, maksud dan tujuan, serta modal atau kekayaan awal",
                "NPWP para pendiri bila sudah ada",
            ],
            procedure=[
                "Mengambil nomor antrean konsultasi",
                "Notaris menjelaskan bentuk badan usaha yang sesuai",
                "Penjelasan syarat, tahapan, dan perkiraan biaya akta",
                "Pemohon menerima daftar dokumen yang perlu disiapkan",
            ],
            duration="Sekitar 20 menit",
            fee="Gratis (honorarium akta di kantor notaris sesuai Pasal 36 UU 2/2014)",
            product="Penjelasan tertulis syarat dan tahapan pendirian badan usaha",
            legal_basis=(
                f"{NOTARIS_LAW}; Permenkumham 17/2018 tentang Pendaftaran Persekutuan "
                "Komanditer, Persekutuan Firma, dan Persekutuan Perdata"
            ),
            description="Konsultasi memilih dan mendirikan badan usaha atau badan hukum nirlaba.",
            keywords="bikin cv, pendirian pt, akta pendirian, yayasan, notaris, badan usaha",
            slot_capacity=10,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="konsultasi-tanah",
            name="Konsultasi Jual Beli Tanah dan Akta PPAT",
            prefix="QC",
            requirements=[
                "Fotokopi sertifikat tanah",
                "Fotokopi KTP-el dan Kartu Keluarga para pihak",
                "SPPT PBB tahun berjalan",
            ],
            procedure=[
                "Mengambil nomor antrean konsultasi",
                "PPAT memeriksa dokumen awal",
                "Penjelasan tahapan AJB, pengecekan sertifikat, BPHTB, dan PPh",
                "Pemohon menerima daftar dokumen dan perkiraan biaya",
            ],
            duration="Sekitar 20 menit",
            fee="Gratis (honorarium PPAT paling tinggi 1% dari nilai transaksi)",
            product="Penjelasan tahapan dan perkiraan biaya peralihan hak atas tanah",
            legal_basis=PPAT_LAW,
            description="Konsultasi sebelum jual beli, hibah, atau tukar menukar tanah.",
            keywords="jual beli tanah, ajb, ppat, balik nama tanah, beli rumah, hibah tanah",
            slot_capacity=10,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="konsultasi-waris",
            name="Konsultasi Waris dan Pembagian Harta Warisan",
            prefix="QD",
            requirements=[
                "Akta kematian pewaris",
                "Fotokopi Kartu Keluarga dan KTP-el ahli waris",
                "Fotokopi bukti kepemilikan harta (sertifikat, BPKB, buku tabungan)",
            ],
            procedure=[
                "Mengambil nomor antrean konsultasi",
                "Notaris mendengarkan susunan keluarga dan harta peninggalan",
                "Penjelasan dokumen keterangan waris dan pembagian yang berlaku",
                "Pemohon menerima daftar langkah lanjutan",
            ],
            duration="Sekitar 20 menit",
            fee="Gratis",
            product="Penjelasan tata cara pengurusan keterangan waris dan balik nama harta",
            legal_basis=(
                f"{NOTARIS_LAW}; Kitab Undang-Undang Hukum Perdata; Kompilasi Hukum Islam "
                "(Inpres 1/1991)"
            ),
            description="Konsultasi pengurusan surat keterangan waris dan pembagian warisan.",
            keywords="waris, warisan, surat waris, pembagian warisan, ahli waris, notaris waris",
            slot_capacity=10,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="legalisasi",
            name="Legalisasi dan Waarmerking Surat di Bawah Tangan",
            prefix="QE",
            requirements=[
                "Surat atau perjanjian yang akan dilegalisasi atau didaftarkan",
                "KTP-el asli para pihak yang menandatangani",
                "Kehadiran para pihak untuk legalisasi",
            ],
            procedure=[
                "Mengambil nomor antrean",
                "Notaris membacakan dan menjelaskan isi surat",
                "Para pihak menandatangani di hadapan notaris (legalisasi)",
                "Surat dicatat dalam buku register notaris",
            ],
            duration="Sekitar 30 menit",
            fee="Honorarium sesuai kesepakatan dengan notaris, berdasarkan Pasal 36 UU 2/2014",
            product="Surat di bawah tangan yang dilegalisasi atau didaftarkan (waarmerking)",
            legal_basis=NOTARIS_LAW,
            description="Pengesahan tanda tangan dan tanggal surat perjanjian oleh notaris.",
            keywords="legalisasi notaris, waarmerking, surat perjanjian, pengesahan tanda tangan",
            slot_capacity=10,
            expected_service_minutes=20,
        ),
        ServiceData(
            code="konsultasi-fidusia",
            name="Konsultasi Jaminan Fidusia dan Hak Tanggungan",
            prefix="QF",
            requirements=[
                "Fotokopi KTP-el pemohon",
                "Fotokopi perjanjian kredit atau pembiayaan",
                "Fotokopi bukti kepemilikan barang jaminan (BPKB atau sertifikat)",
            ],
            procedure=[
                "Mengambil nomor antrean konsultasi",
                "Notaris memeriksa perjanjian dan status jaminan",
                "Penjelasan hak dan kewajiban debitur serta cara roya atau hapus fidusia",
            ],
            duration="Sekitar 20 menit",
            fee="Gratis",
            product="Penjelasan status jaminan dan langkah penghapusan setelah lunas",
            legal_basis=(
                "UU 42/1999 tentang Jaminan Fidusia; PP 21/2015 tentang Tata Cara Pendaftaran "
                "Jaminan Fidusia dan Biaya Pembuatan Akta Jaminan Fidusia; UU 4/1996 tentang "
                "Hak Tanggungan"
            ),
            description="Konsultasi jaminan kredit kendaraan atau rumah, termasuk setelah lunas.",
            keywords="fidusia, jaminan kredit, bpkb di leasing, kredit lunas, hapus fidusia",
            slot_capacity=10,
            expected_service_minutes=15,
        ),
    ],
)

AGENCIES: list[AgencyData] = [
    POLRES,
    IMIGRASI,
    KEMENAG,
    KPP,
    BPN,
    SAMSAT,
    BPJS_KES,
    BPJS_TK,
    PDAM,
    NOTARIS,
]
