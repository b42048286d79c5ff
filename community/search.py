"""Full-text search over discussion titles and post bodies with the database's own engine:
an FTS5 table kept current by triggers on SQLite (migration 0002), `to_tsvector` with GIN
indexes on PostgreSQL. Both return discussion ids, best match first."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection

from community.models import Discussion, Post

CONFIG = "english"
MAX_RESULTS = 500
WORD = re.compile(r"\w+", re.UNICODE)


def fts5_query(text: str) -> str:
    """The words of a user's text as an FTS5 query: every word must appear, the last one may be
    the start of a word. Each word is quoted, so FTS5 operators in the text are plain words."""
    words = WORD.findall(text)[:20]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def sqlite_matches(text: str) -> list[int]:
    query = fts5_query(text)
    if not query:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM community_post_fts WHERE community_post_fts MATCH %s "
            "ORDER BY rank LIMIT %s",
            [query, MAX_RESULTS * 4],
        )
        return [row[0] for row in cursor.fetchall()]


def postgres_matches(text: str) -> list[int]:
    if not WORD.search(text):
        return []
    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    # The same expressions as the GIN indexes of migration 0002, so PostgreSQL can use them.
    titles = Post.objects.filter(
        is_opening=True,
        discussion__in=Discussion.objects.annotate(document=SearchVector("title", config=CONFIG))
        .filter(document=query)
        .values("id"),
    ).values_list("id", flat=True)
    posts = (
        Post.objects.annotate(document=SearchVector("body", config=CONFIG))
        .filter(document=query)
        .annotate(rank=SearchRank(SearchVector("body", config=CONFIG), query))
        .order_by("-rank", "-id")
        .values_list("id", flat=True)[: MAX_RESULTS * 4]
    )
    title_ids = list(titles[:MAX_RESULTS])
    seen = set(title_ids)
    return title_ids + [i for i in posts if i not in seen]


def matching_discussion_ids(text: str) -> list[int]:
    """Ids of discussions whose title or a visible post matches `text`, best first."""
    post_ids = postgres_matches(text) if connection.vendor == "postgresql" else sqlite_matches(text)
    if not post_ids:
        return []
    order = {post_id: position for position, post_id in enumerate(post_ids)}
    visible = Post.objects.filter(id__in=post_ids, deleted=None, is_hidden=False).values_list(
        "id", "discussion_id"
    )
    best: dict[int, int] = {}
    for post_id, discussion_id in visible:
        best[discussion_id] = min(best.get(discussion_id, len(order)), order[post_id])
    return sorted(best, key=best.get)[:MAX_RESULTS]
