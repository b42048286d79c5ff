from __future__ import annotations

import pytest
from django.urls import reverse

from community import services
from community.models import Discussion, Flag, Post

pytestmark = pytest.mark.django_db


def post_urls(discussion, post):
    """Every forum URL that changes something: (url, data)."""
    return [
        (reverse("community:discussion_create"), {"title": "t", "body": "b"}),
        (reverse("community:reply", args=[discussion.id]), {"body": "b"}),
        (reverse("community:follow", args=[discussion.id]), {}),
        (reverse("community:mark_all_read"), {}),
        (reverse("community:post_edit", args=[post.id]), {"body": "x"}),
        (reverse("community:post_delete", args=[post.id]), {}),
        (reverse("community:post_vote", args=[post.id]), {}),
        (reverse("community:post_accept", args=[post.id]), {}),
        (reverse("community:post_flag", args=[post.id]), {"reason": "r"}),
        (reverse("community:post_moderate", args=[post.id]), {"action": "hide"}),
        (reverse("community:discussion_moderate", args=[discussion.id]), {"action": "lock"}),
    ]


def test_anonymous_visitors_read_but_cannot_write(client, discussion):
    opening = discussion.posts.get()
    assert client.get(reverse("community:forum")).status_code == 200
    page = client.get(reverse("community:discussion", args=[discussion.id]))
    assert page.status_code == 200 and b"<code>SMA(20)</code>" in page.content
    assert client.get(reverse("community:code_of_conduct")).status_code == 200
    for url, data in post_urls(discussion, opening):
        response = client.post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    assert Post.objects.count() == 1 and Flag.objects.count() == 0


def test_others_cannot_edit_delete_accept_or_moderate(member_client, discussion, owner):
    opening = discussion.posts.get()
    reply = services.reply_create(discussion=discussion, author=owner, body="self reply")
    for url in [
        reverse("community:post_edit", args=[opening.id]),
        reverse("community:post_delete", args=[opening.id]),
        reverse("community:post_accept", args=[reply.id]),
        reverse("community:post_moderate", args=[opening.id]),
        reverse("community:discussion_moderate", args=[discussion.id]),
    ]:
        assert member_client.post(url, {"body": "hijack", "action": "hide"}).status_code == 403
    assert member_client.get(reverse("community:post_edit", args=[opening.id])).status_code == 403
    assert member_client.get(reverse("community:flag_queue")).status_code == 403
    opening.refresh_from_db()
    discussion.refresh_from_db()
    assert opening.body.startswith("My `SMA(20)`") and not opening.deleted
    assert not discussion.is_hidden and not discussion.is_locked and not discussion.accepted_post


def test_hidden_discussions_are_404_except_for_moderators(
    member_client, moderator_client, discussion, moderator
):
    services.post_set_hidden(post=discussion.posts.get(), moderator=moderator, hidden=True)
    url = reverse("community:discussion", args=[discussion.id])
    assert member_client.get(url).status_code == 404
    assert member_client.post(reverse("community:reply", args=[discussion.id])).status_code == 404
    assert moderator_client.get(url).status_code == 200
    assert b"discussion-table" not in member_client.get(reverse("community:forum")).content


