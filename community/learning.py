"""The Learning Center: which courses a user sees (public ones, and the private courses of
their Team-tier-or-above organizations), progress, and running a learner's code for a lesson in
the sandbox on the demo data, then checking what it did (community/checks.py)."""

from __future__ import annotations

import json
import shutil
import time

from django.db import transaction
from django.db.models import Avg, Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.limits import limit_for, upgrade_hint
from accounts.models import Membership, Organization, User
from accounts.selectors import personal_organization
from backtests import conf
from backtests.models import LogUsage
from backtests.services import (
    engine_job,
    ensure_data_dir,
    log_within_limit,
    stop_engine_processes_under,
)
from backtests.services.execution import daily_log_bytes_left, data_overlays, tier_controls
from community.checks import CheckResult, evaluate
from community.models import (
    Course,
    CourseReview,
    Lesson,
    LessonErrorReport,
    LessonProgress,
    Submission,
)
from qcweb import sandbox

PRIVATE_COURSE_TIERS = {
    Organization.Tier.TEAM,
    Organization.Tier.TRADING_FIRM,
    Organization.Tier.INSTITUTION,
}
RESULT_MAX_BYTES = 64 * 1024 * 1024
LOG_MAX_BYTES = 1024 * 1024
HEARTBEAT_SECONDS = 2.0
STOPPED_MESSAGE = (
    "Your code was not checked: the worker checking it stopped before it finished (for example "
    "the server restarted). Nothing is known to be wrong with your code; submit it again."
)
NOT_PICKED_MESSAGE = (
    "Your code was not checked: no worker picked it up in time (the checking service may be "
    "down). Submit it again in a while."
)


class LearningError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def private_courses_allowed(organization: Organization) -> bool:
    return organization.tier in PRIVATE_COURSE_TIERS


# -- reads -----------------------------------------------------------------------------------------
def course_list_for_user(user) -> QuerySet[Course]:
    """Public courses, and for a member the courses of their organizations that may have them."""
    visible = Q(organization=None)
    if user.is_authenticated:
        visible |= Q(
            organization__memberships__user=user,
            organization__tier__in=PRIVATE_COURSE_TIERS,
        )
    return (
        Course.objects.filter(visible)
        .select_related("organization")
        .annotate(
            lesson_count=Count("lessons", distinct=True),
            rating=Avg("reviews__rating"),
            review_count=Count("reviews", distinct=True),
        )
        .distinct()
    )


def get_course_for_user(user, course_id: int | str) -> Course:
    try:
        course_id = int(course_id)
    except (TypeError, ValueError):
        raise Http404("No such course") from None
    course = course_list_for_user(user).filter(pk=course_id).first()
    if course is None:
        raise Http404("No such course")
    return course


def get_lesson_for_user(user, lesson_id: int | str) -> Lesson:
    try:
        lesson_id = int(lesson_id)
    except (TypeError, ValueError):
        raise Http404("No such lesson") from None
    lesson = Lesson.objects.select_related("course").filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404("No such lesson")
    get_course_for_user(user, lesson.course_id)
    return lesson


def completed_lesson_ids(user, course: Course | None = None) -> set[int]:
    if not user.is_authenticated:
        return set()
    progress = LessonProgress.objects.filter(user=user, completed__isnull=False)
    if course is not None:
        progress = progress.filter(lesson__course=course)
    return set(progress.values_list("lesson_id", flat=True))


def course_progress(user, courses) -> dict[int, tuple[int, int]]:
    """Course id -> (lessons completed, lessons)."""
    done = completed_lesson_ids(user)
    lessons = Lesson.objects.filter(course__in=courses).values_list("course_id", "id")
    out: dict[int, tuple[int, int]] = {c.id: (0, 0) for c in courses}
    for course_id, lesson_id in lessons:
        completed, total = out[course_id]
        out[course_id] = (completed + (lesson_id in done), total + 1)
    return out


