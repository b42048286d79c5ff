"""Forum pages: the discussion list, a discussion, starting one, replying, editing and deleting
own posts, votes, accepted answers, following, read markers, the code of conduct. Reading is
open to everyone; writing needs an account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.selectors import current_organization
from community import services, sharing
from community.forms import BacktestChoiceForm, DiscussionForm, PostEditForm, ReplyForm
from community.models import Tag
from community.selectors import (
    PAGE_SIZE,
    SORTS,
    discussion_list,
    discussion_posts,
    get_discussion_for_user,
    get_post_for_user,
    get_shared_backtest_for_user,
    is_following,
    is_moderator,
)
from community.services import ForumError
from community.sharing import ShareError, attachable_backtests


def backtest_choice(request: HttpRequest) -> BacktestChoiceForm:
    backtests = attachable_backtests(request.user, current_organization(request))
    data = request.POST if request.method == "POST" else None
    return BacktestChoiceForm(data, backtests=backtests, prefix="attach")


def chosen_backtest(choice: BacktestChoiceForm) -> int | None:
    """The picked backtest id; an id that is not among the choices is refused by the service."""
    raw = choice.data.get(choice.add_prefix("backtest")) if choice.is_bound else None
    return int(raw) if raw and str(raw).isdigit() else None


def discussion_url(discussion_id: int, post_id: int | None = None) -> str:
    url = reverse("community:discussion", args=[discussion_id])
    return f"{url}#post-{post_id}" if post_id else url


def forum(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:200]
    default = "relevance" if search else "active"
    sort = request.GET.get("sort") or default
    sort = sort if sort in SORTS or (search and sort == "relevance") else default
    tags = [t for t in request.GET.getlist("tag") if t][:5]
    discussions = discussion_list(request.user, sort=sort, tags=tags, search=search)
    page = Paginator(discussions, PAGE_SIZE).get_page(request.GET.get("page"))
    sorts = [("active", "Most active"), ("newest", "Newest"), ("votes", "Most votes")]
    return render(
        request,
        "community/forum_list.html",
        {
            "page": page,
            "sort": sort,
            "sorts": [("relevance", "Best match"), *sorts] if search else sorts,
            "search": search,
            # The query string of the search and tag filters, kept by the sort and page links.
            "filters": urlencode([("q", search)] * bool(search) + [("tag", t) for t in tags]),
            "search_only": urlencode([("q", search)] * bool(search)),
            "selected_tags": tags,
            "all_tags": Tag.objects.filter(discussions__is_hidden=False).distinct()[:60],
        },
    )


@login_required
def discussion_create(request: HttpRequest) -> HttpResponse:
    form = DiscussionForm(request.POST or None)
    choice = backtest_choice(request)
    if request.method == "POST" and form.is_valid():
        try:
            discussion = services.discussion_create(
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                tags=form.cleaned_data["tags"],
                base_url=request.build_absolute_uri("/"),
                backtest_id=chosen_backtest(choice),
            )
        except ForumError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(discussion_url(discussion.id))
    return render(
        request,
        "community/discussion_create.html",
        {"form": form, "choice": choice},
        status=400 if form.errors else 200,
    )


def discussion_detail(request: HttpRequest, discussion_id: int) -> HttpResponse:
    discussion = get_discussion_for_user(request.user, discussion_id)
    posts = discussion_posts(request.user, discussion)
    if request.user.is_authenticated:
        services.discussion_mark_read(discussion=discussion, user=request.user)
    return render(
        request,
        "community/discussion_detail.html",
        {
            "discussion": discussion,
            "opening": posts[0] if posts and posts[0].is_opening else None,
            "replies": [p for p in posts if not p.is_opening],
            "following": is_following(request.user, discussion),
            "moderator": is_moderator(request.user),
            "reply_form": ReplyForm(),
            "choice": backtest_choice(request) if request.user.is_authenticated else None,
            "has_backtests": any(p.shared_backtest_id for p in posts),
        },
    )


@login_required
@require_POST
def reply_create(request: HttpRequest, discussion_id: int) -> HttpResponse:
    discussion = get_discussion_for_user(request.user, discussion_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write a reply first (at most 50,000 characters).")
        return redirect(discussion_url(discussion.id))
    try:
        post = services.reply_create(
            discussion=discussion,
            author=request.user,
            body=form.cleaned_data["body"],
            base_url=request.build_absolute_uri("/"),
            backtest_id=chosen_backtest(backtest_choice(request)),
        )
    except ForumError as exc:
        messages.error(request, exc.message)
        return redirect(discussion_url(discussion.id))
    return redirect(discussion_url(discussion.id, post.id))


@login_required
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    services.check_author(post, request.user)
    initial = {"body": post.body, "title": post.discussion.title if post.is_opening else ""}
    form = PostEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                post=post,
                user=request.user,
                body=form.cleaned_data["body"],
                title=form.cleaned_data["title"] if post.is_opening else None,
            )
        except ForumError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(discussion_url(post.discussion_id, post.id))
    return render(
        request,
        "community/post_edit.html",
        {"form": form, "post": post},
        status=400 if form.errors else 200,
    )


def post_history(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    return render(
        request,
        "community/post_history.html",
        {"post": post, "revisions": post.revisions.select_related("editor")},
    )


@login_required
@require_POST
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    try:
        services.post_delete(post=post, user=request.user)
    except ForumError as exc:
        messages.error(request, exc.message)
    if post.is_opening:
        messages.success(request, "Your discussion was deleted.")
        return redirect("community:forum")
    return redirect(discussion_url(post.discussion_id))


@login_required
@require_POST
def post_vote(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    try:
        services.post_vote(post=post, user=request.user)
    except ForumError as exc:
        messages.error(request, exc.message)
    return redirect(discussion_url(post.discussion_id, post.id))


@login_required
@require_POST
def post_accept(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    try:
        services.answer_accept(post=post, user=request.user)
    except ForumError as exc:
        messages.error(request, exc.message)
    return redirect(discussion_url(post.discussion_id, post.id))


@login_required
@require_POST
def discussion_follow(request: HttpRequest, discussion_id: int) -> HttpResponse:
    discussion = get_discussion_for_user(request.user, discussion_id)
    following = services.discussion_follow(discussion=discussion, user=request.user)
    messages.success(
        request,
        "You follow this discussion: replies reach you here and by email."
        if following
        else "You no longer follow this discussion.",
    )
    return redirect(discussion_url(discussion.id))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.discussions_mark_all_read(user=request.user)
    return redirect("community:forum")


@login_required
@require_POST
def shared_backtest_clone(request: HttpRequest, shared_id: int) -> HttpResponse:
    """Clone an attached backtest's code into a new project of the reader's current organization."""
    shared = get_shared_backtest_for_user(request.user, shared_id)
    organization = current_organization(request)
    if organization is None:
        messages.error(request, "Create or join an organization first.")
        return redirect("accounts:organization_create")
    try:
        project = sharing.shared_backtest_clone(
            shared=shared, user=request.user, organization=organization
        )
    except ShareError as exc:
        messages.error(request, exc.message)
        post = shared.posts.order_by("id").first()
        return redirect(discussion_url(post.discussion_id, post.id) if post else "community:forum")
    messages.success(request, f"Cloned into the project {project.name}.")
    return redirect("projects:detail", project.id)


def code_of_conduct(request: HttpRequest) -> HttpResponse:
    return render(request, "community/code_of_conduct.html")
