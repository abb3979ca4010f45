"""Planned closures now belong to closures/ (closures/migrations/0001_initial.py): gone
from this app's state only; their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('closures', '0001_initial'),
        ('counters', '0005_device'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ClosureRequestEvent'),
                migrations.DeleteModel(name='ClosureRequest'),
            ],
            database_operations=[],
        ),
    ]
