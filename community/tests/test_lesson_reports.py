"""The staff page of lesson error reports: listed, marked resolved, opened again; staff only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from community.courses import BUILT_IN, course_import
from community.models import LessonErrorReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(member):
    lesson = course_import(BUILT_IN / "algorithm-basics").lessons.first()
    return LessonErrorReport.objects.create(
        lesson=lesson, user=member, text="The <script>alert(1)</script> date is wrong"
    )


def test_staff_see_open_reports_and_resolve_them(report, moderator_client):
    listing = reverse("community:lesson_reports")
    page = moderator_client.get(listing).content.decode()
    assert "date is wrong" in page and "<script>alert" not in page
    assert report.lesson.title in page and "Mark resolved" in page
    assert f'href="{listing}"' in moderator_client.get(reverse("community:forum")).content.decode()

    resolve = reverse("community:lesson_report_resolve", args=[report.id])
    response = moderator_client.post(resolve, {"action": "resolve"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.resolved is not None
    assert "No open reports." in moderator_client.get(listing).content.decode()
    resolved_page = moderator_client.get(f"{listing}?show=resolved").content.decode()
    assert "date is wrong" in resolved_page and "Open again" in resolved_page

    moderator_client.post(resolve, {"action": "reopen"})
    report.refresh_from_db()
    assert report.resolved is None


def test_learners_cannot_see_or_resolve_reports(report, member_client, client):
    assert member_client.get(reverse("community:lesson_reports")).status_code == 403
    resolve = reverse("community:lesson_report_resolve", args=[report.id])
    assert member_client.post(resolve).status_code == 403
    assert "/accounts/login/" in client.post(resolve).url
    assert "Lesson reports" not in member_client.get(reverse("community:forum")).content.decode()
    report.refresh_from_db()
    assert report.resolved is None
