"""The Learning Center: course files, access (public and private courses), and task checks run
through the real sandbox on demo data."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Organization
from accounts.selectors import personal_organization
from community import learning
from community.courses import BUILT_IN, CourseFileError, course_import, courses_import_built_in
from community.models import Course, LessonErrorReport, LessonProgress, Submission

pytestmark = pytest.mark.django_db

COURSE = BUILT_IN / "algorithm-basics"


@pytest.fixture
def course():
    return course_import(COURSE)


def lesson(course, slug):
    return course.lessons.get(slug=slug)


def submit(user, lesson_, code, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = learning.submission_create(user=user, lesson=lesson_, code=code)
    submission.refresh_from_db()
    return submission


def test_the_built_in_course_imports_with_its_lessons(course):
    assert course.title.startswith("Algorithm basics")
    assert [item.slug for item in course.lessons.all()] == [
        "securities",
        "limit-orders",
        "indicators",
        "scheduled-events",
        "risk",
    ]
    first = course.lessons.first()
    assert first.title == "Securities and holdings"
    assert '<pre class="highlight">' in first.text_html
    assert first.checks[1] == {
        "kind": "holds",
        "symbol": "SPY",
        "message": first.checks[1]["message"],
    }
    # Importing again updates in place.
    assert course_import(COURSE).pk == course.pk and Course.objects.count() == 1


def test_a_malformed_checks_file_is_refused_with_its_path(tmp_path):
    folder = tmp_path / "broken"
    (folder / "01-one").mkdir(parents=True)
    (folder / "course.toml").write_text('title = "Broken"\n')
    for name in ("lesson.md", "starter.py", "solution.py"):
        (folder / "01-one" / name).write_text("# One\n")
    (folder / "01-one" / "checks.toml").write_text('[[check]]\nkind = "teleport"\n')
    with pytest.raises(CourseFileError, match="checks.toml.*unknown kind 'teleport'"):
        course_import(folder)
    with pytest.raises(CommandError, match="unknown kind"):
        call_command("import_courses", str(folder))


def test_lesson_text_is_sanitized(tmp_path):
    folder = tmp_path / "xss"
    shutil_copy(COURSE / "01-securities", folder / "01-one")
    (folder / "course.toml").write_text('title = "XSS"\n')
    (folder / "01-one" / "lesson.md").write_text(
        "# Hi\n\n<script>alert(1)</script><img src=x onerror=alert(1)>"
        "[x](javascript:alert(1))<svg onload=alert(1)></svg>"
    )
    html = course_import(folder).lessons.get().text_html
    assert "<script" not in html and "onerror" not in html and "<svg" not in html
    assert 'href="javascript' not in html


def shutil_copy(source: Path, target: Path) -> None:
    import shutil

    shutil.copytree(source, target)


def test_private_courses_need_a_team_organization(tmp_path, organization, owner, member, outsider):
    private = course_import(COURSE, organization=organization)
    assert learning.course_list_for_user(member).filter(pk=private.pk).exists()
    assert not learning.course_list_for_user(outsider).filter(pk=private.pk).exists()
    personal = personal_organization(outsider)
    with pytest.raises(CommandError, match="Team tier"):
        call_command("import_courses", "--organization", str(personal.id))
    organization.tier = Organization.Tier.RESEARCHER
    organization.save()
    assert not learning.course_list_for_user(member).filter(pk=private.pk).exists()


def test_private_course_pages_are_404_for_outsiders(
    organization, outsider_client, member_client, client
):
    private = course_import(COURSE, organization=organization)
    first = private.lessons.first()
    urls = [
        ("get", reverse("community:course", args=[private.id])),
        ("get", reverse("community:lesson", args=[first.id])),
        ("post", reverse("community:lesson_submit", args=[first.id])),
        ("post", reverse("community:lesson_solution", args=[first.id])),
        ("post", reverse("community:lesson_report", args=[first.id])),
        ("post", reverse("community:course_review", args=[private.id])),
    ]
    for method, url in urls:
        assert (
            getattr(outsider_client, method)(
                url, {"code": "x", "text": "x", "rating": 5}
            ).status_code
            == 404
        ), url
    assert member_client.get(urls[1][1]).status_code == 200
    assert client.get(urls[0][1]).status_code == 404
    assert not Submission.objects.exists() and not LessonErrorReport.objects.exists()


def test_submissions_are_the_learners_own(course, member, outsider_client, member_client):
    submission = Submission.objects.create(
        user=member, lesson=course.lessons.first(), code="x", status="failed"
    )
    url = reverse("community:submission", args=[submission.id])
    assert outsider_client.get(url).status_code == 404
    assert member_client.get(url).status_code == 200


@pytest.mark.slow
@pytest.mark.db_independent
@pytest.mark.parametrize(
    "slug", ["securities", "limit-orders", "indicators", "scheduled-events", "risk"]
)
def test_the_solution_passes_and_the_starter_fails_in_the_sandbox(
    demo_settings, course, member, slug, django_capture_on_commit_callbacks
):
    task = lesson(course, slug)
    passed = submit(member, task, task.solution, django_capture_on_commit_callbacks)
    assert passed.status == Submission.Status.PASSED, (passed.error, passed.results)
    assert all(r["passed"] for r in passed.results)
    assert LessonProgress.objects.get(lesson=task, user=member).completed
    failed = submit(member, task, task.starter, django_capture_on_commit_callbacks)
    assert failed.status == Submission.Status.FAILED, (failed.error, failed.results)
    assert [r["passed"] for r in failed.results].count(False) >= 1


@pytest.mark.slow
@pytest.mark.db_independent
def test_a_runtime_error_is_reported(
    demo_settings, course, member, django_capture_on_commit_callbacks
):
    task = lesson(course, "securities")
    broken = task.solution.replace("self.set_holdings(self._spy, 1.0)", "1 / 0")
    submission = submit(member, task, broken, django_capture_on_commit_callbacks)
    assert submission.status == Submission.Status.ERROR
    assert "ZeroDivisionError" in submission.error or "division" in submission.error
    assert not submission.results[0]["passed"]


def test_progress_reviews_solution_and_error_reports(course, member, member_client):
    first = course.lessons.first()
    page = member_client.get(reverse("community:lesson", args=[first.id])).content.decode()
    assert "Securities and holdings" in page and 'id="lesson-code"' in page
    assert "Show the solution" in page and first.solution not in page
    member_client.post(reverse("community:lesson_solution", args=[first.id]))
    page = member_client.get(reverse("community:lesson", args=[first.id])).content.decode()
    assert 'id="solution"' in page
    member_client.post(reverse("community:lesson_report", args=[first.id]), {"text": "Typo"})
    assert LessonErrorReport.objects.get().text == "Typo"
    member_client.post(
        reverse("community:course_review", args=[course.id]), {"rating": 4, "text": "<b>ok</b>"}
    )
    member_client.post(reverse("community:course_review", args=[course.id]), {"rating": 9})
    assert course.reviews.get().rating == 4
    LessonProgress.objects.filter(lesson=first, user=member).update(completed="2024-01-01T00:00Z")
    listing = member_client.get(reverse("community:courses")).content.decode()
    assert "1 of 5 lessons completed" in listing and "★ 4.0" in listing
    detail = member_client.get(reverse("community:course", args=[course.id])).content.decode()
    assert "&lt;b&gt;ok&lt;/b&gt;" in detail


def test_anonymous_visitors_read_public_lessons_but_cannot_submit(course, client):
    first = course.lessons.first()
    assert client.get(reverse("community:courses")).status_code == 200
    assert client.get(reverse("community:lesson", args=[first.id])).status_code == 200
    response = client.post(reverse("community:lesson_submit", args=[first.id]), {"code": "x"})
    assert "/accounts/login/" in response.url
    assert not Submission.objects.exists()


def test_one_submission_at_a_time(course, member):
    first = course.lessons.first()
    Submission.objects.create(user=member, lesson=first, code="x")
    with pytest.raises(learning.LearningError, match="still being checked"):
        learning.submission_create(user=member, lesson=first, code="y")


def test_seed_demo_loads_the_courses():
    assert [c.slug for c in courses_import_built_in()] == ["algorithm-basics"]


def test_organization_admins_follow_their_members_progress_on_private_courses(
    organization, owner, member, owner_client, member_client, make_user
):
    from accounts.models import Membership

    private = course_import(COURSE, organization=organization)
    public = course_import(COURSE)
    lessons = list(private.lessons.all())
    for lesson_ in lessons:
        LessonProgress.objects.create(lesson=lesson_, user=owner, completed="2024-01-02T00:00Z")
    LessonProgress.objects.create(lesson=lessons[0], user=member, completed="2024-01-01T00:00Z")
    LessonProgress.objects.create(lesson=lessons[1], user=member, solution_shown=True)
    # Progress on the public course is not the organization's business.
    LessonProgress.objects.create(
        lesson=public.lessons.first(), user=member, completed="2024-01-01T00:00Z"
    )

    rows = {row["user"]: row for row in learning.team_progress(private)}
    assert rows[owner]["done"] == 5 and rows[owner]["completed"]
    assert rows[member]["done"] == 1 and not rows[member]["completed"]
    assert rows[member]["last"].isoformat().startswith("2024-01-01")

    page = owner_client.get(reverse("community:course", args=[private.id])).content.decode()
    assert 'id="team-progress"' in page
    assert f'data-member="{member.id}"' in page and "1 of 5" in page and "course completed" in page
    assert (
        'id="team-progress"'
        not in member_client.get(reverse("community:course", args=[private.id])).content.decode()
    )
    assert (
        'id="team-progress"'
        not in owner_client.get(reverse("community:course", args=[public.id])).content.decode()
    )
    # An admin made later sees it too.
    Membership.objects.filter(user=member, organization=organization).update(
        role=Membership.Role.ADMIN
    )
    assert (
        'id="team-progress"'
        in member_client.get(reverse("community:course", args=[private.id])).content.decode()
    )


@pytest.mark.slow
@pytest.mark.db_independent
def test_a_private_courses_checks_read_its_organizations_imported_data(
    demo_settings, organization, member, tmp_path, django_capture_on_commit_callbacks
):
    """The same code passes on the organization's private course (its imported XYZ bars are
    laid over the installation's data) and is an error on the public course (no XYZ there)."""
    from backtests.data_library.services import import_table

    rows = ["date,open,high,low,close,volume"]
    rows += [f"2024-01-{day:02d},50,51,49,50,1000" for day in range(2, 13)]
    (tmp_path / "xyz.csv").write_text("\n".join(rows) + "\n")
    report, _ = import_table(
        tmp_path / "xyz.csv",
        organization=organization,
        options={"asset_class": "equity", "symbol": "xyz", "resolution": "daily"},
    )
    assert report["refused"] == []
    private = lesson(course_import(COURSE, organization=organization), "securities")
    public = lesson(course_import(COURSE), "securities")
    code = private.solution.replace(
        "        self._spy = self.add_equity",
        "        self._xyz = self.add_equity('XYZ', Resolution.DAILY).symbol\n"
        "        self._xyz_bars = 0\n"
        "        self._spy = self.add_equity",
    ).replace(
        "    def on_data(self, data: Slice) -> None:\n",
        "    def on_data(self, data: Slice) -> None:\n"
        "        self._xyz_bars += int(data.bars.get(self._xyz) is not None)\n",
    )
    code += (
        "\n    def on_end_of_algorithm(self) -> None:\n"
        "        if not self._xyz_bars:\n"
        "            raise RuntimeError('no XYZ data')\n"
    )
    assert learning.submission_data_overlays(Submission(lesson=private, user=member, code=code))
    passed = submit(member, private, code, django_capture_on_commit_callbacks)
    assert passed.status == Submission.Status.PASSED, (passed.error, passed.results)
    refused = submit(member, public, code, django_capture_on_commit_callbacks)
    # the engine runs on without XYZ (as LEAN does); the code's own check stops it, and the
    # results name the data the run lacked
    assert refused.status == Submission.Status.ERROR
    assert "no XYZ data" in refused.error
    messages = [r["message"] for r in refused.results if not r["passed"]]
    assert any("No daily trade data for XYZ" in m for m in messages), messages


