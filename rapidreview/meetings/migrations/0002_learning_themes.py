"""The partnership's starting list of learning themes (DOMAIN.md §8). The team keeps the list
from then on (add, rename, retire)."""

from django.db import migrations

THEMES = [
    "Bruising in non-mobile infants",
    "Domestic abuse",
    "Information sharing",
    "Mental health",
    "Multi-agency working",
    "Neglect",
    "Parental substance misuse",
    "Professional curiosity",
    "Safer sleeping",
    "School absence",
    "Voice of the child",
]


def add_themes(apps, schema_editor):
    LearningTheme = apps.get_model("meetings", "LearningTheme")
    for name in THEMES:
        LearningTheme.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
