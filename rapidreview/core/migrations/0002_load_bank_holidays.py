"""Load the England & Wales bank holidays from the pinned `holidays` package at migrate time.

`rapidreview workdays load-bank-holidays` does the same on demand (after upgrading the package,
or for years outside this range); both are safe to run again.
"""

from django.db import migrations

FIRST_YEAR = 2012
LAST_YEAR = 2040


def load(apps, schema_editor):
    from rapidreview.core.calendar import load_bank_holidays

    load_bank_holidays(FIRST_YEAR, LAST_YEAR, model=apps.get_model("core", "NonWorkingDay"))


def unload(apps, schema_editor):
    apps.get_model("core", "NonWorkingDay").objects.filter(kind="bank_holiday").delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