def can_see_team_progress(user, course: Course) -> bool:
    """The owners and admins of the organization a private course belongs to follow their
    members' progress on it (organization training); public courses show no one's."""
    if course.organization_id is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user,
        organization_id=course.organization_id,
        role__in=[Membership.Role.OWNER, Membership.Role.ADMIN],
    ).exists()


def team_progress(course: Course) -> list[dict]:
    """For a private course: each member of its organization with the lessons they completed,
    whether they finished the course, and when they last completed a lesson."""
    total = course.lessons.count()
    per_user = {
        row["user_id"]: row
        for row in LessonProgress.objects.filter(lesson__course=course, completed__isnull=False)
        .values("user_id")
        .annotate(count=Count("id"), last=Max("completed"))
    }
    rows = []
    memberships = Membership.objects.filter(organization_id=course.organization_id)
    for membership in memberships.select_related("user").order_by("created", "id"):
        progress = per_user.get(membership.user_id, {})
        count = progress.get("count", 0)
        rows.append(
            {
                "user": membership.user,
                "role": membership.get_role_display(),
                "done": count,
                "total": total,
                "completed": total > 0 and count == total,
                "last": progress.get("last"),
            }
        )
    return rows


def get_submission_for_user(user, submission_id: int | str) -> Submission:
    """Only the learner's own submissions."""
    try:
        submission_id = int(submission_id)
    except (TypeError, ValueError):
        raise Http404("No such submission") from None
    submission = (
        Submission.objects.select_related("lesson__course")
        .filter(pk=submission_id, user=user)
        .first()
    )
    if submission is None:
        raise Http404("No such submission")
    return submission


# -- writes ----------------------------------------------------------------------------------------
def submission_create(*, user: User, lesson: Lesson, code: str) -> Submission:
    """Queue the learner's code for checking (community.tasks runs it in the sandbox)."""
    if not code.strip():
        raise LearningError("Write some code first.")
    if len(code) > 100_000:
        raise LearningError("The code is too long (100,000 characters at most).")
    if Submission.objects.filter(
        user=user, status__in=[Submission.Status.QUEUED, Submission.Status.RUNNING]
    ).exists():
        raise LearningError("Your previous submission is still being checked.")
    from community.tasks import submission_check_task

    submission = Submission.objects.create(user=user, lesson=lesson, code=code)
    transaction.on_commit(lambda: submission_check_task(submission.id))
    return submission


def submission_job_folder(submission: Submission):
    return conf.backtests_dir() / "learning" / f"submission-{submission.pk}"


def submission_data_overlays(submission: Submission) -> dict:
    """A private course's checks read its organization's imported data over the installation's
    (the organization wrote the lessons for its own data); a public course's checks read the
    installation's data only, so every learner's code is judged on the same bars."""
    organization = submission.lesson.course.organization
    return data_overlays(organization) if organization is not None else {}


def submission_organization(submission: Submission) -> Organization | None:
    """Whose tier a check runs under: a private course's organization (it runs its courses for
    its members), else the learner's personal organization."""
    organization = submission.lesson.course.organization
    return organization if organization is not None else personal_organization(submission.user)


def submission_log(submission: Submission, organization: Organization | None, data: bytes) -> str:
    """The check's log as the tier lets it be: within the log size per backtest and what is left
    of the day's log quota, as a backtest's log (the checks read only what was kept), counted
    against the quota."""
    if organization is None:
        return data.decode("utf-8", errors="replace")
    kept = log_within_limit(
        data,
        limit=limit_for(organization, "log_bytes_per_backtest"),
        tier=organization.get_tier_display(),
        daily_left=daily_log_bytes_left(organization),
        hints=(
            upgrade_hint(organization, "log_bytes_per_backtest", "more logs"),
            upgrade_hint(organization, "log_bytes_per_day", "more logs a day"),
        ),
    )
    if kept:
        LogUsage.objects.create(
            organization=organization, backtest_id=f"lesson-{submission.pk}", bytes=len(kept)
        )
    return kept.decode("utf-8", errors="replace")


