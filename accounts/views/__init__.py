from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import EmailChangeForm, LoginForm, OrganizationForm, ProfileForm, SignupForm
from accounts.selectors import get_organization_for_user


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_signup(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            display_name=form.cleaned_data["display_name"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to qcweb! Your personal organization is ready.")
        return redirect("dashboard")
    return render(request, "accounts/user_signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/user_login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        messages.success(self.request, "Your password was changed.")
        return super().form_valid(form)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Account settings: email, password, API credentials, organizations."""
    email_form = EmailChangeForm(request.user, request.POST or None)
    if request.method == "POST" and email_form.is_valid():
        services.user_request_email_change(
            request=request, user=request.user, new_email=email_form.cleaned_data["new_email"]
        )
        messages.info(
            request,
            f"We sent a confirmation link to {email_form.cleaned_data['new_email']}. "
            "Your email changes when you open it.",
        )
        return redirect("accounts:account")
    memberships = request.user.memberships.select_related("organization")
    return render(
        request,
        "accounts/account_detail.html",
        {"email_form": email_form, "memberships": memberships},
    )


@login_required
@require_POST
def api_token_regenerate(request: HttpRequest) -> HttpResponse:
    services.user_regenerate_api_token(user=request.user)
    if request.htmx:
        return render(
            request, "accounts/account_detail.html#api-credentials", {"regenerated": True}
        )
    messages.success(request, "A new API token was generated; the old one no longer works.")
    return redirect("accounts:account")


@login_required
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email = services.user_confirm_email_change(user=request.user, token=token)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Your email is now {email}.")
    return redirect("accounts:account")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {"display_name": user.display_name, "bio": user.bio, "location": user.location}
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            user=user,
            display_name=form.cleaned_data["display_name"],
            bio=form.cleaned_data["bio"],
            location=form.cleaned_data["location"],
            avatar=form.cleaned_data["avatar"],
        )
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
@require_POST
def organization_switch(request: HttpRequest) -> HttpResponse:
    organization = get_organization_for_user(request.user, request.POST.get("organization_id"))
    services.organization_switch(request=request, organization=organization)
    messages.success(request, f"Connected as {organization.name}.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "dashboard"
    return redirect(next_url)


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = services.organization_create(
            name=form.cleaned_data["name"], owner=request.user
        )
        services.organization_switch(request=request, organization=organization)
        messages.success(request, f"Created {organization.name}. You are connected to it.")
        return redirect("dashboard")
    return render(request, "accounts/organization_create.html", {"form": form})
