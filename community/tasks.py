"""Huey tasks of the community app: take ids, load, call one function."""

from __future__ import annotations

from django.core.mail import send_mail
from django.urls import reverse
from huey.contrib.djhuey import task

from accounts.models import User
from accounts.notifications import user_notify
from community.learning import submission_run
from community.models import Follow, Post


def post_url(post: Post) -> str:
    return f"{reverse('community:discussion', args=[post.discussion_id])}#post-{post.id}"


@task()
def post_announce_task(post_id: int, mentioned_ids: list[int], base_url: str = "") -> None:
    """Tell the followers of the post's discussion, and the users it mentions, about a new post:
    a toast on their open pages and an email."""
    post = Post.objects.select_related("discussion", "author").filter(pk=post_id).first()
    if post is None or post.deleted or post.is_hidden:
        return
    discussion = post.discussion
    url = post_url(post)
    link = f"{base_url.rstrip('/')}{url}"
    author = post.author.name
    followers = set(
        Follow.objects.filter(discussion=discussion)
        .exclude(user=post.author)
        .values_list("user_id", flat=True)
    )
    mentioned = set(mentioned_ids) - {post.author_id}
    for user in User.objects.filter(id__in=followers | mentioned, is_active=True):
        if user.id in mentioned:
            text = f"{author} mentioned you in “{discussion.title}”"
        elif post.is_opening:
            continue
        else:
            text = f"{author} replied to “{discussion.title}”"
        user_notify(user_id=user.id, text=text, url=url)
        send_mail(
            subject=text,
            message=f"{text}:\n\n{post.body[:2000]}\n\nRead it at {link}\n\n"
            "You get this email because you follow this discussion or were mentioned in it. "
            "Unfollow the discussion on its page to stop these emails.",
            from_email=None,
            recipient_list=[user.email],
            fail_silently=True,
        )


@task()
def submission_check_task(submission_id: int) -> None:
    """Run a Learning Center submission in the sandbox and check it."""
    submission_run(submission_id=submission_id)
