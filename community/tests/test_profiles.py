from __future__ import annotations

import pytest
from django.urls import reverse

from community import services
from community.badges import ProfileStats, earned_badges
from community.models import Profile
from community.profiles import profile_stats

pytestmark = pytest.mark.django_db


def profile_url(user):
    return reverse("community:profile", args=[user.id])


@pytest.fixture
def active_member(member, owner, discussion, make_completed_backtest, organization):
    """`member` answered `discussion` (accepted, upvoted by the owner) with a shared backtest."""
    backtest = make_completed_backtest(user=member, name="Member run")
    reply = services.reply_create(
        discussion=discussion, author=member, body="Use warm-up.", backtest_id=backtest.id
    )
    services.answer_accept(post=reply, user=owner)
    services.post_vote(post=reply, user=owner)
    return member


def test_stats_and_badges(active_member):
    stats = profile_stats(active_member)
    assert stats == ProfileStats(discussions=0, answers=1, accepted=1, reputation=1, shared=1)
    assert [b.key for b in earned_badges(stats)] == ["first-post", "helpful", "sharer"]


def test_hidden_posts_do_not_count(active_member, moderator):
    reply = active_member.forum_posts.get()
    services.post_set_hidden(post=reply, moderator=moderator, hidden=True)
    assert profile_stats(active_member) == ProfileStats(0, 0, 0, 0, 0)


def test_the_public_profile_page(client, active_member):
    active_member.bio = "Quant. <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> <svg onload=alert(1)>"
    active_member.location = "<b>Lisbon</b>"
    active_member.save()
    page = client.get(profile_url(active_member)).content.decode()
    assert "Max Member" in page and "&lt;b&gt;Lisbon&lt;/b&gt;" in page
    assert "<script>alert" not in page and "onerror" not in page and "<svg" not in page
    assert 'href="javascript' not in page
    assert 'id="reputation">1<' in page and "Helpful" in page
    assert 'id="shared-backtests"' in page and "Member run" in page


def test_privacy_settings(client, member_client, owner_client, moderator_client, active_member):
    url = profile_url(active_member)
    member_client.post(
        reverse("community:profile_privacy"), {"visibility": "members", "show_backtests": ""}
    )
    assert Profile.objects.get(user=active_member).visibility == "members"
    assert client.get(url).status_code == 404
    page = owner_client.get(url).content.decode()
    assert "Max Member" in page and 'id="shared-backtests"' not in page
    member_client.post(reverse("community:profile_privacy"), {"visibility": "private"})
    assert owner_client.get(url).status_code == 404
    assert member_client.get(url).status_code == 200  # always visible to oneself
    assert moderator_client.get(url).status_code == 200


def test_privacy_page_needs_login_and_a_valid_choice(client, member_client, member):
    assert "/accounts/login/" in client.get(reverse("community:profile_privacy")).url
    assert "/accounts/login/" in client.post(reverse("community:profile_privacy")).url
    response = member_client.post(reverse("community:profile_privacy"), {"visibility": "world"})
    assert response.status_code == 400
    assert not Profile.objects.filter(user=member).exists()


def test_unknown_and_inactive_profiles_are_404(client, member):
    assert client.get(reverse("community:profile", args=[999999])).status_code == 404
    member.is_active = False
    member.save()
    assert client.get(profile_url(member)).status_code == 404


def test_badge_thresholds():
    stats = ProfileStats(discussions=20, answers=5, accepted=10, reputation=100, shared=0)
    assert [b.key for b in earned_badges(stats)] == [
        "first-post",
        "regular",
        "helpful",
        "mentor",
        "liked",
        "respected",
    ]
