"""Learning Center pages: the course list with progress, a course (lessons, reviews), the
course IDE of a lesson (text beside the editor, Submit, check results, solution), reviews and
"report an error". Reading public courses needs no account; doing lessons does."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from community import learning
from community.learning import (
    LearningError,
    completed_lesson_ids,
    course_list_for_user,
    course_progress,
    get_course_for_user,
    get_lesson_for_user,
    get_submission_for_user,
)
from community.models import CourseReview, LessonProgress


def course_list(request: HttpRequest) -> HttpResponse:
    courses = list(course_list_for_user(request.user))
    progress = course_progress(request.user, courses)
    rows = [{"course": c, "done": progress[c.id][0], "total": progress[c.id][1]} for c in courses]
    return render(
        request,
        "community/course_list.html",
        {
            "rows": rows,
            "completed": [r for r in rows if r["total"] and r["done"] == r["total"]],
        },
    )


def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_course_for_user(request.user, course_id)
    done = completed_lesson_ids(request.user, course)
    lessons = list(course.lessons.all())
    review = (
        CourseReview.objects.filter(course=course, user=request.user).first()
        if request.user.is_authenticated
        else None
    )
    return render(
        request,
        "community/course_detail.html",
        {
            "course": course,
            "lessons": [{"lesson": lesson, "done": lesson.id in done} for lesson in lessons],
            "done_count": len(done),
            "reviews": course.reviews.select_related("user")[:50],
            "my_review": review,
        },
    )


def lesson_detail(request: HttpRequest, lesson_id: int) -> HttpResponse:
    """The course IDE: the lesson beside the editor."""
    lesson = get_lesson_for_user(request.user, lesson_id)
    lessons = list(lesson.course.lessons.only("id", "title", "position"))
    position = next(i for i, item in enumerate(lessons) if item.id == lesson.id)
    submission = None
    progress = None
    if request.user.is_authenticated:
        submission = lesson.submissions.filter(user=request.user).first()
        progress = LessonProgress.objects.filter(lesson=lesson, user=request.user).first()
    return render(
        request,
        "community/lesson_detail.html",
        {
            "lesson": lesson,
            "course": lesson.course,
            "lessons": lessons,
            "done": completed_lesson_ids(request.user, lesson.course),
            "previous": lessons[position - 1] if position else None,
            "next": lessons[position + 1] if position + 1 < len(lessons) else None,
            "code": submission.code if submission else lesson.starter,
            "submission": submission,
            "show_solution": bool(progress and (progress.completed or progress.solution_shown)),
        },
    )


@login_required
@require_POST
def lesson_submit(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_lesson_for_user(request.user, lesson_id)
    try:
        submission = learning.submission_create(
            user=request.user, lesson=lesson, code=request.POST.get("code", "")
        )
    except LearningError as exc:
        messages.error(request, exc.message)
        return redirect("community:lesson", lesson.id)
    if request.htmx:
        return render(
            request, "community/_submission.html", {"submission": submission, "lesson": lesson}
        )
    return redirect("community:lesson", lesson.id)


@login_required
def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The check results of one of the learner's submissions (polled while it runs)."""
    submission = get_submission_for_user(request.user, submission_id)
    return render(
        request,
        "community/_submission.html",
        {"submission": submission, "lesson": submission.lesson},
    )


@login_required
@require_POST
def lesson_solution(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_lesson_for_user(request.user, lesson_id)
    learning.solution_show(user=request.user, lesson=lesson)
    return redirect(f"{reverse('community:lesson', args=[lesson.id])}#solution")


@login_required
@require_POST
def lesson_report(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_lesson_for_user(request.user, lesson_id)
    try:
        learning.lesson_error_report(
            user=request.user, lesson=lesson, text=request.POST.get("text", "")
        )
    except LearningError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Thank you: the course's authors will look at it.")
    return redirect("community:lesson", lesson.id)


@login_required
@require_POST
def course_review(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_course_for_user(request.user, course_id)
    try:
        rating = int(request.POST.get("rating", "0"))
    except ValueError:
        rating = 0
    try:
        learning.review_save(
            user=request.user, course=course, rating=rating, text=request.POST.get("text", "")
        )
    except LearningError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Thank you for your review.")
    return redirect("community:course", course.id)