def first_error_line(log: str) -> str:
    """The first line the run logged as an error ("... ERROR:: message"), without its time."""
    for line in log.splitlines():
        if "ERROR::" in line:
            return line.split("ERROR::", 1)[1].strip()[:1000]
    return ""


def missing_data_lines(log: str) -> list[str]:
    """The run's warnings about subscriptions without data files (the engine runs on without
    them, as LEAN does), without their time: they explain checks that then fail."""
    found = []
    for line in log.splitlines():
        if "Warning: No " in line and " data for " in line:
            found.append(line.split("Warning:", 1)[1].strip()[:1000])
    return found


def submission_run(*, submission_id: int) -> Submission:
    """Run a queued submission's code in the sandbox on the demo data and record the checks."""
    claimed = Submission.objects.filter(pk=submission_id, status=Submission.Status.QUEUED).update(
        status=Submission.Status.RUNNING, heartbeat_at=timezone.now()
    )
    submission = Submission.objects.select_related("lesson__course__organization").get(
        pk=submission_id
    )
    if not claimed:
        return submission
    organization = submission_organization(submission)
    folder = submission_job_folder(submission)
    result, log, error = None, "", ""
    try:
        shutil.rmtree(folder, ignore_errors=True)
        project = folder / "project"
        project.mkdir(parents=True)
        (project / "main.py").write_text(submission.code, encoding="utf-8")
        sandbox.share_read_only(project)
        job = engine_job(
            name=f"lesson-{submission.pk}",
            project_dir=project,
            data_dir=ensure_data_dir(),
            output=folder / "job",
            overlays=submission_data_overlays(submission),
            # the orders cap, second and tick data and the series cap of the tier, as a backtest's
            controls=tier_controls(organization) if organization is not None else (),
        )
        with sandbox.start(job) as running:
            deadline = time.monotonic() + (job.limits.wall_seconds or float("inf"))
            while running.wait(timeout=HEARTBEAT_SECONDS) is None and time.monotonic() < deadline:
                Submission.objects.filter(pk=submission.pk).update(heartbeat_at=timezone.now())
            if running.poll() is None:
                running.kill()
                error = "it ran out of time"
            result_bytes = sandbox.read_output(
                job.output, "results.json", max_bytes=RESULT_MAX_BYTES
            )
            log_bytes = sandbox.read_output(job.output, "log.txt", max_bytes=LOG_MAX_BYTES)
            console = running.console_tail()
            returncode = running.returncode
        log = submission_log(submission, organization, log_bytes or b"")
        if result_bytes:
            parsed = json.loads(result_bytes)
            result = parsed if isinstance(parsed, dict) else None
        if not error and (returncode != 0 or result is None):
            error = runtime_error(result, console)
    except sandbox.SandboxUnavailable as exc:
        error = str(exc)
    except (sandbox.UnsafeOutput, ValueError, OSError) as exc:
        error = f"its output could not be read ({exc.__class__.__name__})"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    outcomes = evaluate(submission.lesson.checks, result, log=log, error=error)
    passed = all(o.passed for o in outcomes)
    reported = first_error_line(log)
    if not passed and not error and reported:
        # e.g. the tier's series or orders cap stopped the algorithm: say why checks failed
        outcomes.append(CheckResult(False, f"The algorithm reported an error: {reported}"))
    if not passed:
        for line in missing_data_lines(log):
            outcomes.append(CheckResult(False, f"The algorithm ran without some data: {line}"))
    submission.results = [o.as_dict() for o in outcomes]
    submission.error = error
    submission.status = (
        Submission.Status.ERROR
        if error
        else (Submission.Status.PASSED if passed else Submission.Status.FAILED)
    )
    submission.finished = timezone.now()
    with transaction.atomic():
        # Only a submission still Running is this worker's to finish: the reaper may have
        # given up on it meanwhile, and told the learner so.
        if not Submission.objects.filter(pk=submission.pk, status=Submission.Status.RUNNING).update(
            results=submission.results,
            error=submission.error,
            status=submission.status,
            finished=submission.finished,
        ):
            submission.refresh_from_db()
            return submission
        if passed and not error:
            LessonProgress.objects.update_or_create(
                lesson=submission.lesson,
                user_id=submission.user_id,
                defaults={"completed": submission.finished},
            )
    return submission


