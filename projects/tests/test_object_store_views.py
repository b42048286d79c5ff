"""The Object Store page: list with size and modified time, usage against the plan, upload,
download, preview (CSV table, pretty JSON, text, binary), delete; other organizations get 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import ObjectStoreItem
from projects.objectstore import object_read, object_save

pytestmark = pytest.mark.django_db


def _url(organization, action: str = "") -> str:
    return f"/projects/object-store/{organization.id}/{action + '/' if action else ''}"


def test_the_page_lists_keys_and_usage(member_client, organization):
    object_save(organization=organization, key="models/a.json", data=b'{"x": 1}')
    object_save(organization=organization, key="notes.txt", data=b"hello")
    page = member_client.get(_url(organization))
    html = page.content.decode()
    assert page.status_code == 200
    assert "models/a.json" in html and "notes.txt" in html
    assert 'id="object-store-used">13' in html  # 8 + 5 bytes
    filtered = member_client.get(_url(organization) + "?path=models").content.decode()
    assert "models/a.json" in filtered and "notes.txt" not in filtered


def test_the_resources_usage_counts_the_store(owner_client, organization):
    object_save(organization=organization, key="k", data=b"x" * 2048)
    for url in (
        f"/accounts/organizations/{organization.id}/",
        f"/accounts/organizations/{organization.id}/resources/",
    ):
        page = owner_client.get(url).content.decode()
        assert "ObjectStore 2.0\xa0KB" in page, url


def test_upload_download_and_delete(member_client, organization):
    upload = SimpleUploadedFile("prices.csv", b"date,close\n2024-01-02,470.1\n")
    response = member_client.post(
        _url(organization, "upload"), {"file": upload, "key": "data/p.csv"}
    )
    assert response.status_code == 302
    assert object_read(organization=organization, key="data/p.csv").startswith(b"date,close")

    download = member_client.get(_url(organization, "download") + "?key=data/p.csv")
    assert download.status_code == 200
    assert download.content == b"date,close\n2024-01-02,470.1\n"
    assert 'filename="p.csv"' in download["Content-Disposition"]

    member_client.post(_url(organization, "delete"), {"key": "data/p.csv"})
    assert not ObjectStoreItem.objects.filter(organization=organization).exists()
    assert member_client.get(_url(organization, "download") + "?key=data/p.csv").status_code == 404


def test_upload_past_the_plan_is_refused(owner_client, organization):
    from accounts.billing.selectors import subscription_for

    subscription = subscription_for(organization)
    subscription.storage_bytes = 10
    subscription.save(update_fields=["storage_bytes"])
    upload = SimpleUploadedFile("big.bin", b"x" * 11)
    page = owner_client.post(_url(organization, "upload"), {"file": upload}, follow=True)
    assert "the Object Store is full" in page.content.decode()
    assert not ObjectStoreItem.objects.filter(organization=organization).exists()


def test_previews(member_client, organization):
    object_save(organization=organization, key="t.csv", data=b"a,b\n1,<2>\n")
    object_save(organization=organization, key="j.json", data=b'{"k":[1,2]}')
    object_save(organization=organization, key="blob.bin", data=b"\xff\xfe\x00")
    url = _url(organization, "preview")
    csv_html = member_client.get(url + "?key=t.csv").content.decode()
    assert "<th>a</th><th>b</th>" in csv_html and "<td>&lt;2&gt;</td>" in csv_html
    fragment = member_client.get(url + "?key=j.json", headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert '"k": [\n    1,' in text.replace("&quot;", '"') and "<html" not in text
    assert "no preview" in member_client.get(url + "?key=blob.bin").content.decode()


def test_other_organizations_get_404(outsider_client, organization):
    object_save(organization=organization, key="secret", data=b"acme")
    for action in ("", "download", "preview"):
        assert outsider_client.get(_url(organization, action) + "?key=secret").status_code == 404
    upload = SimpleUploadedFile("secret", b"theirs")
    assert outsider_client.post(_url(organization, "upload"), {"file": upload}).status_code == 404
    assert outsider_client.post(_url(organization, "delete"), {"key": "secret"}).status_code == 404
    assert object_read(organization=organization, key="secret") == b"acme"


def test_anonymous_users_are_sent_to_log_in(client, organization):
    assert client.get(_url(organization)).status_code == 302


def test_a_key_cannot_be_both_a_file_and_a_folder(owner_client, organization):
    from projects.objectstore import ObjectStoreRefused

    object_save(organization=organization, key="models/a", data=b"1")
    with pytest.raises(ObjectStoreRefused, match="folder of other keys"):
        object_save(organization=organization, key="models", data=b"2")
    with pytest.raises(ObjectStoreRefused, match="cannot save"):
        object_save(organization=organization, key="models/a/b", data=b"3")
    assert list(ObjectStoreItem.objects.values_list("key", flat=True)) == ["models/a"]
