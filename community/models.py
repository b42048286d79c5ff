"""The forum: discussions made of posts (the first post is the discussion's body), their edit
history, votes, follows, read markers and flags."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Tag(models.Model):
    name = models.SlugField(max_length=30, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Discussion(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussions"
    )
    title = models.CharField(max_length=200)
    tags = models.ManyToManyField(Tag, blank=True, related_name="discussions")
    created = models.DateTimeField(auto_now_add=True)
    # The time of the newest visible post: "most active" sorting and unread markers use it.
    last_activity = models.DateTimeField(db_index=True)
    reply_count = models.PositiveIntegerField(default=0)
    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    accepted_post = models.OneToOneField(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-is_pinned", "-last_activity", "-id"]

    def __str__(self) -> str:
        return self.title


class SharedBacktest(models.Model):
    """A backtest attached to a post, frozen when it was attached: its results card (key
    statistics, equity chart) and the code it ran, so every reader sees the same results and
    clones that code, whatever later happens to the project or the backtest."""

    backtest = models.ForeignKey(
        "backtests.Backtest", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shared_backtests"
    )
    name = models.CharField(max_length=200)
    project_name = models.CharField(max_length=200)
    statistics = models.JSONField(default=list)  # [{"label", "value", "tone"}], presenters' order
    equity = models.JSONField(default=dict)  # Plotly figure (backtests.charts.equity_figure)
    files = models.JSONField(default=dict)  # path -> content: everything the engine ran
    parameters = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def figure_id(self) -> str:
        """The id of the script element holding the equity figure on a page."""
        return f"shared-figure-{self.pk}"


class Post(models.Model):
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_posts"
    )
    is_opening = models.BooleanField(default=False)
    body = models.TextField(max_length=50_000)
    # The sanitized HTML of `body`, rendered when the body is written (community.markdown).
    body_html = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    edited = models.DateTimeField(null=True, blank=True)
    deleted = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False)
    score = models.IntegerField(default=0)
    shared_backtest = models.ForeignKey(
        SharedBacktest, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.discussion_id}"


class PostRevision(models.Model):
    """A body a post had before an edit or a deletion; the history of the post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    title = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-id"]


class Vote(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_vote_per_post")]


class Follow(models.Model):
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_follows"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["discussion", "user"], name="one_follow_per_user")
        ]


class ReadMarker(models.Model):
    """When a user last read a discussion; newer activity makes it unread for them."""

    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["discussion", "user"], name="one_read_marker")
        ]


class Flag(models.Model):
    """A reader's report of a post to the moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)
    resolved = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_flag_per_user")]


class Profile(models.Model):
    """A user's community settings; users without a row have the defaults."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Everyone"
        MEMBERS = "members", "Logged-in users"
        PRIVATE = "private", "Only me"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_profile"
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    show_backtests = models.BooleanField(default=True)


# -- Learning Center -------------------------------------------------------------------------------
class Course(models.Model):
    """A course imported from a folder of files (community/courses.py). Courses without an
    organization are public; an organization's courses are seen only by its members."""

    slug = models.SlugField(max_length=80)
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="courses",
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    level = models.CharField(max_length=30, blank=True)
    position = models.PositiveIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "organization"], name="course_slug_per_organization"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(organization=None),
                name="public_course_slug",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    slug = models.SlugField(max_length=80)
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()  # Markdown
    text_html = models.TextField()  # sanitized (community.rendering)
    starter = models.TextField()
    solution = models.TextField()
    checks = models.JSONField(default=list)  # community.checks: [{"kind": ..., ...}]

    class Meta:
        ordering = ["course", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="lesson_slug_per_course")
        ]

    def __str__(self) -> str:
        return self.title


class Submission(models.Model):
    """A learner's code for a lesson, run in the sandbox and checked against the task."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"
        ERROR = "error", "Error"

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="submissions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions"
    )
    code = models.TextField(max_length=100_000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    results = models.JSONField(default=list)  # [{"passed": bool, "message": str}]
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.PASSED, self.Status.FAILED, self.Status.ERROR}


class LessonProgress(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    completed = models.DateTimeField(null=True, blank=True)
    solution_shown = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lesson", "user"], name="one_progress_per_lesson")
        ]


class CourseReview(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="reviews")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField()
    text = models.TextField(max_length=5000, blank=True)
    created = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="one_review_per_course"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_1_to_5"
            ),
        ]


class LessonErrorReport(models.Model):
    """A learner's "report an error" on a lesson, for the course's authors."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="error_reports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=5000)
    created = models.DateTimeField(auto_now_add=True)
    resolved = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
