from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from accounts.catalog import NODE_MODELS


def generate_api_user_id() -> int:
    """A random 6-digit id, like QuantConnect's user ids (the manager picks an unused one)."""
    return secrets.randbelow(900_000) + 100_000


def generate_api_token() -> str:
    return secrets.token_hex(32)


def avatar_upload_to(instance: User, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "img"
    return f"avatars/{instance.pk}/{secrets.token_hex(8)}.{extension}"


def organization_avatar_upload_to(instance: Organization, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "img"
    return f"organizations/{instance.pk}/{secrets.token_hex(8)}.{extension}"


def generate_invitation_token() -> str:
    return secrets.token_urlsafe(32)


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
    avatar = models.ImageField(upload_to=organization_avatar_upload_to, blank=True)
    # Billing details (QuantConnect's billing "Details": the name and address of the card).
    billing_name = models.CharField(max_length=120, blank=True)
    billing_address = models.TextField(max_length=500, blank=True)
    # QuantConnect's option "Automatically apply excess monthly QCC credit to my QuantConnect invoices".
    apply_credit_to_invoices = models.BooleanField(default=False)

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


class Invitation(models.Model):
    """An emailed invitation to join an organization; the link expires (INVITATION_DAYS)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(
        max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=generate_invitation_token)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.organization}"

    def is_pending(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class Node(models.Model):
    """A hardware node the organization subscribes to (models in accounts/catalog.py)."""

    class Kind(models.TextChoices):
        BACKTEST = "backtest", "Backtesting"
        RESEARCH = "research", "Research"
        LIVE = "live", "Live trading"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="nodes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    model = models.CharField(max_length=20)
    name = models.CharField(max_length=60)
    assigned_to = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_nodes"
    )
    # A running job the node is reserved for, e.g. "backtest:42" (free text: apps differ).
    assigned_job = models.CharField(max_length=60, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "created", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def spec(self):
        return NODE_MODELS[self.model]


class Subscription(models.Model):
    """What the organization pays for monthly: its tier (Organization.tier), seats (members),
    nodes (Node rows) and ObjectStore plan; plus the state of its payments."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAST_DUE = "past_due", "Past due"
        CANCELED = "canceled", "Canceled"

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="subscription"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    storage_bytes = models.BigIntegerField(default=50 * 1024 * 1024)
    period_start = models.DateField()
    # Pro-rated credit from nodes removed mid-period, applied to the next invoice.
    account_credit_cents = models.IntegerField(default=0)
    past_due_since = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Subscription of {self.organization}"


class PaymentMethod(models.Model):
    """The organization's card, as the payment backend knows it (never the card number)."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="payment_method"
    )
    backend = models.CharField(max_length=30)
    reference = models.CharField(max_length=100)
    brand = models.CharField(max_length=20)
    last4 = models.CharField(max_length=4)
    exp_month = models.PositiveSmallIntegerField()
    exp_year = models.PositiveSmallIntegerField()
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.brand} ending {self.last4}"


class Invoice(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PAID = "paid", "Paid"
        FAILED = "failed", "Payment failed"
        VOID = "void", "Void"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invoices"
    )
    number = models.CharField(max_length=30, unique=True)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    total_cents = models.IntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    payment_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period_start"], name="one_invoice_per_period"
            )
        ]

    def __str__(self) -> str:
        return self.number


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(max_length=200)
    quantity = models.IntegerField(default=1)
    unit_cents = models.IntegerField()
    amount_cents = models.IntegerField()

    class Meta:
        ordering = ["id"]


class CreditEntry(models.Model):
    """One line of an organization's QCC ledger. Rows are only ever added: the balance is the
    SUM of `amount` (accounts.selectors.credit_balance), never a stored field."""

    class Kind(models.TextChoices):
        PURCHASE = "purchase", "Purchase"
        SPEND = "spend", "Spending"
        REFUND = "refund", "Refund"
        INVOICE = "invoice", "Applied to invoice"
        GRANT = "grant", "Grant"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="credit_entries"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.BigIntegerField(help_text="QCC; positive adds, negative spends")
    reason = models.CharField(max_length=200)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    refund_of = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="refunded_by"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount=0), name="credit_amount_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.amount:+} QCC {self.reason}"
