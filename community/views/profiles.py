"""Public profile pages and the profile privacy setting."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from community import services
from community.badges import BADGES
from community.models import Profile
from community.profiles import get_profile_user, profile_context, profile_settings
from community.rendering import render_markdown
from community.services import ForumError


class ProfileSettingsForm(forms.Form):
    visibility = forms.ChoiceField(
        choices=Profile.Visibility.choices,
        widget=forms.RadioSelect,
        label="Who can see my community profile",
    )
    show_backtests = forms.BooleanField(
        required=False, label="Show the backtests I shared in the forum on my profile"
    )


def profile_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_profile_user(request.user, user_id)
    context = profile_context(user)
    context["bio_html"] = render_markdown(user.bio) if user.bio else ""
    context["all_badges"] = BADGES
    return render(request, "community/profile_detail.html", context)


@login_required
def profile_privacy(request: HttpRequest) -> HttpResponse:
    current = profile_settings(request.user)
    form = ProfileSettingsForm(
        request.POST or None,
        initial={"visibility": current.visibility, "show_backtests": current.show_backtests},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(
                user=request.user,
                visibility=form.cleaned_data["visibility"],
                show_backtests=form.cleaned_data["show_backtests"],
            )
        except ForumError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Saved your profile settings.")
            return redirect("community:profile", request.user.id)
    return render(
        request,
        "community/profile_privacy.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
