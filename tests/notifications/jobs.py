"""Periodic jobs for test_periodic."""

ran: list[str] = []
# Personal data a failing job's exception message might hold (invented).
CHILD_NAME = "Invented Child"


def job_records_it_ran() -> None:
    ran.append("ran")


def job_fails() -> None:
    raise ValueError(f"{CHILD_NAME}, born 3 April 2019")