# Tier controls: a check runs under the same tier rules as a backtest --------------------------


def test_a_check_runs_under_the_learners_or_the_private_courses_organization(
    course, member, organization
):
    public = Submission(lesson=lesson(course, "securities"), user=member, code="x")
    assert learning.submission_organization(public) == personal_organization(member)
    private_course = course_import(COURSE, organization=organization)
    private = Submission(lesson=lesson(private_course, "securities"), user=member, code="x")
    assert learning.submission_organization(private) == organization


@pytest.mark.slow
@pytest.mark.db_independent
def test_past_the_series_cap_a_check_stops_as_a_backtest_does(
    demo_settings, course, member, django_capture_on_commit_callbacks
):
    task = lesson(course, "securities")
    code = task.solution.replace(
        "        if not self.portfolio.invested:",
        "        for i in range(11):\n"
        "            self.plot('Mine', f's{i}', i)\n"
        "        if not self.portfolio.invested:",
    )
    submission = submit(member, task, code, django_capture_on_commit_callbacks)
    # stopped on its first day before it bought anything; the learner is told why
    assert submission.status == Submission.Status.FAILED, (submission.error, submission.results)
    assert submission.results[-1] == {
        "passed": False,
        "message": "The algorithm reported an error: Exceeded maximum series count: "
        "Each backtest can have up to 10 series in total.",
    }
    assert not LessonProgress.objects.filter(lesson=task, user=member).exists()


