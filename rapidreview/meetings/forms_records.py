"""Forms for what is recorded at and after the meeting. Choices offered are the review's own
(its agencies, its named children and family members by pseudonym, the active themes); each
choice is posted as text and turned back into its object here, so nothing posted is looked up in
the database as it came. The services check the rules again and give messages at these fields.

The version a page was shown at is not a form field: the views read it from the hidden
`version` input the templates write, so a refused save can show the latest version's number."""

from django import forms

from rapidreview.accounts.models import Agency
from rapidreview.reviews.forms import RuleForm, date_field, radios
from rapidreview.reviews.models import Child, RapidReview, ReviewAgency

from .models import (
    ActionStatus,
    ChallengeStatus,
    FamilyInformed,
    ForWhom,
    LearningPoint,
    LearningTheme,
    ProcessKind,
)
from .records import MINUTES_MAX, TEXT_MAX


def long_text(label: str, *, required_message: str = "", rows: int = 5, **kwargs):
    limit = MINUTES_MAX if kwargs.pop("minutes", False) else TEXT_MAX
    messages = {
        "max_length": f"{label.removesuffix(' (optional)')} must be {limit:,} characters or fewer"
    }
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        max_length=limit,
        required=bool(required_message),
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=messages,
        **kwargs,
    )


class ObjectChoiceField(forms.ChoiceField):
    """A select or radios of objects offered by the view: posted as a text key, cleaned to the
    object (or None when nothing is chosen)."""

    def __init__(self, *, empty_label: str | None = None, **kwargs):
        self.empty_label = empty_label
        self.objects: dict[str, object] = {}
        super().__init__(**kwargs)

    def offer(self, options: list[tuple[str, str, object]], groups: dict | None = None) -> None:
        """`options`: (key, label, object). `groups` optionally maps a group label to keys."""
        self.objects = {key: obj for key, _, obj in options}
        labels = {key: label for key, label, _ in options}
        if groups:
            choices = [
                (group, [(key, labels[key]) for key in keys])
                for group, keys in groups.items()
                if keys
            ]
        else:
            choices = [(key, label) for key, label, _ in options]
        self.choices = ([("", self.empty_label)] if self.empty_label else []) + choices

    def clean(self, value):
        key = super().clean(value)
        return self.objects.get(key) if key else None


def agency_field(label: str, *, required_message: str = "", empty_label: str) -> ObjectChoiceField:
    return ObjectChoiceField(
        label=label,
        required=bool(required_message),
        empty_label=empty_label,
        error_messages={
            "required": required_message,
            "invalid_choice": required_message or "Select an agency from the list",
        },
    )


def review_agencies(review: RapidReview) -> list[tuple[str, str, ReviewAgency]]:
    rows = ReviewAgency.objects.filter(review=review).select_related("agency")
    return [(str(row.agency.public_id), row.agency.name, row) for row in rows]


# --- the minutes and the family -------------------------------------------------------------------


class MinutesForm(forms.Form):
    minutes = long_text(
        "Minutes",
        rows=20,
        minutes=True,
        help_text="Type as the meeting goes. Save often: nothing is lost if someone else saves "
        "first, you will see both versions.",
    )


class FamilyForm(RuleForm):
    family_informed = radios(
        "Has the family been told about the review?",
        FamilyInformed.choices,
        required_message="Select whether the family has been told",
    )
    family_informed_detail = long_text(
        "How, when and by whom (or why not)",
        help_text="If they have been told: how, when and by whom (by role). If they will not be "
        "told for now: why. Optional if not yet.",
    )


# --- challenges -----------------------------------------------------------------------------------


class ChallengeForm(RuleForm):
    raised_by = agency_field(
        "Raised by",
        required_message="Select the agency that raised the challenge",
        empty_label="Select an agency",
    )
    raised_with = agency_field(
        "Raised with",
        required_message="Select the agency the challenge was raised with",
        empty_label="Select an agency",
    )
    question = long_text(
        "Challenge or question",
        required_message="Enter the challenge or question",
        help_text="What one agency asks of another. Name practitioners by their role.",
    )

    def __init__(self, *args, review: RapidReview, **kwargs):
        super().__init__(*args, **kwargs)
        options = review_agencies(review)
        self.fields["raised_by"].offer(options)
        self.fields["raised_with"].offer(options)

    def clean(self):
        data = super().clean()
        raised_by, raised_with = data.get("raised_by"), data.get("raised_with")
        if raised_by is not None and raised_by == raised_with:
            self.add_error(
                "raised_with", "Select a different agency from the one that raised the challenge"
            )
        return data


class RespondForm(RuleForm):
    response = long_text(
        "Response",
        help_text="Needed once the challenge is answered or resolved. You can save a response "
        "you are still writing with 'Waiting for a response'.",
    )
    status = radios(
        "Where has the challenge got to?",
        ChallengeStatus.choices,
        required_message="Select where the challenge has got to",
    )


# --- immediate safeguarding actions ---------------------------------------------------------------


