from __future__ import annotations

import pytest

from projects.models import Collaborator
from projects.services import collaborator_set, project_create


@pytest.fixture
def project(organization, owner):
    """An SMA-crossover project of `organization` owned by `owner`."""
    return project_create(
        organization=organization, owner=owner, name="Trend", template="sma_crossover"
    )


@pytest.fixture
def reader(member, project):
    """`member` as a read-only collaborator of `project`."""
    collaborator_set(project=project, user=member, access=Collaborator.Access.READ)
    return member


@pytest.fixture
def writer(member, project):
    """`member` as a write collaborator of `project`."""
    collaborator_set(project=project, user=member, access=Collaborator.Access.WRITE)
    return member
