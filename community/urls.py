from __future__ import annotations

from django.urls import path

from community.views import forum, learning, moderation, profiles

app_name = "community"

urlpatterns = [
    path("forum/", forum.forum, name="forum"),
    path("forum/new/", forum.discussion_create, name="discussion_create"),
    path("forum/read-all/", forum.mark_all_read, name="mark_all_read"),
    path("forum/<int:discussion_id>/", forum.discussion_detail, name="discussion"),
    path("forum/<int:discussion_id>/reply/", forum.reply_create, name="reply"),
    path("forum/<int:discussion_id>/follow/", forum.discussion_follow, name="follow"),
    path(
        "forum/<int:discussion_id>/moderate/",
        moderation.discussion_moderate,
        name="discussion_moderate",
    ),
    path("posts/<int:post_id>/edit/", forum.post_edit, name="post_edit"),
    path("posts/<int:post_id>/history/", forum.post_history, name="post_history"),
    path("posts/<int:post_id>/delete/", forum.post_delete, name="post_delete"),
    path("posts/<int:post_id>/vote/", forum.post_vote, name="post_vote"),
    path("posts/<int:post_id>/accept/", forum.post_accept, name="post_accept"),
    path("posts/<int:post_id>/flag/", moderation.post_flag, name="post_flag"),
    path("posts/<int:post_id>/moderate/", moderation.post_moderate, name="post_moderate"),
    path("shared/<int:shared_id>/clone/", forum.shared_backtest_clone, name="clone"),
    path("moderation/flags/", moderation.flag_queue, name="flag_queue"),
    path("people/<int:user_id>/", profiles.profile_detail, name="profile"),
    path("people/privacy/", profiles.profile_privacy, name="profile_privacy"),
    path("learn/", learning.course_list, name="courses"),
    path("learn/<int:course_id>/", learning.course_detail, name="course"),
    path("learn/<int:course_id>/review/", learning.course_review, name="course_review"),
    path("learn/lessons/<int:lesson_id>/", learning.lesson_detail, name="lesson"),
    path("learn/lessons/<int:lesson_id>/submit/", learning.lesson_submit, name="lesson_submit"),
    path(
        "learn/lessons/<int:lesson_id>/solution/", learning.lesson_solution, name="lesson_solution"
    ),
    path("learn/lessons/<int:lesson_id>/report/", learning.lesson_report, name="lesson_report"),
    path(
        "learn/submissions/<int:submission_id>/",
        learning.submission_detail,
        name="submission",
    ),
    path("code-of-conduct/", forum.code_of_conduct, name="code_of_conduct"),
]
