"""Writes of the forum: discussions, replies, edits with history, votes, accepted answers,
follows, read markers, flags and moderation. Views call these; they never write models directly."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from community.models import (
    Discussion,
    Flag,
    Follow,
    Post,
    PostRevision,
    Profile,
    ReadMarker,
    Tag,
    Vote,
)
from community.rendering import render_markdown
from community.sharing import ShareError, backtest_share

TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,29}$")
MAX_TAGS = 5
# "@[Display Name]" for names with spaces, "@Name" for one-word names.
MENTION_PATTERN = re.compile(r"(?<![\w@])@(?:\[([^\]\n]{1,80})\]|([A-Za-z0-9_][\w.-]{0,79}))")


class ForumError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_tags(text: str) -> list[str]:
    """Tag names from a comma or space separated text; ForumError for a malformed one."""
    names = []
    for raw in re.split(r"[,\s]+", text.strip().lower()):
        if not raw:
            continue
        if not TAG_PATTERN.match(raw):
            raise ForumError(
                f"Tags are lower-case letters, digits and dashes (at most 30): {raw[:40]!r}."
            )
        if raw not in names:
            names.append(raw)
    if len(names) > MAX_TAGS:
        raise ForumError(f"Use at most {MAX_TAGS} tags.")
    return names


def post_rate_check(*, user: User) -> None:
    """New accounts may post only a few times an hour (spam); ForumError says when to retry."""
    if user.is_staff:
        return
    now = timezone.now()
    if user.date_joined <= now - timedelta(days=settings.COMMUNITY_NEW_ACCOUNT_DAYS):
        return
    limit = settings.COMMUNITY_NEW_ACCOUNT_POSTS_PER_HOUR
    recent = list(
        Post.objects.filter(author=user, created__gt=now - timedelta(hours=1))
        .order_by("created")
        .values_list("created", flat=True)[:limit]
    )
    if len(recent) >= limit:
        minutes = max(1, int((recent[0] + timedelta(hours=1) - now).total_seconds() // 60) + 1)
        raise ForumError(
            f"New accounts can post {limit} times per hour while they are less than "
            f"{settings.COMMUNITY_NEW_ACCOUNT_DAYS} days old. Try again in {minutes} minutes."
        )


def mentioned_users(body: str) -> list[User]:
    """Users named with @Name or @[Display Name] whose display name matches exactly one user."""
    names = {(a or b).strip() for a, b in MENTION_PATTERN.findall(body)}
    found = []
    for name in sorted(names):
        matches = list(User.objects.filter(display_name__iexact=name, is_active=True)[:2])
        if len(matches) == 1:
            found.append(matches[0])
    return found


def new_post(
    *, discussion: Discussion, author: User, body: str, is_opening: bool, backtest_id=None
) -> Post:
    """A post, with the backtest `backtest_id` (one the author can open) attached when given."""
    body = body.strip()
    if not body:
        raise ForumError("Write something first.")
    shared = None
    if backtest_id not in (None, ""):
        try:
            shared = backtest_share(user=author, backtest_id=backtest_id)
        except ShareError as exc:
            raise ForumError(exc.message) from None
    return Post.objects.create(
        discussion=discussion,
        author=author,
        body=body,
        body_html=render_markdown(body),
        is_opening=is_opening,
        shared_backtest=shared,
    )


def announce_post(post: Post, *, mentioned: list[User], base_url: str) -> None:
    """After the commit: tell followers and mentioned users (site toast and email with a link
    under `base_url`, the site's address as the request saw it)."""
    from community.tasks import post_announce_task

    ids = [u.id for u in mentioned]
    transaction.on_commit(lambda: post_announce_task(post.id, ids, base_url))


def discussion_create(
    *,
    author: User,
    title: str,
    body: str,
    tags: str = "",
    base_url: str = "",
    backtest_id: int | str | None = None,
) -> Discussion:
    title = title.strip()
    if not title:
        raise ForumError("Give the discussion a title.")
    tag_names = parse_tags(tags)
    post_rate_check(user=author)
    with transaction.atomic():
        discussion = Discussion.objects.create(
            author=author, title=title[:200], last_activity=timezone.now()
        )
        discussion.tags.set([Tag.objects.get_or_create(name=name)[0] for name in tag_names])
        post = new_post(
            discussion=discussion,
            author=author,
            body=body,
            is_opening=True,
            backtest_id=backtest_id,
        )
        Follow.objects.create(discussion=discussion, user=author)
        ReadMarker.objects.create(discussion=discussion, user=author, read_at=post.created)
        announce_post(post, mentioned=mentioned_users(body), base_url=base_url)
    return discussion


def reply_create(
    *,
    discussion: Discussion,
    author: User,
    body: str,
    base_url: str = "",
    backtest_id: int | str | None = None,
) -> Post:
    if discussion.is_locked and not author.is_staff:
        raise ForumError("This discussion is locked: it takes no more replies.")
    post_rate_check(user=author)
    with transaction.atomic():
        post = new_post(
            discussion=discussion,
            author=author,
            body=body,
            is_opening=False,
            backtest_id=backtest_id,
        )
        Discussion.objects.filter(pk=discussion.pk).update(
            last_activity=post.created, reply_count=F("reply_count") + 1
        )
        Follow.objects.get_or_create(discussion=discussion, user=author)
        ReadMarker.objects.update_or_create(
            discussion=discussion, user=author, defaults={"read_at": post.created}
        )
        announce_post(post, mentioned=mentioned_users(body), base_url=base_url)
    return post


def check_author(post: Post, user: User) -> None:
    if post.author_id != user.id:
        raise PermissionDenied("Only the author can change a post.")
    if post.deleted:
        raise ForumError("This post was deleted.")


def post_edit(*, post: Post, user: User, body: str, title: str | None = None) -> Post:
    """Change a post's body (and the discussion's title for an opening post); the previous
    version goes to the post's history."""
    check_author(post, user)
    body = body.strip()
    if not body:
        raise ForumError("Write something first.")
    discussion = post.discussion
    new_title = (title or "").strip()[:200] if post.is_opening and title is not None else ""
    if post.is_opening and title is not None and not new_title:
        raise ForumError("Give the discussion a title.")
    with transaction.atomic():
        PostRevision.objects.create(
            post=post,
            body=post.body,
            title=discussion.title if post.is_opening else "",
            editor=user,
        )
        post.body = body
        post.body_html = render_markdown(body)
        post.edited = timezone.now()
        post.save(update_fields=["body", "body_html", "edited"])
        if new_title:
            discussion.title = new_title
            discussion.save(update_fields=["title"])
    return post


def post_delete(*, post: Post, user: User) -> None:
    """The author withdraws a post: its text leaves the page, its history keeps it. Deleting the
    opening post hides the whole discussion."""
    check_author(post, user)
    with transaction.atomic():
        PostRevision.objects.create(post=post, body=post.body, editor=user)
        post.deleted = timezone.now()
        post.save(update_fields=["deleted"])
        discussion = post.discussion
        if post.is_opening:
            discussion.is_hidden = True
            discussion.save(update_fields=["is_hidden"])
        else:
            Discussion.objects.filter(pk=discussion.pk, reply_count__gt=0).update(
                reply_count=F("reply_count") - 1
            )
        if discussion.accepted_post_id == post.id:
            Discussion.objects.filter(pk=discussion.pk).update(accepted_post=None)


def post_vote(*, post: Post, user: User) -> bool:
    """Toggle the user's upvote; True when the post is now upvoted by them."""
    if post.author_id == user.id:
        raise ForumError("You cannot upvote your own post.")
    with transaction.atomic():
        deleted, _ = Vote.objects.filter(post=post, user=user).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(score=F("score") - 1)
            return False
        Vote.objects.create(post=post, user=user)
        Post.objects.filter(pk=post.pk).update(score=F("score") + 1)
        return True


def answer_accept(*, post: Post, user: User) -> Discussion:
    """The discussion's author marks a reply as the answer (again: unmarks it)."""
    discussion = post.discussion
    if discussion.author_id != user.id:
        raise PermissionDenied("Only the author of the discussion accepts an answer.")
    if post.is_opening or post.deleted or post.is_hidden:
        raise ForumError("Only a visible reply can be the accepted answer.")
    discussion.accepted_post = None if discussion.accepted_post_id == post.id else post
    discussion.save(update_fields=["accepted_post"])
    return discussion


def discussion_follow(*, discussion: Discussion, user: User) -> bool:
    """Toggle following; True when the user now follows the discussion."""
    deleted, _ = Follow.objects.filter(discussion=discussion, user=user).delete()
    if deleted:
        return False
    Follow.objects.create(discussion=discussion, user=user)
    return True


def discussion_mark_read(*, discussion: Discussion, user: User) -> None:
    ReadMarker.objects.update_or_create(
        discussion=discussion, user=user, defaults={"read_at": timezone.now()}
    )


def discussions_mark_all_read(*, user: User) -> int:
    now = timezone.now()
    ids = list(Discussion.objects.filter(is_hidden=False).values_list("id", flat=True))
    with transaction.atomic():
        ReadMarker.objects.filter(user=user).update(read_at=now)
        have = set(ReadMarker.objects.filter(user=user).values_list("discussion_id", flat=True))
        ReadMarker.objects.bulk_create(
            ReadMarker(discussion_id=i, user=user, read_at=now) for i in ids if i not in have
        )
    return len(ids)


def post_flag(*, post: Post, user: User, reason: str) -> Flag:
    reason = reason.strip()
    if not reason:
        raise ForumError("Say what is wrong with the post.")
    if post.author_id == user.id:
        raise ForumError("You cannot flag your own post.")
    flag, _ = Flag.objects.update_or_create(
        post=post, user=user, defaults={"reason": reason[:500], "resolved": None}
    )
    return flag


def check_staff(user: User) -> None:
    if not user.is_staff:
        raise PermissionDenied("Only moderators can do that.")


def post_set_hidden(*, post: Post, moderator: User, hidden: bool) -> None:
    """A moderator hides a post from readers (or shows it again); its flags are resolved."""
    check_staff(moderator)
    with transaction.atomic():
        post.is_hidden = hidden
        post.save(update_fields=["is_hidden"])
        if post.is_opening:
            Discussion.objects.filter(pk=post.discussion_id).update(is_hidden=hidden)
        Flag.objects.filter(post=post, resolved=None).update(resolved=timezone.now())


def discussion_moderate(*, discussion: Discussion, moderator: User, action: str) -> None:
    """lock / unlock / pin / unpin a discussion."""
    check_staff(moderator)
    fields = {
        "lock": ("is_locked", True),
        "unlock": ("is_locked", False),
        "pin": ("is_pinned", True),
        "unpin": ("is_pinned", False),
    }
    if action not in fields:
        raise ForumError("Unknown moderation action.")
    field, value = fields[action]
    setattr(discussion, field, value)
    discussion.save(update_fields=[field])


def profile_update(*, user: User, visibility: str, show_backtests: bool) -> Profile:
    if visibility not in Profile.Visibility.values:
        raise ForumError("Choose who can see your profile.")
    profile, _ = Profile.objects.update_or_create(
        user=user, defaults={"visibility": visibility, "show_backtests": show_backtests}
    )
    return profile