def submissions_reap_stale(*, stale_seconds: float | None = None) -> int:
    """Submissions a dead worker left behind, found and ended the way backtests are
    (`backtests_reap_stale`, same staleness limit): a Running one whose heartbeat stopped
    becomes Not checked and its engine processes are killed; a Queued one no worker took is
    enqueued once more, and becomes Not checked if it is still waiting a limit later.
    The learner sees why on the lesson page. Returns how many were ended."""
    from community.tasks import submission_check_task  # a service enqueues its task

    limit = conf.stale_seconds() if stale_seconds is None else stale_seconds
    now = timezone.now()
    cutoff = now - timezone.timedelta(seconds=limit)
    ended = 0
    running = Submission.objects.filter(status=Submission.Status.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)
    )
    for submission in running:
        if (
            Submission.objects.filter(pk=submission.pk, status=Submission.Status.RUNNING)
            .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True))
            .update(
                status=Submission.Status.STOPPED,
                error=STOPPED_MESSAGE,
                results=[{"passed": False, "message": STOPPED_MESSAGE}],
                finished=now,
            )
        ):
            stop_engine_processes_under(submission_job_folder(submission))
            ended += 1
    queued = Submission.objects.filter(status=Submission.Status.QUEUED, created__lt=cutoff)
    for submission in queued:
        if submission.heartbeat_at is None:
            if Submission.objects.filter(
                pk=submission.pk, status=Submission.Status.QUEUED, heartbeat_at__isnull=True
            ).update(heartbeat_at=now):
                submission_check_task(submission.pk)
        elif submission.heartbeat_at < cutoff:
            ended += Submission.objects.filter(
                pk=submission.pk, status=Submission.Status.QUEUED, heartbeat_at__lt=cutoff
            ).update(
                status=Submission.Status.STOPPED,
                error=NOT_PICKED_MESSAGE,
                results=[{"passed": False, "message": NOT_PICKED_MESSAGE}],
                finished=now,
            )
    return ended


def runtime_error(result: dict | None, console: str) -> str:
    """The engine's own error message when it wrote one, else the end of the console output."""
    if result:
        state = result.get("state") or {}
        message = state.get("RuntimeError") or state.get("runtimeError") or result.get("error")
        if message:
            return str(message)[:4000]
    lines = [line for line in console.strip().splitlines() if line.strip()]
    return "\n".join(lines[-12:])[:4000] or "the algorithm stopped without results"


def solution_show(*, user: User, lesson: Lesson) -> None:
    LessonProgress.objects.update_or_create(
        lesson=lesson, user=user, defaults={"solution_shown": True}
    )


def review_save(*, user: User, course: Course, rating: int, text: str) -> CourseReview:
    if not 1 <= rating <= 5:
        raise LearningError("Rate the course from 1 to 5 stars.")
    review, _ = CourseReview.objects.update_or_create(
        course=course, user=user, defaults={"rating": rating, "text": text.strip()[:5000]}
    )
    return review


def lesson_error_report(*, user: User, lesson: Lesson, text: str) -> LessonErrorReport:
    text = text.strip()
    if not text:
        raise LearningError("Describe the error you found.")
    return LessonErrorReport.objects.create(lesson=lesson, user=user, text=text[:5000])


def lesson_error_reports(*, resolved: bool) -> QuerySet[LessonErrorReport]:
    """Error reports for the staff page: the open ones, or those already resolved."""
    return LessonErrorReport.objects.filter(resolved__isnull=not resolved).select_related(
        "lesson__course", "user"
    )


def lesson_error_report_resolve(*, report: LessonErrorReport, resolved: bool) -> None:
    """Mark a report resolved (the lesson was fixed or nothing was wrong), or open it again."""
    report.resolved = timezone.now() if resolved else None
    report.save(update_fields=["resolved"])
