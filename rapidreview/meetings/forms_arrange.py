"""Forms for arranging the meeting: when and where, who is invited, and the register."""

import re
from datetime import time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from rapidreview.core.dates import UK_TIME
from rapidreview.core.forms import GovukDateField

from .models import Attendance, Attendee, Meeting
from .people import Group

# --- times -------------------------------------------------------------------------------------

_TWELVE_HOUR = re.compile(r"^([0-9]{1,2})(?:[:.]([0-9]{2}))?(am|pm)$")
_TWENTY_FOUR_HOUR = re.compile(r"^([0-9]{1,2})(?:[:.h]?([0-9]{2}))?$")
_WORDS = {"midday": time(12), "noon": time(12), "12noon": time(12), "midnight": time(0)}


class TimeProblem(ValueError):
    FORMAT, AMBIGUOUS, REAL = "format", "ambiguous", "real"

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_time(text: str) -> time:
    """A time of day as people type it: 10am, 10 am, 2:30pm, 2.30 p.m., 14:30, 1430, midday.
    A bare hour of 12 or less ('2') is refused as ambiguous; a bare 13 to 23 is a 24-hour time."""
    cleaned = re.sub(r"\s+", "", text.lower()).replace("a.m.", "am").replace("p.m.", "pm")
    cleaned = cleaned.replace("a.m", "am").replace("p.m", "pm")
    if cleaned in _WORDS:
        return _WORDS[cleaned]
    if match := _TWELVE_HOUR.match(cleaned):
        hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
        if not (1 <= hour <= 12 and minute <= 59):
            raise TimeProblem(TimeProblem.REAL)
        return time(hour % 12 + (12 if half == "pm" else 0), minute)
    if match := _TWENTY_FOUR_HOUR.match(cleaned):
        hour, minute = int(match[1]), match[2]
        if minute is None and hour <= 12:
            raise TimeProblem(TimeProblem.AMBIGUOUS)
        if not (hour <= 23 and int(minute or 0) <= 59):
            raise TimeProblem(TimeProblem.REAL)
        return time(hour, int(minute or 0))
    raise TimeProblem(TimeProblem.FORMAT)


class TimeField(forms.Field):
    def __init__(self, label: str, **kwargs: Any):
        in_sentence = label[:1].lower() + label[1:]
        self.messages = {
            "required": f"Enter the {in_sentence}",
            TimeProblem.FORMAT: f"Enter the {in_sentence} like 10am, 2:30pm or 14:30",
            TimeProblem.AMBIGUOUS: f"Enter the {in_sentence} with am or pm, like 10am or 2pm",
            TimeProblem.REAL: f"{label} must be a real time, like 10am, 2:30pm or 14:30",
        }
        super().__init__(
            label=label,
            widget=forms.TextInput,
            help_text="For example, 10am, 2:30pm or 14:30",
            error_messages=self.messages,
            **kwargs,
        )
        self.widget.attrs.update({"class": "govuk-input--width-10", "autocomplete": "off"})

    def to_python(self, value: Any) -> Any:
        text = value.strip() if isinstance(value, str) else ""
        if not text:
            return None
        if len(text) > 20:
            raise ValidationError(self.messages[TimeProblem.FORMAT], code=TimeProblem.FORMAT)
        try:
            return parse_time(text)
        except TimeProblem as problem:
            raise ValidationError(self.messages[problem.code], code=problem.code) from None


def _clean_text(value: str) -> str:
    return " ".join(value.replace("\x00", "").split())


# --- when and where ----------------------------------------------------------------------------


class ArrangeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    day = GovukDateField(label="Date of the meeting", help_text="For example, 18 3 2026")
    starts = TimeField("Start time")
    ends = TimeField("End time")
    place = forms.CharField(
        label="Place (optional if the meeting is online)",
        help_text="For example, Room 2, Invented Council House, Northmoor",
        max_length=300,
        required=False,
        error_messages={"max_length": "The place must be 300 characters or fewer"},
    )
    online_link = forms.CharField(
        label="Online meeting link (optional if the meeting has a place)",
        help_text="The full web address, starting https://",
        max_length=500,
        required=False,
        error_messages={"max_length": "The online meeting link must be 500 characters or fewer"},
    )

    def __init__(self, *args: Any, date_can_change: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not date_can_change:
            del self.fields["day"]
        self.fields["online_link"].widget.attrs.update({"spellcheck": "false"})

    @classmethod
    def initial_for(cls, meeting: Meeting | None, meeting_date) -> dict[str, Any]:
        from .people import short_time

        if meeting is None:
            return {"day": meeting_date, "version": 0}
        return {
            "day": meeting.starts_at.astimezone(UK_TIME).date(),
            "starts": short_time(meeting.starts_at),
            "ends": short_time(meeting.ends_at),
            "place": meeting.place,
            "online_link": meeting.online_link,
            "version": meeting.version,
        }

    def clean_place(self) -> str:
        return _clean_text(self.cleaned_data["place"])

    def clean_online_link(self) -> str:
        link = self.cleaned_data["online_link"].replace("\x00", "").strip()
        if not link:
            return ""
        if not link.lower().startswith("https://"):
            raise ValidationError("The online meeting link must start https://")
        try:
            URLValidator(schemes=["https"])(link)
        except ValidationError:
            raise ValidationError(
                "Enter the online meeting link as a full web address, like "
                "https://meet.example.org/abc-defg"
            ) from None
        return link

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", "The end time must be after the start time")
        if not (data.get("place") or data.get("online_link")) and not (
            self.has_error("place") or self.has_error("online_link")
        ):
            self.add_error("place", "Enter the place of the meeting or an online meeting link")
        return data


# --- who is invited ----------------------------------------------------------------------------


class AddPeopleForm(forms.Form):
    people = forms.MultipleChoiceField(
        label="Who do you want to invite?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the people to invite",
            "invalid_choice": "Select people from the list",
            "invalid_list": "Select people from the list",
        },
    )

    def __init__(self, *args: Any, groups: list[Group], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.users = {
            str(suggestion.user.public_id): suggestion.user
            for group in groups
            for suggestion in group.people
        }
        self.fields["people"].choices = [
            (public_id, user.full_name) for public_id, user in self.users.items()
        ]

    def grouped(self) -> list[tuple[Group, list]]:
        """Each group with its people's checkboxes: (group, [(checkbox, suggestion), ...])."""
        boxes = iter(self["people"].subwidgets)
        return [
            (group, [(next(boxes), person) for person in group.people]) for group in self.groups
        ]

    def chosen(self) -> list:
        return [self.users[public_id] for public_id in self.cleaned_data["people"]]


# --- the register ------------------------------------------------------------------------------

REGISTER_CHOICES = [
    (Attendance.PRESENT.value, "Present"),
    (Attendance.APOLOGIES.value, "Apologies"),
    (Attendance.PROXY.value, "Sent a proxy"),
]


class AttendanceForm(forms.Form):
    """One set of radios and the proxy's name and role for each attendee. Field names carry the
    attendee's public id, so an answer always lands on the person it was given for."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, attendees: list[Attendee], describe, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.attendees = attendees
        self.rows = []
        for attendee in attendees:
            key = attendee.public_id.hex
            name = attendee.user.full_name
            self.fields[f"{key}-attendance"] = forms.ChoiceField(
                label=name,
                help_text=describe(attendee),
                choices=REGISTER_CHOICES,
                widget=forms.RadioSelect(attrs={"small": True}),
                required=False,
                initial=attendee.attendance if attendee.attendance != Attendance.INVITED else None,
                error_messages={"invalid_choice": f"Choose how {name} attended"},
            )
            for part in ("name", "role"):
                self.fields[f"{key}-proxy_{part}"] = forms.CharField(
                    label=f"{part.capitalize()} of {name}'s proxy",
                    help_text="Only if they sent a proxy",
                    max_length=200,
                    required=False,
                    initial=getattr(attendee, f"proxy_{part}"),
                    error_messages={
                        "max_length": f"The {part} of the proxy must be 200 characters or fewer"
                    },
                )
            self.rows.append(
                (
                    attendee,
                    self[f"{key}-attendance"],
                    self[f"{key}-proxy_name"],
                    self[f"{key}-proxy_role"],
                )
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for attendee in self.attendees:
            key = attendee.public_id.hex
            for part in ("name", "role"):
                field = f"{key}-proxy_{part}"
                if field in data:
                    data[field] = _clean_text(data[field])
            if data.get(f"{key}-attendance") != Attendance.PROXY:
                continue
            for part in ("name", "role"):
                field = f"{key}-proxy_{part}"
                if field in data and not data[field]:
                    self.add_error(field, f"Enter the {part} of {attendee.user.full_name}'s proxy")
        return data

    def answers(self) -> dict[str, tuple[str, str, str]]:
        """Attendee public id -> (attendance, proxy name, proxy role), for those answered."""
        found = {}
        for attendee in self.attendees:
            key = attendee.public_id.hex
            attendance = self.cleaned_data.get(f"{key}-attendance")
            if attendance:
                found[str(attendee.public_id)] = (
                    attendance,
                    self.cleaned_data.get(f"{key}-proxy_name", ""),
                    self.cleaned_data.get(f"{key}-proxy_role", ""),
                )
        return found
