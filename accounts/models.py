from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.text import slugify


def generate_api_user_id() -> int:
    """A random 6-digit id, like QuantConnect's user ids (the manager picks an unused one)."""
    return secrets.randbelow(900_000) + 100_000


def generate_api_token() -> str:
    return secrets.token_hex(32)


def avatar_upload_to(instance: User, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "img"
    return f"avatars/{instance.pk}/{secrets.token_hex(8)}.{extension}"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)

    def unused_api_user_id(self) -> int:
        while True:
            candidate = generate_api_user_id()
            if not self.filter(api_user_id=candidate).exists():
                return candidate

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An email address is required")
        extra_fields.setdefault("api_user_id", self.unused_api_user_id())
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person. Logs in with email; owns an API user id and token for the REST API."""

    username = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=80, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    location = models.CharField(max_length=120, blank=True)
    avatar = models.ImageField(upload_to=avatar_upload_to, blank=True)
    api_user_id = models.PositiveIntegerField(
        unique=True, default=generate_api_user_id, editable=False
    )
    api_token = models.CharField(max_length=64, default=generate_api_token, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self) -> str:
        return self.email

    @property
    def name(self) -> str:
        """What to show for this person: the display name, else the email's local part."""
        return self.display_name or self.email.split("@", 1)[0]


class Organization(models.Model):
    """A group of members sharing resources (nodes, projects); see accounts/limits.py."""

    class Tier(models.TextChoices):
        FREE = "free", "Free"
        RESEARCHER = "researcher", "Quant Researcher"
        TEAM = "team", "Team"
        TRADING_FIRM = "trading_firm", "Trading Firm"
        INSTITUTION = "institution", "Institution"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, unique=True)
    tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.FREE)
    is_personal = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(User, through="Membership", related_name="organizations")

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def unique_slug(name: str) -> str:
        base = slugify(name)[:100] or "organization"
        slug = base
        while Organization.objects.filter(slug=slug).exists():
            slug = f"{base}-{secrets.token_hex(3)}"
        return slug


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        ADMIN = "admin", "Admin"
        MEMBER = "member", "Member"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="unique_membership"),
        ]
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} ({self.role})"

    @property
    def is_admin(self) -> bool:
        return self.role in {self.Role.OWNER, self.Role.ADMIN}
