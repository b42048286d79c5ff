"""Restore brings back the backtest's parameters too; clone a backtest into a new project; a
public read-only share link, revocable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backtests.models import Backtest
from backtests.services import backtest_clone_project, backtest_restore
from projects.models import Project
from projects.services import file_save, parameter_delete, parameter_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(make_completed, make_project):
    project = make_project(name="Trend", parameters={"fast": "10", "slow": "30"})
    return make_completed(project, name="Energetic Orange Lion")


def test_restore_brings_back_the_parameters(completed):
    project = completed.project
    parameter_set(project=project, name="fast", value="99", old_name="fast")
    parameter_delete(project=project, name="slow")
    parameter_set(project=project, name="added", value="1")
    file_save(project=project, name="main.py", content="# changed\n", base_revision=None)
    backtest_restore(backtest=completed)
    project.refresh_from_db()
    assert project.parameters_dict() == {"fast": "10", "slow": "30"}
    assert project.files.get(name="main.py").content == completed.snapshot["files"]["main.py"]


def test_the_restore_button_says_the_parameters_came_back(owner_client, completed):
    project = completed.project
    parameter_set(project=project, name="fast", value="99", old_name="fast")
    response = owner_client.post(reverse("backtests:restore", args=[completed.pk]), follow=True)
    assert "Restored the code and parameters of" in response.content.decode()
    project.refresh_from_db()
    assert project.parameters_dict() == {"fast": "10", "slow": "30"}


def test_clone_into_a_new_project_has_the_code_and_parameters(completed, member):
    clone = backtest_clone_project(backtest=completed, user=member)
    assert clone.pk != completed.project_id
    assert clone.organization == completed.organization and clone.owner == member
    assert clone.name == "Trend - Energetic Orange Lion"
    assert dict(clone.files.values_list("name", "content")) == completed.snapshot["files"]
    assert clone.parameters_dict() == {"fast": "10", "slow": "30"}


def test_the_clone_button_opens_the_new_project(owner_client, completed):
    response = owner_client.post(reverse("backtests:clone", args=[completed.pk]))
    clone = Project.objects.exclude(pk=completed.project_id).get()
    assert response.status_code == 302 and response.url == reverse(
        "projects:detail", args=[clone.pk]
    )
    page = owner_client.get(reverse("backtests:detail", args=[completed.pk])).content.decode()
    assert 'id="clone-button"' in page and 'id="share-button"' in page


def test_share_link_is_public_read_only_and_revocable(owner_client, client, completed):
    share = reverse("backtests:share", args=[completed.pk])
    assert "Create a share link" in owner_client.get(share).content.decode()
    assert owner_client.post(share).status_code == 302
    completed.refresh_from_db()
    token = completed.share_token
    assert token and len(token) >= 32
    public = reverse("backtests:shared", args=[token])
    assert public in owner_client.get(share).content.decode()

    page = client.get(public)  # anonymous
    assert page.status_code == 200
    text = page.content.decode()
    assert "Energetic Orange Lion" in text and 'id="report-statistics"' in text
    assert completed.snapshot["files"]["main.py"] not in text  # no code
    assert "no description yet" not in text
    assert page["X-Robots-Tag"] == "noindex"

    owner_client.post(share)  # sharing again keeps the link
    completed.refresh_from_db()
    assert completed.share_token == token

    owner_client.post(share, {"action": "revoke"})
    assert client.get(public).status_code == 404
    assert Backtest.objects.get(pk=completed.pk).share_token is None
    assert client.get(reverse("backtests:shared", args=["nope"])).status_code == 404


def test_a_read_only_collaborator_cannot_share(completed, member, member_client):
    from projects.services import collaborator_set

    collaborator_set(project=completed.project, user=member, access="read")
    share = reverse("backtests:share", args=[completed.pk])
    assert member_client.get(share).status_code == 200
    member_client.post(share)
    assert Backtest.objects.get(pk=completed.pk).share_token is None
