"""Reads of the forum: what a user may see, listing with sorting and tag filters, unread state."""

from __future__ import annotations

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Sum, When
from django.http import Http404

from accounts.models import User
from community.models import Discussion, Follow, Post, ReadMarker, SharedBacktest, Vote
from community.search import matching_discussion_ids

SORTS = {
    "active": ("-is_pinned", "-last_activity", "-id"),
    "newest": ("-is_pinned", "-created", "-id"),
    "votes": ("-is_pinned", "-votes", "-last_activity", "-id"),
}
PAGE_SIZE = 20


def is_moderator(user) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def discussion_list(
    user, *, sort: str = "active", tags: list[str] | None = None, search: str = ""
) -> QuerySet[Discussion]:
    """Discussions a user may see, newest activity first (or newest / most upvoted), each with
    `votes` (the opening post's score) and, for a logged-in user, `unread`. With `search`, only
    those whose title or a visible post matches it, best match first unless `sort` says
    otherwise."""
    discussions = Discussion.objects.select_related("author").prefetch_related("tags")
    if not is_moderator(user):
        discussions = discussions.filter(is_hidden=False)
    for tag in tags or []:
        discussions = discussions.filter(tags__name=tag)
    discussions = discussions.annotate(
        votes=Sum("posts__score", filter=Q(posts__is_opening=True), default=0)
    )
    if user.is_authenticated:
        read = ReadMarker.objects.filter(
            discussion=OuterRef("pk"), user=user, read_at__gte=OuterRef("last_activity")
        )
        discussions = discussions.annotate(unread=~Exists(read))
    if search.strip():
        ids = matching_discussion_ids(search)
        discussions = discussions.filter(id__in=ids)
        if sort not in SORTS:
            relevance = Case(*[When(id=i, then=position) for position, i in enumerate(ids)])
            return discussions.order_by(relevance, "-id") if ids else discussions.order_by("-id")
    return discussions.order_by(*SORTS.get(sort, SORTS["active"]))


def get_discussion_for_user(user, discussion_id: int | str) -> Discussion:
    """A discussion the user may read (hidden ones only for moderators), else Http404."""
    try:
        discussion_id = int(discussion_id)
    except (TypeError, ValueError):
        raise Http404("No such discussion") from None
    discussion = Discussion.objects.select_related("author").filter(pk=discussion_id).first()
    if discussion is None or (discussion.is_hidden and not is_moderator(user)):
        raise Http404("No such discussion")
    return discussion


def get_post_for_user(user, post_id: int | str) -> Post:
    """A post of a discussion the user may read; hidden posts only for moderators and their author."""
    try:
        post_id = int(post_id)
    except (TypeError, ValueError):
        raise Http404("No such post") from None
    post = Post.objects.select_related("discussion", "author").filter(pk=post_id).first()
    if post is None:
        raise Http404("No such post")
    get_discussion_for_user(user, post.discussion_id)
    if post.is_hidden and not (is_moderator(user) or post.author_id == getattr(user, "id", None)):
        raise Http404("No such post")
    return post


def discussion_posts(user, discussion: Discussion) -> list[Post]:
    """The posts of a discussion in order, each with `voted` (by this user). Hidden posts are left
    out except for moderators and their author; deleted ones stay as a placeholder."""
    posts = discussion.posts.select_related("author", "shared_backtest")
    if not is_moderator(user):
        visible = Q(is_hidden=False)
        if user.is_authenticated:
            visible |= Q(author=user)
        posts = posts.filter(visible)
    if user.is_authenticated:
        posts = posts.annotate(
            voted=Exists(Vote.objects.filter(post=OuterRef("pk"), user=user))
        ).prefetch_related("revisions")
    return list(posts)


def is_following(user, discussion: Discussion) -> bool:
    return bool(
        user.is_authenticated and Follow.objects.filter(discussion=discussion, user=user).exists()
    )


def user_reputation(user: User) -> int:
    """Upvotes received on visible posts."""
    return Post.objects.filter(author=user, deleted=None, is_hidden=False).aggregate(
        total=Sum("score", default=0)
    )["total"]


def get_shared_backtest_for_user(user, shared_id: int | str) -> SharedBacktest:
    """A shared backtest attached to a post the user may read, else Http404."""
    try:
        shared_id = int(shared_id)
    except (TypeError, ValueError):
        raise Http404("No such backtest") from None
    posts = Post.objects.filter(shared_backtest_id=shared_id, deleted=None)
    if not is_moderator(user):
        posts = posts.filter(is_hidden=False, discussion__is_hidden=False)
    shared = SharedBacktest.objects.filter(pk=shared_id).first()
    if shared is None or not posts.exists():
        raise Http404("No such backtest")
    return shared
