from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from community import services
from community.models import Discussion, Flag, Post
from community.selectors import discussion_list, user_reputation
from community.services import ForumError

pytestmark = pytest.mark.django_db


@pytest.fixture
def toasts(monkeypatch):
    sent = []
    monkeypatch.setattr(
        "community.tasks.user_notify", lambda **kwargs: sent.append(kwargs), raising=True
    )
    return sent


def old_account(user):
    user.date_joined = timezone.now() - timedelta(days=30)
    user.save(update_fields=["date_joined"])
    return user


def test_a_discussion_has_an_opening_post_tags_and_its_author_follows_it(discussion, owner):
    assert discussion.title == "How do I warm up an SMA?"
    assert sorted(t.name for t in discussion.tags.all()) == ["indicators", "warm-up"]
    opening = discussion.posts.get()
    assert opening.is_opening and "<code>SMA(20)</code>" in opening.body_html
    assert discussion.follows.filter(user=owner).exists()


@pytest.mark.parametrize("tags", ["<script>", "a" * 31, "x,y,z,u,v,w", 'java"script'])
def test_malformed_tags_are_refused(owner, tags):
    with pytest.raises(ForumError):
        services.discussion_create(author=owner, title="t", body="b", tags=tags)
    assert not Discussion.objects.exists()


