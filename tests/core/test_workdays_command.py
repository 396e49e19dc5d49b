"""`rapidreview workdays` from the command line."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from rapidreview.core.models import NonWorkingDay

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


def test_add_prints_the_date_15_working_days_after_18_december_2026():
    assert run("add", "2026-12-18", "15") == "2027-01-13"


def test_add_counts_backwards_for_a_negative_number():
    assert run("add", "2027-01-13", "-15") == "2026-12-18"


def test_between_prints_the_number_of_working_days():
    assert run("between", "2026-12-18", "2027-01-13") == "15"
    assert run("between", "2027-01-13", "2026-12-18") == "-15"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "18/12/2026", "15"), "'18/12/2026' is not a date: give it as YYYY-MM-DD"),
        (("add", "2026-02-30", "15"), "'2026-02-30' is not a date"),
        (("add", "2026-12-18", "fifteen"), "'fifteen' is not a whole number of working days"),
        (("between", "2026-12-18", "soon"), "'soon' is not a date"),
        (("load-bank-holidays", "--from", "twenty"), "'twenty' is not a year"),
        (
            ("load-bank-holidays", "--from", "2030", "--to", "2020"),
            "--from 2030 is after --to 2020",
        ),
        (("add", "2040-12-20", "20"), "Bank holidays for 2041 are not loaded"),
        (("add", "2026-12-18", "100000"), "Bank holidays for 2041 to 2410 are not loaded"),
        (("add", "2012-02-01", "-100"), "Bank holidays for 2011 are not loaded"),
    ],
)
def test_bad_input_gets_a_clear_error(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_load_bank_holidays_reports_what_it_did_and_is_safe_to_repeat():
    NonWorkingDay.objects.filter(date__year__gte=2041).delete()
    assert run("load-bank-holidays", "--from", "2041", "--to", "2042") == (
        "Bank holidays 2041 to 2042: 16 added, 0 renamed, 0 removed"
    )
    assert run("load-bank-holidays", "--from", "2041", "--to", "2042") == (
        "Bank holidays 2041 to 2042: 0 added, 0 renamed, 0 removed"
    )
    assert run("add", "2041-12-24", "1") == "2041-12-27"


def test_the_console_script_prints_the_answer_and_fails_with_a_non_zero_exit(tmp_path: Path):
    """The real `rapidreview` command against its own SQLite database, migrated from scratch."""
    script = Path(sys.executable).with_name("rapidreview")
    env = {
        **os.environ,
        "SECRET_KEY": "test-only-secret-key-not-for-any-deployment",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "DEMO_MODE": "false",
        "DEBUG": "false",
    }

    def console(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(script), *args], env=env, capture_output=True, text=True, timeout=120
        )

    assert console("migrate", "--noinput").returncode == 0
    added = console("workdays", "add", "2026-12-18", "15")
    assert (added.returncode, added.stdout) == (0, "2027-01-13\n")
    between = console("workdays", "between", "2026-12-18", "2027-01-13")
    assert (between.returncode, between.stdout) == (0, "15\n")
    bad = console("workdays", "add", "2026-13-01", "15")
    assert bad.returncode != 0
    assert "'2026-13-01' is not a date" in bad.stderr
