"""Courses as files, so educators write them without code changes.

A course is a folder:

    <course>/course.toml           title, summary, level, position (optional)
    <course>/<NN-lesson>/lesson.md    the lesson text (Markdown); its first "# " line is the title
    <course>/<NN-lesson>/starter.py   the algorithm the learner starts from
    <course>/<NN-lesson>/solution.py  a solution that passes every check
    <course>/<NN-lesson>/checks.toml  the checks ([[check]] tables, see community/checks.py)

Lessons are ordered by their folder names (hence the NN- prefix); the folder name without the
prefix is the lesson's slug, the course folder's name the course's slug. `manage.py
import_courses` loads folders (the built-in `community/course_files/` by default); importing
again updates the course in place, keeping learners' progress for lessons that still exist.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from django.db import transaction

from accounts.models import Organization
from community.checks import CheckFileError, validate_checks
from community.models import Course, Lesson
from community.rendering import render_markdown

BUILT_IN = Path(__file__).resolve().parent / "course_files"
LESSON_FILES = ("lesson.md", "starter.py", "solution.py", "checks.toml")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


class CourseFileError(ValueError):
    pass


def read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CourseFileError(f"{path}: {exc}") from None


def lesson_slug(folder: Path) -> str:
    slug = re.sub(r"^\d+[-_]", "", folder.name).lower()
    if not SLUG.match(slug):
        raise CourseFileError(f"{folder}: lesson folder names are like 01-first-steps")
    return slug


def read_lesson(folder: Path) -> dict:
    missing = [name for name in LESSON_FILES if not (folder / name).is_file()]
    if missing:
        raise CourseFileError(f"{folder}: missing {', '.join(missing)}")
    text = (folder / "lesson.md").read_text(encoding="utf-8")
    title = next(
        (line[2:].strip() for line in text.splitlines() if line.startswith("# ")), folder.name
    )
    try:
        checks = validate_checks(read_toml(folder / "checks.toml").get("check", []))
    except CheckFileError as exc:
        raise CourseFileError(f"{folder / 'checks.toml'}: {exc}") from None
    return {
        "slug": lesson_slug(folder),
        "title": title[:200],
        "text": text,
        "text_html": render_markdown(text),
        "starter": (folder / "starter.py").read_text(encoding="utf-8"),
        "solution": (folder / "solution.py").read_text(encoding="utf-8"),
        "checks": checks,
    }


def read_course(folder: Path) -> tuple[dict, list[dict]]:
    meta = read_toml(folder / "course.toml")
    if not meta.get("title"):
        raise CourseFileError(f"{folder / 'course.toml'}: a course needs a title")
    if not SLUG.match(folder.name):
        raise CourseFileError(f"{folder}: course folder names are lower-case-with-dashes")
    lessons = [read_lesson(p) for p in sorted(folder.iterdir()) if p.is_dir()]
    if not lessons:
        raise CourseFileError(f"{folder}: a course needs at least one lesson folder")
    course = {
        "title": str(meta["title"])[:200],
        "summary": str(meta.get("summary", "")),
        "level": str(meta.get("level", ""))[:30],
        "position": int(meta.get("position", 0)),
    }
    return course, lessons


@transaction.atomic
def course_import(folder: Path, *, organization: Organization | None = None) -> Course:
    """Create or update the course in `folder` (public, or private to `organization`)."""
    fields, lessons = read_course(folder)
    course, _ = Course.objects.update_or_create(
        slug=folder.name, organization=organization, defaults=fields
    )
    kept = []
    for position, lesson in enumerate(lessons, 1):
        slug = lesson.pop("slug")
        Lesson.objects.update_or_create(
            course=course, slug=slug, defaults={**lesson, "position": position}
        )
        kept.append(slug)
    course.lessons.exclude(slug__in=kept).delete()
    return course


def course_folders(root: Path) -> list[Path]:
    """`root` itself when it is a course, else the courses directly inside it."""
    if (root / "course.toml").is_file():
        return [root]
    return sorted(p for p in root.iterdir() if (p / "course.toml").is_file())


def courses_import_built_in() -> list[Course]:
    return [course_import(folder) for folder in course_folders(BUILT_IN)]
