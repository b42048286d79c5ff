"""Public profiles: who may see a user's profile, their forum activity, reputation, badges and
shared backtests, and the privacy setting."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.http import Http404

from accounts.models import User
from community.badges import ProfileStats, earned_badges
from community.models import Discussion, Post, Profile, SharedBacktest
from community.selectors import is_moderator


def profile_settings(user: User) -> Profile:
    """The user's settings (an unsaved default row when they never changed them)."""
    return Profile.objects.filter(user=user).first() or Profile(user=user)


def get_profile_user(viewer, user_id: int | str) -> User:
    """The user whose profile `viewer` may see, else Http404 (private profiles, profiles for
    logged-in users only, inactive accounts)."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        raise Http404("No such profile") from None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404("No such profile")
    if viewer.is_authenticated and (viewer.id == user.id or is_moderator(viewer)):
        return user
    visibility = profile_settings(user).visibility
    if visibility == Profile.Visibility.PRIVATE:
        raise Http404("No such profile")
    if visibility == Profile.Visibility.MEMBERS and not viewer.is_authenticated:
        raise Http404("No such profile")
    return user


def visible_posts(user: User):
    return Post.objects.filter(
        author=user, deleted=None, is_hidden=False, discussion__is_hidden=False
    )


def profile_stats(user: User) -> ProfileStats:
    posts = visible_posts(user)
    counts = posts.aggregate(
        discussions=Count("id", filter=Q(is_opening=True)),
        total=Count("id"),
        reputation=Sum("score", default=0),
    )
    total = counts["total"]
    discussions = int(counts["discussions"] or 0)
    accepted = Discussion.objects.filter(
        accepted_post__in=posts.filter(is_opening=False), is_hidden=False
    ).count()
    return ProfileStats(
        discussions=discussions,
        answers=total - discussions,
        accepted=accepted,
        reputation=int(counts["reputation"] or 0),
        shared=shared_backtests(user).count(),
    )


def shared_backtests(user: User):
    """Backtests the user attached to their visible posts."""
    return SharedBacktest.objects.filter(
        Q(posts__in=visible_posts(user)), shared_by=user
    ).distinct()


def profile_context(user: User) -> dict:
    stats = profile_stats(user)
    settings_ = profile_settings(user)
    posts = visible_posts(user).select_related("discussion").order_by("-created")
    return {
        "profile_user": user,
        "stats": stats,
        "badges": earned_badges(stats),
        "recent_discussions": [p.discussion for p in posts.filter(is_opening=True)[:10]],
        "recent_answers": list(posts.filter(is_opening=False)[:10]),
        "shared": list(shared_backtests(user)[:10]) if settings_.show_backtests else [],
        "settings": settings_,
    }
