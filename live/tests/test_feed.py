"""The live folder feed: a deployment on wall-clock time fed by bars written into the
organization's feed folder while it runs (a real sandboxed engine process), named as such."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from live import conf
from live.models import LiveDeployment
from live.services import live_deploy, live_stop
from live.services.execution import live_job

from .test_execution import run_until

pytestmark = [pytest.mark.db_independent, pytest.mark.django_db(transaction=True)]


def test_the_wizard_deploys_on_the_folder_feed_and_the_page_names_it(
    live_settings, project, owner, node, no_enqueue, owner_client
):
    response = owner_client.post(
        reverse("live:deploy", args=[project.pk]),
        {"node": node.pk, "feed": "folder", "replay_speed": "1", "automatic_restart": "on"},
    )
    deployment = LiveDeployment.objects.get()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert deployment.feed == LiveDeployment.Feed.FOLDER
    assert conf.feed_dir(project.organization_id).is_dir()
    page = owner_client.get(reverse("live:detail", args=[deployment.pk])).content.decode()
    assert "Live folder feed" in page and "Replay of" not in page
    argv = live_job(deployment, data_dir=live_settings.QCWEB_DATA_DIR).argv
    assert "--feed-folder" in argv and "--replay-start" not in argv
    # a replay still needs its date
    bad = owner_client.post(
        reverse("live:deploy", args=[project.pk]),
        {"node": node.pk, "feed": "replay", "replay_speed": "60"},
    ).content.decode()
    assert "Choose the date the replay starts from." in bad


def test_a_deployment_follows_bars_written_into_the_feed_folder(
    live_settings, project, owner, node, no_enqueue
):
    deployment = live_deploy(project=project, user=owner, node=node, feed="folder")
    assert deployment.feed_description.startswith("Live folder feed")
    folder = conf.feed_dir(project.organization_id)
    written: list[float] = []

    def write_bars(d) -> bool:
        # once the engine runs (its first state), append a bar every poll, stamped now
        if d.state.get("time") and len(written) < 30:
            close = 470.0 + len(written)
            now = datetime.now(UTC).replace(microsecond=0).isoformat()
            path = folder / "spy.csv"
            with path.open("a") as handle:
                handle.write(f"{now},SPY,{close},{close + 1},{close - 1},{close},1000\n")
            path.chmod(0o644)
            written.append(close)
        return d.log_lines >= 3

    done = run_until(
        deployment, write_bars, then=lambda: live_stop(deployment=deployment, user=owner)
    )
    assert done.status == LiveDeployment.Status.STOPPED, done.error
    log = done.log_path.read_text()
    bars = [line for line in log.splitlines() if " bar " in line]
    assert len(bars) >= 3
    assert f" {written[0]}" in bars[0]  # the first bar written is the first the algorithm saw
    # the algorithm's clock is the wall clock (New York time), not a replayed date
    algorithm_time = datetime.fromisoformat(done.state["time"])
    now_new_york = datetime.now(ZoneInfo("America/New_York")).replace(tzinfo=None)
    assert abs((algorithm_time - now_new_york).total_seconds()) < 60