@pytest.mark.slow
def test_a_checks_log_is_cut_at_the_tiers_quota_and_counted(
    demo_settings, course, member, django_capture_on_commit_callbacks
):
    from accounts.limits import MB
    from backtests.models import LogUsage
    from backtests.services.execution import daily_log_bytes_left

    personal = personal_organization(member)
    assert personal.tier == Organization.Tier.FREE
    LogUsage.objects.create(organization=personal, bytes=3 * MB - 200)
    task = lesson(course, "securities")
    task.checks = [*task.checks, {"kind": "log", "contains": "line 150"}]
    task.save(update_fields=["checks"])
    code = task.solution.replace(
        '        self._spy = self.add_equity("SPY", Resolution.DAILY).symbol',
        '        self._spy = self.add_equity("SPY", Resolution.DAILY).symbol\n'
        "        for i in range(200):\n"
        "            self.log(f'line {i}')",
    )
    submission = submit(member, task, code, django_capture_on_commit_callbacks)
    # the lines past the daily quota were dropped, so the check looking for one fails
    assert submission.status == Submission.Status.FAILED, (submission.error, submission.results)
    assert [r["passed"] for r in submission.results] == [True, True, True, False]
    used = LogUsage.objects.get(backtest_id=f"lesson-{submission.pk}").bytes
    assert 0 < used <= 200 + 250  # what was left, and the note saying the quota was reached
    assert daily_log_bytes_left(personal) == max(200 - used, 0)