def test_replies_notify_followers_in_the_site_and_by_email(
    discussion, owner, member, toasts, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply_create(
            discussion=discussion, author=member, body="Use `set_warm_up`.", base_url="http://x/"
        )
    discussion.refresh_from_db()
    assert discussion.reply_count == 1 and discussion.last_activity == reply.created
    assert [t["user_id"] for t in toasts] == [owner.id]
    assert "Max Member replied" in toasts[0]["text"]
    assert toasts[0]["url"].endswith(f"#post-{reply.id}")
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert f"http://x/community/forum/{discussion.id}/#post-{reply.id}" in mail.outbox[0].body
    # The replier now follows too; their own reply did not notify them.
    assert discussion.follows.filter(user=member).exists()


def test_an_unfollowed_discussion_sends_nothing(
    discussion, owner, member, toasts, django_capture_on_commit_callbacks
):
    assert services.discussion_follow(discussion=discussion, user=owner) is False
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(discussion=discussion, author=member, body="hi")
    assert toasts == [] and mail.outbox == []


def test_mentions_notify_the_named_users(
    owner, member, outsider, toasts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.discussion_create(
            author=owner,
            title="Question",
            body="@[Max Member] and @[Oscar Outsider], any idea? Not @Nobody.",
        )
    assert sorted(t["user_id"] for t in toasts) == sorted([member.id, outsider.id])
    assert all("mentioned you" in t["text"] for t in toasts)
    assert len(mail.outbox) == 2


def test_new_accounts_are_rate_limited_with_a_clear_message(settings, discussion, member):
    settings.COMMUNITY_NEW_ACCOUNT_POSTS_PER_HOUR = 2
    services.reply_create(discussion=discussion, author=member, body="one")
    services.reply_create(discussion=discussion, author=member, body="two")
    with pytest.raises(ForumError, match="New accounts can post 2 times per hour.*Try again in"):
        services.reply_create(discussion=discussion, author=member, body="three")
    old_account(member)
    services.reply_create(discussion=discussion, author=member, body="three")
    assert discussion.posts.count() == 4


def test_a_locked_discussion_takes_no_replies(discussion, member, moderator):
    services.discussion_moderate(discussion=discussion, moderator=moderator, action="lock")
    with pytest.raises(ForumError, match="locked"):
        services.reply_create(discussion=discussion, author=member, body="late")


def test_edits_keep_the_history(discussion, owner, member):
    opening = discussion.posts.get()
    services.post_edit(post=opening, user=owner, body="New **body**", title="Better title")
    opening.refresh_from_db()
    discussion.refresh_from_db()
    assert opening.body_html == "<p>New <strong>body</strong></p>\n" and opening.edited
    assert discussion.title == "Better title"
    revision = opening.revisions.get()
    assert revision.body == "My `SMA(20)` is not ready on the first day."
    assert revision.title == "How do I warm up an SMA?"
    with pytest.raises(PermissionDenied):
        services.post_edit(post=opening, user=member, body="hijack")


def test_deleting_keeps_the_text_in_the_history(discussion, owner, member):
    reply = services.reply_create(discussion=discussion, author=member, body="oops")
    with pytest.raises(PermissionDenied):
        services.post_delete(post=reply, user=owner)
    services.post_delete(post=reply, user=member)
    reply.refresh_from_db()
    discussion.refresh_from_db()
    assert reply.deleted and reply.revisions.get().body == "oops"
    assert discussion.reply_count == 0
    services.post_delete(post=discussion.posts.get(is_opening=True), user=owner)
    discussion.refresh_from_db()
    assert discussion.is_hidden


def test_upvotes_toggle_count_for_reputation_and_not_for_oneself(discussion, owner, member):
    opening = discussion.posts.get()
    assert services.post_vote(post=opening, user=member) is True
    opening.refresh_from_db()
    assert opening.score == 1 and user_reputation(owner) == 1
    assert services.post_vote(post=opening, user=member) is False
    opening.refresh_from_db()
    assert opening.score == 0
    with pytest.raises(ForumError):
        services.post_vote(post=opening, user=owner)


def test_only_the_discussion_author_accepts_a_reply(discussion, owner, member):
    reply = services.reply_create(discussion=discussion, author=member, body="answer")
    with pytest.raises(PermissionDenied):
        services.answer_accept(post=reply, user=member)
    with pytest.raises(ForumError):
        services.answer_accept(post=discussion.posts.get(is_opening=True), user=owner)
    assert services.answer_accept(post=reply, user=owner).accepted_post == reply
    assert services.answer_accept(post=reply, user=owner).accepted_post is None


def test_unread_markers_follow_activity(discussion, owner, member):
    def unread(user):
        return {d.id: d.unread for d in discussion_list(user)}[discussion.id]

    assert unread(owner) is False  # their own new discussion
    assert unread(member) is True
    services.discussion_mark_read(discussion=discussion, user=member)
    assert unread(member) is False
    services.reply_create(discussion=discussion, author=owner, body="bump")
    assert unread(member) is True
    services.discussions_mark_all_read(user=member)
    assert unread(member) is False


def test_sorting_and_tag_filters(owner, member):
    old_account(owner)
    first = services.discussion_create(author=owner, title="A", body="a", tags="alpha")
    second = services.discussion_create(author=owner, title="B", body="b", tags="beta")
    services.reply_create(discussion=first, author=member, body="activity")
    services.post_vote(post=second.posts.get(), user=member)
    assert [d.title for d in discussion_list(member, sort="active")] == ["A", "B"]
    assert [d.title for d in discussion_list(member, sort="newest")] == ["B", "A"]
    assert [d.title for d in discussion_list(member, sort="votes")] == ["B", "A"]
    assert [d.title for d in discussion_list(member, tags=["alpha"])] == ["A"]
    moderator_pin = owner
    moderator_pin.is_staff = True
    services.discussion_moderate(discussion=second, moderator=moderator_pin, action="pin")
    assert [d.title for d in discussion_list(member, sort="active")] == ["B", "A"]


def test_flags_and_moderation(discussion, owner, member, moderator):
    opening = discussion.posts.get()
    with pytest.raises(ForumError):
        services.post_flag(post=opening, user=owner, reason="self")
    services.post_flag(post=opening, user=member, reason="spam")
    with pytest.raises(PermissionDenied):
        services.post_set_hidden(post=opening, moderator=member, hidden=True)
    with pytest.raises(PermissionDenied):
        services.discussion_moderate(discussion=discussion, moderator=member, action="pin")
    services.post_set_hidden(post=opening, moderator=moderator, hidden=True)
    discussion.refresh_from_db()
    assert discussion.is_hidden
    assert Flag.objects.get().resolved is not None
    assert list(discussion_list(member)) == []
    assert list(discussion_list(moderator)) == [discussion]
    services.post_set_hidden(post=opening, moderator=moderator, hidden=False)
    assert list(discussion_list(member)) == [discussion]
    assert Post.objects.filter(is_hidden=True).count() == 0
