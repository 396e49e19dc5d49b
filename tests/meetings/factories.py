"""Test data for the meeting. Rows are made directly: the services are tested on their own."""

from datetime import datetime, timedelta

from rapidreview.meetings.models import Attendance, Attendee, Meeting
from rapidreview.reviews.models import RapidReview

from ..reviews.factories import at


def make_meeting(
    review: RapidReview,
    *,
    by,
    starts_at: datetime | None = None,
    attendees=(),
    present=(),
    **fields,
) -> Meeting:
    """The review's meeting (on its meeting date, or 16 March 2026, at 10am for two hours),
    with `attendees` invited and those in `present` marked present. A safeguarding partner
    attendee represents their agency's statutory partner."""
    from datetime import date

    starts_at = starts_at or at(review.meeting_date or date(2026, 3, 16))
    meeting = Meeting.objects.create(
        review=review,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place=fields.pop("place", "Room 1, Invented House"),
        created_by=by,
        **fields,
    )
    for user in {*attendees, *present}:
        agency = user.membership.agency
        Attendee.objects.create(
            meeting=meeting,
            user=user,
            agency=agency,
            represents_partner=(agency.statutory_partner if agency else "")
            if user.membership.role == "safeguarding_partner"
            else "",
            attendance=Attendance.PRESENT if user in present else Attendance.INVITED,
            added_by=by,
        )
    return meeting
