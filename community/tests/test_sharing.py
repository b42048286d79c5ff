from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.selectors import personal_organization
from backtests.models import Backtest
from community import services
from community.models import Post, SharedBacktest
from community.services import ForumError
from community.sharing import attachable_backtests
from projects.models import Project
from projects.services import file_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def backtest(make_completed_backtest):
    return make_completed_backtest()


def test_attaching_freezes_the_results_and_the_code(backtest, owner):
    discussion = services.discussion_create(
        author=owner, title="My SMA", body="Results below", backtest_id=backtest.id
    )
    shared = discussion.posts.get().shared_backtest
    assert shared.name == "Shared SMA" and shared.project_name == "Project Shared SMA"
    assert [(s["label"], s["value"]) for s in shared.statistics][:2] == [
        ("Net Profit", "12.5%"),
        ("Drawdown", "4.1%"),
    ]
    assert shared.equity["data"][0]["y"] == [100000, 100500, 112500]
    assert "class Shared(QCAlgorithm)" in shared.files["main.py"]
    assert shared.parameters == {"fast": "30"}


def test_later_edits_of_the_project_do_not_change_what_is_cloned(
    backtest, owner, outsider, outsider_client
):
    discussion = services.discussion_create(
        author=owner, title="t", body="b", backtest_id=backtest.id
    )
    file_save(
        project=backtest.project, name="main.py", content="# edited later\n", base_revision=None
    )
    Backtest.objects.filter(pk=backtest.pk).delete()
    shared = SharedBacktest.objects.get()
    response = outsider_client.post(reverse("community:clone", args=[shared.id]))
    clone = Project.objects.get(owner=outsider)
    assert response.url == reverse("projects:detail", args=[clone.id])
    assert clone.organization == personal_organization(outsider)
    assert clone.name == "Project Shared SMA from forum"
    assert "class Shared(QCAlgorithm)" in clone.files.get(name="main.py").content
    assert clone.parameters_dict() == {"fast": "30"}
    page = outsider_client.get(reverse("community:discussion", args=[discussion.id]))
    assert b'data-testid="backtest-card"' in page.content


def test_another_organizations_backtest_cannot_be_attached(
    make_completed_backtest, outsider, owner
):
    foreign = make_completed_backtest(
        user=outsider, org=personal_organization(outsider), name="Not yours"
    )
    with pytest.raises(ForumError, match="completed backtest of your own organization"):
        services.discussion_create(
            author=owner,
            title="t",
            body="b",
            backtest_id=foreign.id,
        )
    assert not Post.objects.exists() and not SharedBacktest.objects.exists()


def test_an_unfinished_backtest_cannot_be_attached(backtest, owner):
    Backtest.objects.filter(pk=backtest.pk).update(status=Backtest.Status.RUNNING)
    with pytest.raises(ForumError):
        services.discussion_create(author=owner, title="t", body="b", backtest_id=backtest.id)


def test_the_choices_are_the_users_completed_backtests(backtest, owner, outsider, organization):
    assert attachable_backtests(owner, organization) == [backtest]
    assert attachable_backtests(outsider, organization) == []
    assert attachable_backtests(outsider, personal_organization(outsider)) == []


def test_the_form_refuses_a_foreign_backtest_id(
    make_completed_backtest, outsider, owner_client, owner
):
    foreign = make_completed_backtest(
        user=outsider, org=personal_organization(outsider), name="Foreign"
    )
    response = owner_client.post(
        reverse("community:discussion_create"),
        {"title": "t", "body": "b", "attach-backtest": foreign.id},
    )
    assert response.status_code == 400
    assert b"completed backtest of your own organization" in response.content
    assert not SharedBacktest.objects.exists()


def test_post_and_reply_with_a_backtest_through_the_pages(
    make_completed_backtest, owner_client, member_client, client, member, organization
):
    backtest = make_completed_backtest()
    for client_ in (owner_client, member_client):
        client_.post(reverse("accounts:organization_switch"), {"organization_id": organization.id})
    form = owner_client.get(reverse("community:discussion_create")).content.decode()
    assert f'<option value="{backtest.id}">Project Shared SMA / Shared SMA</option>' in form
    response = owner_client.post(
        reverse("community:discussion_create"),
        {"title": "See my SMA", "body": "Look", "attach-backtest": backtest.id},
    )
    page = client.get(response.url).content.decode()  # anonymous readers see the card
    assert 'data-testid="backtest-card"' in page and "12.5%" in page
    assert "plotly.min.js" in page and "Log in to clone" in page
    second = make_completed_backtest(user=member, name="Member run")
    discussion_id = int(response.url.rstrip("/").rsplit("/", 1)[1])
    member_client.post(
        reverse("community:reply", args=[discussion_id]),
        {"body": "Mine", "attach-backtest": second.id},
    )
    assert Post.objects.get(body="Mine").shared_backtest.name == "Member run"


def test_clone_needs_a_visible_post_and_an_account(
    backtest, owner, moderator, client, outsider_client
):
    discussion = services.discussion_create(
        author=owner, title="t", body="b", backtest_id=backtest.id
    )
    shared = SharedBacktest.objects.get()
    url = reverse("community:clone", args=[shared.id])
    assert "/accounts/login/" in client.post(url).url
    assert outsider_client.get(url).status_code == 405
    services.post_set_hidden(post=discussion.posts.get(), moderator=moderator, hidden=True)
    assert outsider_client.post(url).status_code == 404
    assert outsider_client.post(reverse("community:clone", args=[999999])).status_code == 404
    assert not Project.objects.filter(name__contains="from forum").exists()
