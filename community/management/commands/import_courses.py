"""`manage.py import_courses [FOLDER ...] [--organization ID]`: load Learning Center courses
from folders of files (format in community/courses.py); the built-in courses without FOLDER."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization
from community.courses import BUILT_IN, CourseFileError, course_folders, course_import
from community.learning import private_courses_allowed


class Command(BaseCommand):
    help = "Import Learning Center courses from folders (each course: course.toml + lessons)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("folders", nargs="*", type=Path)
        parser.add_argument(
            "--organization",
            type=int,
            help="Publish the courses privately to this organization (Team tier and above)",
        )

    def handle(self, *args, folders: list[Path], organization: int | None, **options) -> None:
        org = None
        if organization is not None:
            org = Organization.objects.filter(pk=organization).first()
            if org is None:
                raise CommandError(f"No organization {organization}")
            if not private_courses_allowed(org):
                raise CommandError(
                    f"{org.name} is on the {org.get_tier_display()} tier: private courses need "
                    "the Team tier or above."
                )
        for root in folders or [BUILT_IN]:
            if not root.is_dir():
                raise CommandError(f"{root} is not a folder")
            for folder in course_folders(root):
                try:
                    course = course_import(folder, organization=org)
                except CourseFileError as exc:
                    raise CommandError(str(exc)) from None
                self.stdout.write(f"Imported {course.title} ({course.lessons.count()} lessons)")
