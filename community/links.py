"""Links into the forum that work from anywhere (pages, notifications, emails)."""

from __future__ import annotations

from django.urls import reverse


def discussion_url(discussion_id: int, post_id: int | None = None) -> str:
    """A discussion, or one of its posts: `?post=` lets the discussion page open the page of
    replies that holds the post (the fragment never reaches the server), `#post-` scrolls to it."""
    url = reverse("community:discussion", args=[discussion_id])
    return f"{url}?post={post_id}#post-{post_id}" if post_id else url
