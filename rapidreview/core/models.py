"""The working-day calendar's data: the days that are not working days besides weekends."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class NonWorkingDay(models.Model):
    """A weekday that is not a working day: an England & Wales bank holiday, loaded from the
    `holidays` package, or a closure day the partnership team added (for example a one-off bank
    holiday announced during the year)."""

    class Kind(models.TextChoices):
        BANK_HOLIDAY = "bank_holiday", "Bank holiday"
        CLOSURE_DAY = "closure_day", "Closure day"

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Empty for bank holidays, which the loader adds.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
