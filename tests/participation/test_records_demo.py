"""The demo's brothers' review has the partnership's documents, and the police have secured
their records, placed two alerts and started their staff register; a second run adds nothing."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from rapidreview.documents.services import file_open
from rapidreview.participation.models import Alert, RecordsSecured, ReviewDocument, StaffMember

from ..reviews.factories import at

pytestmark = pytest.mark.django_db


def test_the_demo_has_documents_and_the_police_records_work(settings, tmp_path):
    settings.DEMO_MODE = True
    settings.UPLOADED_FILES_DIR = tmp_path / "uploads"
    with time_machine.travel(at(date(2027, 1, 5)), tick=False):
        call_command("demo", stdout=StringIO())
        call_command("demo", stdout=StringIO())  # a second run adds nothing

    documents = ReviewDocument.objects.filter(review__incident__sin_reference="NMR-SIN-0102")
    assert sorted(d.stored_file.kind for d in documents) == ["pdf", "text"]
    assert ReviewDocument.objects.count() == 2
    pdf = documents.get(kind="notification_summary")
    assert file_open(actor=pdf.added_by, stored_file=pdf.stored_file).read().startswith(b"%PDF")

    police = "Northmoor Constabulary"
    assert RecordsSecured.objects.get(review_agency__agency__name=police)
    assert Alert.objects.filter(review_agency__agency__name=police).count() == 2
    assert StaffMember.objects.filter(review_agency__agency__name=police).count() == 2
