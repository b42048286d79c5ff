"""Flags from readers and the moderators' actions: hide/unhide a post, lock and pin a discussion,
the queue of open flags. Only staff users moderate; everyone with an account may flag."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community import services
from community.forms import FlagForm
from community.models import Flag
from community.selectors import get_discussion_for_user, get_post_for_user, is_moderator
from community.services import ForumError
from community.views.forum import discussion_url


@login_required
@require_POST
def post_flag(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    form = FlagForm(request.POST)
    try:
        if not form.is_valid():
            raise ForumError("Say what is wrong with the post (at most 500 characters).")
        services.post_flag(post=post, user=request.user, reason=form.cleaned_data["reason"])
    except ForumError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Thank you: the moderators will look at this post.")
    return redirect(discussion_url(post.discussion_id, post.id))


@login_required
@require_POST
def post_moderate(request: HttpRequest, post_id: int) -> HttpResponse:
    if not is_moderator(request.user):
        raise PermissionDenied("Only moderators can do that.")
    post = get_post_for_user(request.user, post_id)
    action = request.POST.get("action")
    if action not in {"hide", "unhide"}:
        messages.error(request, "Unknown moderation action.")
    else:
        services.post_set_hidden(post=post, moderator=request.user, hidden=action == "hide")
    return redirect(discussion_url(post.discussion_id, post.id))


@login_required
@require_POST
def discussion_moderate(request: HttpRequest, discussion_id: int) -> HttpResponse:
    if not is_moderator(request.user):
        raise PermissionDenied("Only moderators can do that.")
    discussion = get_discussion_for_user(request.user, discussion_id)
    try:
        services.discussion_moderate(
            discussion=discussion, moderator=request.user, action=request.POST.get("action", "")
        )
    except ForumError as exc:
        messages.error(request, exc.message)
    return redirect(discussion_url(discussion.id))


@login_required
def flag_queue(request: HttpRequest) -> HttpResponse:
    if not is_moderator(request.user):
        raise PermissionDenied("Only moderators can do that.")
    flags = Flag.objects.filter(resolved=None).select_related(
        "post__discussion", "post__author", "user"
    )
    return render(request, "community/flag_queue.html", {"flags": flags})
