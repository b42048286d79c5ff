"""Research pages: the project's notebooks, the rendered notebook (page and IDE fragment), Run
notebook, a run's page and download; another organization's user gets 404 on every one."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from projects.services import project_create
from research.models import NotebookRun, ResearchSession

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def project(organization, owner):
    return project_create(organization=organization, owner=owner, name="Study")


@pytest.fixture
def finished_run(research_settings, project, owner):
    run = NotebookRun.objects.create(
        organization=project.organization,
        project=project,
        created_by=owner,
        name="research.ipynb",
        status=NotebookRun.Status.COMPLETED,
    )
    run.folder.mkdir(parents=True)
    run.notebook_path.write_text(json.dumps({"cells": [], "nbformat": 4, "metadata": {}}))
    run.html_path.write_text('<div class="cell">ran fine</div>')
    return run


def urls(project, run) -> list[tuple[str, str, dict]]:
    return [
        ("get", reverse("research:home", args=[project.id]), {}),
        ("get", reverse("research:notebook", args=[project.id]), {"name": "research.ipynb"}),
        ("post", reverse("research:run_create", args=[project.id]), {"name": "research.ipynb"}),
        ("get", reverse("research:run_detail", args=[run.pk]), {}),
        ("get", reverse("research:run_download", args=[run.pk]), {}),
        ("get", reverse("research:session", args=[project.id]), {}),
        ("post", reverse("research:session", args=[project.id]), {}),
        ("post", reverse("research:session_stop", args=[project.id]), {}),
        ("post", reverse("research:session_open", args=[project.id]), {"next": "lab"}),
    ]


def test_every_url_is_404_for_another_organization(outsider_client, project, finished_run):
    for method, url, data in urls(project, finished_run):
        response = getattr(outsider_client, method)(url, data)
        assert response.status_code == 404, (method, url)
    assert NotebookRun.objects.count() == 1  # the outsider's POST queued nothing
    assert not ResearchSession.objects.exists()


def test_every_url_sends_anonymous_users_to_login(client, project, finished_run):
    for method, url, data in urls(project, finished_run):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_the_research_page_lists_the_projects_notebooks(owner_client, project, research_node):
    project.files.create(name="studies/momentum.ipynb", content="{}")
    html = owner_client.get(reverse("research:home", args=[project.id])).content.decode()
    assert "research.ipynb" in html and "studies/momentum.ipynb" in html
    assert "main.py" not in html.split('id="notebook-table"')[1].split("</table>")[0]
    assert "0 of 1 research node busy" in html
    assert "Run notebook" in html


def test_a_notebook_renders_read_only_and_as_the_ides_fragment(owner_client, project):
    url = reverse("research:notebook", args=[project.id])
    page = owner_client.get(url, {"name": "research.ipynb"}).content.decode()
    assert "QuantBook Analysis Tool" in page and "<html" in page
    fragment = owner_client.get(url, {"name": "research.ipynb"}, **HTMX).content.decode()
    assert fragment.lstrip().startswith('<div id="notebook-view"')
    assert "indicator_history" in fragment and 'id="run-notebook-button"' in fragment


def test_a_broken_notebook_says_so(owner_client, project):
    project.files.create(name="broken.ipynb", content="{not json")
    response = owner_client.get(
        reverse("research:notebook", args=[project.id]), {"name": "broken.ipynb"}
    )
    assert response.status_code == 200
    assert "This is not a Jupyter notebook" in response.content.decode()


def test_only_notebooks_render(owner_client, project):
    url = reverse("research:notebook", args=[project.id])
    assert owner_client.get(url, {"name": "main.py"}).status_code == 404
    assert owner_client.get(url, {"name": "missing.ipynb"}).status_code == 404


def test_a_read_only_collaborator_sees_but_cannot_run(
    member, member_client, project, research_node
):
    from projects.services import collaborator_set

    collaborator_set(project=project, user=member, access="read")
    home = member_client.get(reverse("research:home", args=[project.id]))
    assert home.status_code == 200 and "Run notebook" not in home.content.decode()
    response = member_client.post(
        reverse("research:run_create", args=[project.id]), {"name": "research.ipynb"}
    )
    assert response.status_code == 403
    assert not NotebookRun.objects.exists()


def test_without_a_research_node_a_run_is_refused(owner_client, project, monkeypatch):
    monkeypatch.setattr("research.tasks.run_notebook_task", lambda run_id: None)
    response = owner_client.post(
        reverse("research:run_create", args=[project.id]), {"name": "research.ipynb"}, follow=True
    )
    assert "has no research node" in response.content.decode()
    assert not NotebookRun.objects.exists()


def test_a_busy_research_node_refuses_a_second_run(
    owner_client, project, research_node, monkeypatch
):
    monkeypatch.setattr("research.tasks.run_notebook_task", lambda run_id: None)
    url = reverse("research:run_create", args=[project.id])
    first = owner_client.post(url, {"name": "research.ipynb"})
    run = NotebookRun.objects.get()
    assert first["Location"] == reverse("research:run_detail", args=[run.pk])
    second = owner_client.post(url, {"name": "research.ipynb"}, follow=True)
    assert "You need an idle research node" in second.content.decode()
    assert NotebookRun.objects.count() == 1
    # a Jupyter session needs a node too
    monkeypatch.setattr("research.tasks.start_session_task", lambda session_id: None)
    refused = owner_client.post(reverse("research:session", args=[project.id]), follow=True)
    assert "You need an idle research node" in refused.content.decode()
    assert not ResearchSession.objects.exists()


def test_a_finished_run_shows_its_notebook_and_downloads(owner_client, finished_run):
    html = owner_client.get(reverse("research:run_detail", args=[finished_run.pk])).content
    assert b"ran fine" in html and b"Completed" in html
    assert b"hx-trigger" not in html  # finished: no more polling
    download = owner_client.get(reverse("research:run_download", args=[finished_run.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert json.loads(b"".join(download.streaming_content))["nbformat"] == 4


def test_a_running_run_polls_its_status(owner_client, finished_run):
    NotebookRun.objects.filter(pk=finished_run.pk).update(status=NotebookRun.Status.RUNNING)
    html = owner_client.get(reverse("research:run_detail", args=[finished_run.pk])).content
    assert b'hx-trigger="every 2s"' in html and b"ran fine" not in html


def test_the_ide_opens_notebooks_through_the_research_view(owner_client, project):
    html = owner_client.get(reverse("projects:detail", args=[project.id])).content.decode()
    assert f'data-notebook-url="{reverse("research:notebook", args=[project.id])}"' in html
    assert 'id="notebook-pane"' in html
    assert reverse("research:home", args=[project.id]) in html


def test_the_proxy_is_404_without_a_running_session_of_ones_own(
    owner_client, member_client, project, organization, member, research_settings
):
    """The research origin serves a session only to the browser it was handed to, and only
    while it runs; the site's origin never serves it; another user cannot open it."""
    from django.test import Client

    from projects.services import collaborator_set
    from research import origin

    collaborator_set(project=project, user=member, access="write")
    session = ResearchSession.objects.create(
        organization=organization,
        project=project,
        user=project.owner,
        token="t",
        status=ResearchSession.Status.STARTING,
    )
    opener = reverse("research:session_open", args=[project.id])
    refused = owner_client.post(opener, {"next": "lab"}, follow=True)  # still starting
    assert "not running" in refused.content.decode()
    ResearchSession.objects.filter(pk=session.pk).update(status=ResearchSession.Status.RUNNING)
    # a member of the organization with write access: not their session
    assert member_client.post(opener, {"next": "lab"}).status_code == 302  # to their own page
    assert not ResearchSession.objects.get(pk=session.pk).handover_nonce
    link = owner_client.post(opener, {"next": "lab/tree/research.ipynb"})["Location"]
    research = Client(headers={"host": origin.research_host()})
    status = f"{session.base_url}api/status"
    assert research.get(status).status_code == 404  # no handover yet
    path = link.split(origin.research_host(), 1)[1]
    tampered = path.replace("t=", "t=x")
    assert research.get(tampered).status_code == 404
    landed = research.get(path)
    assert landed["Location"] == f"{session.base_url}lab/tree/research.ipynb"
    assert research.cookies[origin.COOKIE]["path"] == session.base_url
    # the site's URLs do not exist on the research origin, nor Jupyter's on the site's
    assert research.get(reverse("research:home", args=[project.id])).status_code == 404
    assert owner_client.get(status).status_code == 404
    # a handover to another project's path is refused (the token names the session)
    other = path.replace(f"/research/{project.id}/", f"/research/{project.id + 1}/")
    assert Client(headers={"host": origin.research_host()}).get(other).status_code == 404
    # an expired link
    link = owner_client.post(opener, {"next": "lab"})["Location"]
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=10**10):
        late = Client(headers={"host": origin.research_host()})
        assert late.get(link.split(origin.research_host(), 1)[1]).status_code == 404
    # a stopped session's browser is refused
    ResearchSession.objects.filter(pk=session.pk).update(status=ResearchSession.Status.STOPPED)
    assert research.get(status).status_code == 404


def test_the_research_origin_has_its_own_policy_and_the_site_may_post_to_it(
    owner_client, project, research_settings
):
    from django.test import Client

    from research import origin

    site = owner_client.get(reverse("research:home", args=[project.id]))
    policy = site["Content-Security-Policy"]
    assert "'unsafe-eval'" not in policy and "script-src 'self';" in policy
    assert f"form-action 'self' {research_settings.QCWEB_RESEARCH_ORIGIN}" in policy
    lab = Client(headers={"host": origin.research_host()}).get(f"/research/{project.id}/lab/")
    assert lab.status_code == 404
    assert "'unsafe-eval'" in lab["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in lab["Content-Security-Policy"]
