from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AdminUserCreationForm, AuthenticationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image

from accounts import ratelimit
from accounts.models import Organization, User

AVATAR_FORMATS = {"GIF": "gif", "JPEG": "jpg", "PNG": "png"}


class SignupForm(forms.Form):
    email = forms.EmailField(
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    display_name = forms.CharField(
        max_length=80, required=False, help_text="Shown to other members. Optional."
    )
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError("An account with this email already exists. Log in instead.")
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        password = cleaned.get("password")
        if password and cleaned.get("email"):
            candidate = User(email=cleaned["email"], display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(AuthenticationForm):
    """Email + password, with failed attempts limited per email and IP (accounts/ratelimit.py)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Incorrect email or password.",
        "rate_limited": "Too many failed login attempts. Please wait 15 minutes and try again, "
        "or reset your password.",
    }

    def __init__(self, request=None, *args, **kwargs) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True}
        )

    def clean(self) -> dict:
        email = (self.cleaned_data.get("username") or "").strip().lower()
        ip = ratelimit.client_ip(self.request) if self.request else "unknown"
        if email and ratelimit.login_blocked(email, ip):
            minutes = settings.LOGIN_RATE_WINDOW // 60
            raise ValidationError(
                self.error_messages["rate_limited"].replace("15 minutes", f"{minutes} minutes"),
                code="rate_limited",
            )
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if email and error.code == "invalid_login":
                ratelimit.login_failed(email, ip)
            raise
        if email:
            ratelimit.login_succeeded(email, ip)
        return cleaned


class ProfileForm(forms.Form):
    display_name = forms.CharField(max_length=80, required=False)
    location = forms.CharField(max_length=120, required=False)
    bio = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 5}))
    avatar = forms.FileField(
        required=False,
        help_text="GIF, JPG or PNG, less than 1 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/gif,image/jpeg,image/png"}),
    )

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        limit = settings.AVATAR_MAX_BYTES
        if upload.size >= limit:
            raise ValidationError(
                f"The image is {filesizeformat(upload.size)}; it must be less than {filesizeformat(limit)}."
            )
        try:
            with Image.open(upload) as image:
                image_format = image.format
                image.verify()
        except Exception:
            raise ValidationError(
                "This file is not an image. Upload a GIF, JPG or PNG file."
            ) from None
        if image_format not in AVATAR_FORMATS:
            raise ValidationError(
                f"{image_format} images are not supported. Upload a GIF, JPG or PNG file."
            )
        upload.seek(0)
        stem = upload.name.rsplit(".", 1)[0] if "." in upload.name else upload.name
        upload.name = f"{stem}.{AVATAR_FORMATS[image_format]}"
        return upload


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(label="New email")
    password = forms.CharField(
        label="Current password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_new_email(self) -> str:
        email = self.cleaned_data["new_email"].strip().lower()
        if email == self.user.email:
            raise ValidationError("This is already your email address.")
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError("Another account already uses this email address.")
        return email

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("The password is not correct.")
        return password


class OrganizationForm(forms.Form):
    name = forms.CharField(max_length=100, label="Organization name")

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if Organization.objects.filter(name__iexact=name).exists():
            raise ValidationError("An organization with this name already exists.")
        return name


class AdminUserAddForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class AdminUserForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


def validate_image_upload(upload):
    """Shared by user and organization images: GIF/JPG/PNG under AVATAR_MAX_BYTES (1 MB)."""
    form = ProfileForm()
    form.cleaned_data = {"avatar": upload}
    return form.clean_avatar()


class OrganizationRenameForm(forms.Form):
    name = forms.CharField(max_length=100, label="Organization name")


class OrganizationAvatarForm(forms.Form):
    avatar = forms.FileField(
        label="Organization image",
        help_text="GIF, JPG or PNG, less than 1 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/gif,image/jpeg,image/png"}),
    )

    def clean_avatar(self):
        return validate_image_upload(self.cleaned_data.get("avatar"))


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Email of the new member")
    role = forms.ChoiceField(
        choices=[("member", "Member"), ("admin", "Administrator")], initial="member"
    )


class CardForm(forms.Form):
    name = forms.CharField(max_length=120, label="Name on card", required=False)
    number = forms.CharField(
        max_length=23,
        label="Card number",
        widget=forms.TextInput(attrs={"autocomplete": "cc-number", "inputmode": "numeric"}),
    )
    exp_month = forms.IntegerField(min_value=1, max_value=12, label="Expiry month")
    exp_year = forms.IntegerField(min_value=2000, max_value=2100, label="Expiry year")
    cvc = forms.CharField(
        max_length=4, label="CVC", widget=forms.TextInput(attrs={"autocomplete": "cc-csc"})
    )


class BillingDetailsForm(forms.Form):
    name = forms.CharField(max_length=120, required=False, label="Billing name")
    address = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    apply_credit = forms.BooleanField(
        required=False,
        label="Automatically apply excess monthly QCC credit to my invoices",
    )


class DeleteOrganizationForm(forms.Form):
    confirm_name = forms.CharField(label="Type the organization's name to confirm")