def test_start_a_discussion(member_client):
    response = member_client.post(
        reverse("community:discussion_create"),
        {
            "title": "<script>alert(1)</script>",
            "body": "Hi <img src=x onerror=alert(1)>",
            "tags": "spy",
        },
    )
    discussion = Discussion.objects.get()
    assert response.url == reverse("community:discussion", args=[discussion.id])
    page = member_client.get(response.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "onerror" not in page
    listing = member_client.get(reverse("community:forum")).content.decode()
    assert "&lt;script&gt;" in listing and "<script>alert" not in listing


def test_tags_with_markup_are_refused_with_a_message(member_client):
    response = member_client.post(
        reverse("community:discussion_create"),
        {"title": "t", "body": "b", "tags": '"><script>alert(1)</script>'},
    )
    assert response.status_code == 400 and b"Tags are lower-case letters" in response.content
    assert b"<script>alert(1)" not in response.content
    assert not Discussion.objects.exists()


def test_reply_vote_accept_and_follow(owner_client, member_client, discussion, owner, member):
    url = reverse("community:discussion", args=[discussion.id])
    response = member_client.post(
        reverse("community:reply", args=[discussion.id]), {"body": "Try **warm up**"}
    )
    reply = Post.objects.get(is_opening=False)
    assert response.url == f"{url}#post-{reply.id}"
    member_client.post(reverse("community:post_vote", args=[discussion.posts.first().id]))
    owner_client.post(reverse("community:post_accept", args=[reply.id]))
    discussion.refresh_from_db()
    assert discussion.accepted_post == reply
    page = owner_client.get(url).content.decode()
    assert "<strong>warm up</strong>" in page and "accepted answer" in page
    assert member_client.post(reverse("community:follow", args=[discussion.id])).status_code == 302
    assert not discussion.follows.filter(user=member).exists()


def test_unread_markers_on_the_list(member_client, owner, discussion):
    forum = reverse("community:forum")
    assert b"unread-marker" in member_client.get(forum).content
    member_client.get(reverse("community:discussion", args=[discussion.id]))
    assert b"unread-marker" not in member_client.get(forum).content
    services.reply_create(discussion=discussion, author=owner, body="new")
    assert b"unread-marker" in member_client.get(forum).content
    member_client.post(reverse("community:mark_all_read"))
    assert b"unread-marker" not in member_client.get(forum).content


def test_pagination_sorting_and_tag_filter(member_client, owner):
    owner.is_staff = True  # no rate limit for this bulk set-up
    for i in range(25):
        services.discussion_create(
            author=owner, title=f"Topic {i}", body="b", tags="alpha" if i % 2 else "beta"
        )
    first = member_client.get(reverse("community:forum"), {"sort": "newest"}).content.decode()
    assert "Topic 24" in first and "Topic 4<" not in first and 'id="next-page"' in first
    second = member_client.get(
        reverse("community:forum"), {"sort": "newest", "page": 2}
    ).content.decode()
    assert "Topic 4<" in second and "Topic 24" not in second
    tagged = member_client.get(reverse("community:forum"), {"tag": "alpha"}).content.decode()
    assert "Topic 1<" in tagged and "Topic 2<" not in tagged


def test_edit_and_history_pages(owner_client, discussion):
    opening = discussion.posts.get()
    edit = reverse("community:post_edit", args=[opening.id])
    assert owner_client.get(edit).status_code == 200
    owner_client.post(edit, {"title": "Renamed", "body": "<script>x</script>changed"})
    history = owner_client.get(
        reverse("community:post_history", args=[opening.id])
    ).content.decode()
    assert "How do I warm up an SMA?" in history and "My `SMA(20)`" in history
    assert "&lt;script&gt;x&lt;/script&gt;changed" in history and "<script>x" not in history


def test_delete_own_reply(member_client, discussion, member):
    reply = services.reply_create(discussion=discussion, author=member, body="regret")
    member_client.post(reverse("community:post_delete", args=[reply.id]))
    page = member_client.get(reverse("community:discussion", args=[discussion.id])).content.decode()
    assert "regret" not in page and "deleted by its author" in page


def test_rate_limit_message_on_the_page(settings, member_client, discussion):
    settings.COMMUNITY_NEW_ACCOUNT_POSTS_PER_HOUR = 1
    reply = reverse("community:reply", args=[discussion.id])
    member_client.post(reply, {"body": "one"})
    page = member_client.post(reply, {"body": "two"}, follow=True).content.decode()
    assert "New accounts can post 1 times per hour" in page
    assert discussion.posts.count() == 2


def test_flag_and_moderate(member_client, moderator_client, discussion):
    opening = discussion.posts.get()
    member_client.post(reverse("community:post_flag", args=[opening.id]), {"reason": "spam <b>"})
    queue = moderator_client.get(reverse("community:flag_queue")).content.decode()
    assert "spam &lt;b&gt;" in queue
    moderator_client.post(
        reverse("community:discussion_moderate", args=[discussion.id]), {"action": "lock"}
    )
    moderator_client.post(
        reverse("community:discussion_moderate", args=[discussion.id]), {"action": "pin"}
    )
    moderator_client.post(reverse("community:post_moderate", args=[opening.id]), {"action": "hide"})
    discussion.refresh_from_db()
    assert discussion.is_locked and discussion.is_pinned and discussion.is_hidden
    response = member_client.post(reverse("community:reply", args=[discussion.id]), {"body": "x"})
    assert response.status_code == 404
