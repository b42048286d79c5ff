from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.views import billing as billing_views
from accounts.views import organizations as org_views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("api-token/", views.api_token_regenerate, name="api_token_regenerate"),
    path("email/confirm/<str:token>/", views.email_change_confirm, name="email_change_confirm"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("organizations/switch/", views.organization_switch, name="organization_switch"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organization/", org_views.organization_current, name="organization_current"),
    path(
        "organizations/<int:organization_id>/",
        org_views.organization_home,
        name="organization_home",
    ),
    path(
        "organizations/<int:organization_id>/rename/",
        org_views.organization_rename,
        name="organization_rename",
    ),
    path(
        "organizations/<int:organization_id>/avatar/",
        org_views.organization_avatar,
        name="organization_avatar",
    ),
    path(
        "organizations/<int:organization_id>/tier/",
        org_views.organization_tier,
        name="organization_tier",
    ),
    path(
        "organizations/<int:organization_id>/delete/",
        org_views.organization_delete,
        name="organization_delete",
    ),
    path(
        "organizations/<int:organization_id>/leave/",
        org_views.organization_leave,
        name="organization_leave",
    ),
    path(
        "organizations/<int:organization_id>/transfer/",
        org_views.organization_transfer,
        name="organization_transfer",
    ),
    path(
        "organizations/<int:organization_id>/members/",
        org_views.organization_members,
        name="organization_members",
    ),
    path(
        "organizations/<int:organization_id>/members/<int:membership_id>/remove/",
        org_views.member_remove,
        name="member_remove",
    ),
    path(
        "organizations/<int:organization_id>/members/<int:membership_id>/role/",
        org_views.member_role,
        name="member_role",
    ),
    path(
        "organizations/<int:organization_id>/invitations/<int:invitation_id>/revoke/",
        org_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", org_views.invitation_accept, name="invitation_accept"),
    path(
        "organizations/<int:organization_id>/resources/",
        org_views.organization_resources,
        name="organization_resources",
    ),
    path("organizations/<int:organization_id>/nodes/add/", org_views.node_add, name="node_add"),
    path(
        "organizations/<int:organization_id>/nodes/<int:node_id>/remove/",
        org_views.node_remove,
        name="node_remove",
    ),
    path(
        "organizations/<int:organization_id>/nodes/<int:node_id>/assign/",
        org_views.node_assign,
        name="node_assign",
    ),
    path(
        "organizations/<int:organization_id>/nodes/<int:node_id>/rename/",
        org_views.node_rename,
        name="node_rename",
    ),
    path(
        "organizations/<int:organization_id>/storage/",
        billing_views.storage_change,
        name="storage_change",
    ),
    path(
        "organizations/<int:organization_id>/billing/", billing_views.billing_detail, name="billing"
    ),
    path(
        "organizations/<int:organization_id>/billing/card/remove/",
        billing_views.card_remove,
        name="card_remove",
    ),
    path(
        "organizations/<int:organization_id>/billing/credit/",
        billing_views.credit_purchase,
        name="credit_purchase",
    ),
    path(
        "organizations/<int:organization_id>/invoices/<int:invoice_id>/",
        billing_views.invoice_detail,
        name="invoice_detail",
    ),
    path(
        "organizations/<int:organization_id>/invoices/<int:invoice_id>/pdf/",
        billing_views.invoice_pdf,
        name="invoice_pdf",
    ),
]
