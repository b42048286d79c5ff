from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.forms import AdminUserAddForm, AdminUserForm
from accounts.models import Membership, Organization, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = AdminUserForm
    add_form = AdminUserAddForm
    ordering = ["email"]
    list_display = ["email", "display_name", "api_user_id", "is_staff", "date_joined"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["api_user_id", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "bio", "location", "avatar", "api_user_id"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "tier", "is_personal", "created"]
    list_filter = ["tier", "is_personal"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]
