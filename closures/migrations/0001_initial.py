"""Planned closures leave counters/ for their own app (issue 13): the tables stay where
they are (`db_table`), only Django's idea of which app owns them changes. The content
types follow, so permissions and the audit log keep pointing at the same rows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("closurerequest", "closurerequestevent")


def _relabel(apps, schema_editor, old, new):
    types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias
    )
    for model in MOVED:
        if not types.filter(app_label=new, model=model).exists():
            types.filter(app_label=old, model=model).update(app_label=new)


def content_types_forward(apps, schema_editor):
    _relabel(apps, schema_editor, "counters", "closures")


def content_types_backward(apps, schema_editor):
    _relabel(apps, schema_editor, "closures", "counters")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('agencies', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('counters', '0005_device'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ClosureRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(max_length=200, verbose_name='alasan')),
                        ('starts_at', models.DateTimeField(verbose_name='mulai')),
                        ('ends_at', models.DateTimeField(verbose_name='sampai')),
                        ('status', models.CharField(choices=[('pending', 'Diajukan'), ('approved', 'Disetujui'), ('refused', 'Ditolak'), ('cancelled', 'Dibatalkan')], default='pending', max_length=16, verbose_name='status')),
                        ('requested_at', models.DateTimeField(verbose_name='diajukan')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='diputuskan')),
                        ('decision_note', models.TextField(blank=True, verbose_name='catatan keputusan')),
                        ('booth', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='closure_requests', to='agencies.booth', verbose_name='gerai')),
                        ('counter', models.ForeignKey(blank=True, help_text='Kosongkan untuk menutup seluruh gerai.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='closure_requests', to='counters.counter', verbose_name='loket')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diputuskan oleh')),
                        ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diajukan oleh')),
                    ],
                    options={
                        'verbose_name': 'penutupan terencana',
                        'verbose_name_plural': 'penutupan terencana',
                        'db_table': 'counters_closurerequest',
                        'ordering': ['-starts_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='closure_request_ends_after_start')],
                    },
                ),
                migrations.CreateModel(
                    name='ClosureRequestEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('requested', 'Diajukan'), ('approved', 'Disetujui'), ('refused', 'Ditolak'), ('cancelled', 'Dibatalkan')], max_length=16, verbose_name='langkah')),
                        ('at', models.DateTimeField(verbose_name='waktu')),
                        ('note', models.TextField(blank=True, verbose_name='catatan')),
                        ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='oleh')),
                        ('closure', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='closures.closurerequest', verbose_name='penutupan terencana')),
                    ],
                    options={
                        'verbose_name': 'riwayat penutupan',
                        'verbose_name_plural': 'riwayat penutupan',
                        'db_table': 'counters_closurerequestevent',
                        'ordering': ['at', 'id'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
