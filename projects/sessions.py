"""Coding sessions: a project open in the IDE uses one. QuantConnect's coding session quotas: a
Free account has one session at a time across all its Free organizations; in a paid organization
each member has the tier's quota (Quant Researcher 2, Team 4, Trading Firm 8, Institution 16),
raised to the organization's live node count so every live strategy can be watched."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.limits import TIER_LABELS, limit_for, upgrade_hint
from accounts.models import Organization, User
from accounts.selectors import node_counts
from projects.models import CodingSession, Project

# The IDE page pings its session every 30 seconds; a session unseen this long is closed (the tab
# was closed or the computer slept).
CODING_SESSION_IDLE = timedelta(minutes=2)
PING_SECONDS = 30


class CodingSessionLimit(Exception):
    """Opening one more project would pass the quota; `.sessions` are the ones open."""

    def __init__(self, message: str, sessions: list[CodingSession]) -> None:
        super().__init__(message)
        self.message = message
        self.sessions = sessions


def coding_session_quota(organization: Organization) -> int | None:
    """How many sessions a member may have open in the organization (None = no limit)."""
    quota = limit_for(organization, "coding_sessions")
    if quota is None or organization.tier == Organization.Tier.FREE:
        return quota
    return max(quota, node_counts(organization)["live"])


def open_sessions(user: User, organization: Organization) -> list[CodingSession]:
    """The user's live sessions that count against the organization's quota: in every Free
    organization for a Free one (the quota is global), else in this organization only."""
    since = timezone.now() - CODING_SESSION_IDLE
    sessions = CodingSession.objects.filter(user=user, last_seen__gte=since)
    if organization.tier == Organization.Tier.FREE:
        sessions = sessions.filter(organization__tier=Organization.Tier.FREE)
    else:
        sessions = sessions.filter(organization=organization)
    return list(sessions.select_related("project").order_by("opened"))


def coding_session_open(*, user: User, project: Project) -> CodingSession:
    """Open (or keep open) the user's session of the project; refused past the quota."""
    organization = project.organization
    now = timezone.now()
    with transaction.atomic():
        session = (
            CodingSession.objects.select_for_update().filter(user=user, project=project).first()
        )
        if session is not None and session.last_seen >= now - CODING_SESSION_IDLE:
            session.last_seen = now
            session.save(update_fields=["last_seen"])
            return session
        quota = coding_session_quota(organization)
        others = [s for s in open_sessions(user, organization) if s.project_id != project.pk]
        if quota is not None and len(others) >= quota:
            raise CodingSessionLimit(limit_message(organization, quota), others)
        if session is None:
            return CodingSession.objects.create(
                user=user, project=project, organization=organization, last_seen=now
            )
        session.opened = now
        session.last_seen = now
        session.save(update_fields=["opened", "last_seen"])
        return session


def limit_message(organization: Organization, quota: int) -> str:
    tier = TIER_LABELS[organization.tier]
    where = (
        "across your Free organizations"
        if organization.tier == Organization.Tier.FREE
        else f"in {organization.name}"
    )
    text = (
        f"The {tier} tier allows {quota} open coding session{'s' if quota != 1 else ''} {where}: "
        "close a project you have open to open this one."
    )
    hint = upgrade_hint(organization, "coding_sessions", "more coding sessions")
    return f"{text} {hint}" if hint else text


def coding_session_ping(*, user: User, project: Project) -> bool:
    """Keep the session alive; False when it was closed (from another tab, or it expired)."""
    since = timezone.now() - CODING_SESSION_IDLE
    return bool(
        CodingSession.objects.filter(user=user, project=project, last_seen__gte=since).update(
            last_seen=timezone.now()
        )
    )


def coding_session_close(*, user: User, session_id: int) -> None:
    CodingSession.objects.filter(user=user, pk=session_id).delete()
