"""Search runs on the database's own full-text engine: this file runs on SQLite (FTS5) in the
default pass and on PostgreSQL in the PostgreSQL pass (tests/run_with_postgres.sh)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from community import services
from community.search import fts5_query, matching_discussion_ids
from community.selectors import discussion_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(owner, member, moderator):
    owner.is_staff = True  # not rate limited while setting up
    momentum = services.discussion_create(
        author=owner, title="Momentum strategies", body="Ranking stocks by returns.", tags="alpha"
    )
    options = services.discussion_create(
        author=owner, title="Options greeks", body="How is delta computed?", tags="options"
    )
    services.reply_create(
        discussion=options, author=member, body="Delta comes from the pricing model's derivative."
    )
    hidden = services.discussion_create(author=owner, title="Hidden momentum", body="secret")
    services.post_set_hidden(post=hidden.posts.get(), moderator=moderator, hidden=True)
    return {"momentum": momentum, "options": options, "hidden": hidden}


def titles(user, text, **kwargs):
    return [d.title for d in discussion_list(user, search=text, **kwargs)]


def test_search_uses_the_database_engine(forum):
    assert connection.vendor in {"sqlite", "postgresql"}
    assert matching_discussion_ids("momentum")  # the engine answered


def test_titles_and_bodies_match_with_stemming(forum, member):
    assert titles(member, "momentum") == ["Momentum strategies"]
    assert titles(member, "ranked stock") == ["Momentum strategies"]  # rank/ranking, stock/stocks
    assert titles(member, "pricing derivative") == ["Options greeks"]  # a reply's body
    assert titles(member, "delta") == ["Options greeks"]
    assert titles(member, "nothing-like-this") == []


def test_hidden_and_deleted_posts_are_not_found(forum, member, moderator, owner):
    assert titles(member, "secret") == []
    assert titles(moderator, "secret") == []  # hidden posts never match, even for moderators
    reply = forum["options"].posts.get(is_opening=False)
    services.post_delete(post=reply, user=reply.author)
    assert titles(member, "derivative") == []


def test_edits_are_searchable(forum, owner):
    opening = forum["momentum"].posts.get()
    services.post_edit(post=opening, user=owner, body="Mean reversion instead.", title="Reversion")
    assert titles(owner, "reversion") == ["Reversion"]
    assert titles(owner, "ranking") == []
    assert titles(owner, "momentum strategies") == []


def test_tag_filters_combine_with_search(forum, member):
    assert titles(member, "momentum", tags=["alpha"]) == ["Momentum strategies"]
    assert titles(member, "momentum", tags=["options"]) == []


@pytest.mark.parametrize(
    "text",
    ['"', "NEAR(a b)", "*", "a AND", "-momentum", "title:x", "^", "'; DROP TABLE x; --", "()"],
)
def test_search_syntax_in_the_text_is_harmless(forum, member, text):
    discussion_list(member, search=text).count()  # no database error


def test_the_fts5_query_quotes_every_word():
    assert fts5_query('NEAR(a "b") OR c*') == '"NEAR" "a" "b" "OR" "c"*'
    assert fts5_query(" ,; ") == ""


def test_the_forum_page_searches(client, forum):
    page = client.get(reverse("community:forum"), {"q": "delta"}).content.decode()
    assert "Options greeks" in page and "Momentum strategies" not in page
    assert "Best match" in page
    empty = client.get(reverse("community:forum"), {"q": "<script>zz</script>"}).content.decode()
    assert "No discussion matches" in empty and "<script>zz" not in empty