def _people(review: RapidReview):
    incident = review.incident
    children = [(f"child:{c.position}", c.pseudonym, c) for c in incident.children.all()]
    family = [(f"family:{m.position}", m.pseudonym, m) for m in incident.family.all()]
    return children, family


class ActionForm(RuleForm):
    for_whom = radios(
        "Who is the action for?", ForWhom.choices, required_message="Select who the action is for"
    )
    person = ObjectChoiceField(
        label="Which child or family member (optional)",
        required=False,
        empty_label="No one named",
        help_text="Shown by pseudonym",
        error_messages={"invalid_choice": "Select someone named on this review, or no one"},
    )
    description = long_text("What must be done", required_message="Enter what must be done")
    owner = agency_field(
        "Owner",
        required_message="Select the agency that owns the action",
        empty_label="Select an agency",
    )
    due_on = date_field("Due date", error_messages={"required": "Enter the date the action is due"})

    def __init__(self, *args, review: RapidReview, **kwargs):
        super().__init__(*args, **kwargs)
        children, family = _people(review)
        self.fields["person"].offer(
            children + family,
            groups={
                "Children": [key for key, _, _ in children],
                "Family members": [key for key, _, _ in family],
            },
        )
        self.fields["owner"].offer(review_agencies(review))

    def details(self) -> dict:
        data = self.cleaned_data
        person = data["person"]
        is_child = isinstance(person, Child)
        return {
            "for_whom": data["for_whom"],
            "child": person if is_child else None,
            "family_member": person if person is not None and not is_child else None,
            "description": data["description"],
            "owner": data["owner"],
            "due_on": data["due_on"],
        }

    @staticmethod
    def initial_for(action) -> dict:
        person = ""
        if action.child_id:
            person = f"child:{action.child.position}"
        elif action.family_member_id:
            person = f"family:{action.family_member.position}"
        return {
            "for_whom": action.for_whom,
            "person": person,
            "description": action.description,
            "owner": str(action.owner.agency.public_id),
            "due_on": action.due_on,
        }


class ActionUpdateForm(RuleForm):
    status = radios(
        "Where has the action got to?",
        ActionStatus.choices,
        required_message="Select where the action has got to",
    )
    completed_on = date_field(
        "Date completed (if done)",
        required=False,
        help_text="Needed when the action is done. For example, 27 3 2026",
    )
    update = long_text(
        "Progress or evidence of completion (optional)",
        help_text="What has been done, and what shows the child is safer",
    )


# --- learning points ------------------------------------------------------------------------------


class LearningForm(RuleForm):
    text = long_text("What was learned", required_message="Enter what was learned")
    agency = agency_field("Agency (optional)", empty_label="Not one agency in particular")
    themes = forms.MultipleChoiceField(
        label="Themes",
        help_text="Select all that apply",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one theme",
            "invalid_choice": "Select themes from the list",
        },
    )

    def __init__(self, *args, review: RapidReview, point: LearningPoint | None = None, **kw):
        super().__init__(*args, **kw)
        self.fields["agency"].offer(review_agencies(review))
        themes = list(LearningTheme.objects.filter(is_active=True))
        if point is not None:  # retired themes the point already has may be kept
            themes += [theme for theme in point.themes.all() if not theme.is_active]
        self.themes = {str(theme.pk): theme for theme in themes}
        self.fields["themes"].choices = [
            (key, theme.name if theme.is_active else f"{theme.name} (retired)")
            for key, theme in sorted(self.themes.items(), key=lambda item: item[1].name)
        ]

    def clean_themes(self):
        return [self.themes[key] for key in self.cleaned_data["themes"]]

    @staticmethod
    def initial_for(point: LearningPoint) -> dict:
        return {
            "text": point.text,
            "agency": str(point.agency.agency.public_id) if point.agency_id else "",
            "themes": [str(theme.pk) for theme in point.themes.all()],
        }


# --- parallel processes ---------------------------------------------------------------------------


class ProcessForm(RuleForm):
    kind = radios(
        "What kind of process is it?",
        ProcessKind.choices,
        required_message="Select the kind of process",
    )
    lead_agency = agency_field("Lead agency (optional)", empty_label="Not known")
    status = long_text("Where it has got to (optional)", rows=3)
    disclosure_limits = long_text(
        "Limits on what may be shared or disclosed (optional)",
        rows=3,
        help_text="For example, what the police have asked the review not to share while "
        "their investigation continues",
    )
    coordination = long_text(
        "How it is co-ordinated with the review (optional)",
        rows=3,
        help_text="Who speaks to whom, and when",
    )

    def __init__(self, *args, current_lead: Agency | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(is_active=True)
        options = [(str(a.public_id), a.name, a) for a in agencies]
        if current_lead is not None and not current_lead.is_active:
            options.append((str(current_lead.public_id), current_lead.name, current_lead))
        self.fields["lead_agency"].offer(options)

    @staticmethod
    def initial_for(process) -> dict:
        return {
            "kind": process.kind,
            "lead_agency": str(process.lead_agency.public_id) if process.lead_agency_id else "",
            "status": process.status,
            "disclosure_limits": process.disclosure_limits,
            "coordination": process.coordination,
        }
