"""Booth alerts now belong to monitoring/ (monitoring/migrations/0001_initial.py): gone
from this app's state only; their table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('counters', '0006_closures_move_out'),
        ('monitoring', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='BoothAlert')],
            database_operations=[],
        ),
    ]
