"""Badges: clear milestones of forum activity, computed from the counts on a profile."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Badge:
    key: str
    name: str
    description: str
    stat: str  # the ProfileStats field it counts
    threshold: int


BADGES = (
    Badge("first-post", "First post", "Started a discussion or replied once.", "posts", 1),
    Badge("regular", "Regular", "Wrote 25 posts.", "posts", 25),
    Badge("helpful", "Helpful", "Had an answer accepted.", "accepted", 1),
    Badge("mentor", "Mentor", "Had 10 answers accepted.", "accepted", 10),
    Badge("liked", "Appreciated", "Received 10 upvotes.", "reputation", 10),
    Badge("respected", "Respected", "Received 100 upvotes.", "reputation", 100),
    Badge("sharer", "Open book", "Shared a backtest with the community.", "shared", 1),
)


@dataclass(frozen=True)
class ProfileStats:
    discussions: int
    answers: int
    accepted: int
    reputation: int
    shared: int

    @property
    def posts(self) -> int:
        return self.discussions + self.answers


def earned_badges(stats: ProfileStats) -> list[Badge]:
    return [b for b in BADGES if getattr(stats, b.stat) >= b.threshold]
