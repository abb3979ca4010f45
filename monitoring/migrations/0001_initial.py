"""Booth alerts leave counters/ for the monitoring app (issue 13): the tables stay where
they are (`db_table`), only Django's idea of which app owns them changes. The content
types follow, so permissions and the audit log keep pointing at the same rows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("boothalert",)


def _relabel(apps, schema_editor, old, new):
    types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias
    )
    for model in MOVED:
        if not types.filter(app_label=new, model=model).exists():
            types.filter(app_label=old, model=model).update(app_label=new)


def content_types_forward(apps, schema_editor):
    _relabel(apps, schema_editor, "counters", "monitoring")


def content_types_backward(apps, schema_editor):
    _relabel(apps, schema_editor, "monitoring", "counters")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('agencies', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('counters', '0006_closures_move_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='BoothAlert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('empty', 'Gerai kosong'), ('unattended', 'Gerai tidak melayani')], max_length=16, verbose_name='jenis')),
                        ('reason', models.CharField(blank=True, max_length=32, verbose_name='sebab')),
                        ('opened_at', models.DateTimeField(verbose_name='dibuka')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='ditutup')),
                        ('acknowledged_at', models.DateTimeField(blank=True, null=True, verbose_name='ditanggapi')),
                        ('note', models.TextField(blank=True, verbose_name='catatan')),
                        ('acknowledged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ditanggapi oleh')),
                        ('booth', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='alerts', to='agencies.booth', verbose_name='gerai')),
                    ],
                    options={
                        'verbose_name': 'peringatan gerai',
                        'verbose_name_plural': 'peringatan gerai',
                        'db_table': 'counters_boothalert',
                        'ordering': ['-opened_at'],
                        'indexes': [models.Index(fields=['opened_at'], name='boothalert_opened_at')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('closed_at__isnull', True)), fields=('booth', 'kind'), name='one_open_alert_per_booth_kind'), models.CheckConstraint(condition=models.Q(('closed_at__isnull', True), ('closed_at__gte', models.F('opened_at')), _connector='OR'), name='alert_closes_after_open')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
