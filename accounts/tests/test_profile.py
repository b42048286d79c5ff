from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (32, 32)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (15, 118, 110)).save(buffer, format=image_format)
    return buffer.getvalue()


def post_profile(client, **extra):
    data = {"display_name": "Olive", "bio": "Mean reversion fan.", "location": "Lisbon"} | extra
    return client.post(reverse("accounts:profile"), data)


def test_it_saves_the_profile(owner_client, owner):
    response = post_profile(owner_client)

    assert response.status_code == 302
    owner.refresh_from_db()
    assert (owner.display_name, owner.bio, owner.location) == (
        "Olive",
        "Mean reversion fan.",
        "Lisbon",
    )
    page = owner_client.get(reverse("accounts:profile")).content.decode()
    assert "Mean reversion fan." in page and "Lisbon" in page


def test_it_accepts_a_png_avatar(owner_client, owner, media_root):
    upload = SimpleUploadedFile("me.png", image_bytes(), content_type="image/png")

    response = post_profile(owner_client, avatar=upload)

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.avatar.name.startswith(f"avatars/{owner.pk}/")
    assert owner.avatar.name.endswith(".png")
    assert (media_root / owner.avatar.name).read_bytes()[:4] == b"\x89PNG"


def test_the_extension_follows_the_real_format(owner_client, owner, media_root):
    upload = SimpleUploadedFile("me.png", image_bytes("JPEG"), content_type="image/png")

    assert post_profile(owner_client, avatar=upload).status_code == 302
    owner.refresh_from_db()
    assert owner.avatar.name.endswith(".jpg")


def test_it_rejects_a_file_that_is_not_an_image(owner_client, owner, media_root):
    upload = SimpleUploadedFile(
        "me.png", b"#!/bin/sh\necho not an image\n", content_type="image/png"
    )

    response = post_profile(owner_client, avatar=upload)

    assert response.status_code == 200
    assert response.context["form"].errors["avatar"] == [
        "This file is not an image. Upload a GIF, JPG or PNG file."
    ]
    owner.refresh_from_db()
    assert not owner.avatar
    assert owner.display_name == "Olivia Owner"


def test_it_rejects_an_image_of_1_mb_or_more(owner_client, owner, media_root, settings):
    data = image_bytes("BMP", size=(700, 700))  # ~1.4 MB
    assert len(data) >= settings.AVATAR_MAX_BYTES
    upload = SimpleUploadedFile("big.png", data, content_type="image/png")

    response = post_profile(owner_client, avatar=upload)

    assert response.status_code == 200
    assert "it must be less than 1.0\xa0MB" in response.context["form"].errors["avatar"][0]
    owner.refresh_from_db()
    assert not owner.avatar


def test_it_rejects_other_image_formats(owner_client, owner, media_root):
    upload = SimpleUploadedFile("me.bmp", image_bytes("BMP"), content_type="image/bmp")

    response = post_profile(owner_client, avatar=upload)

    assert response.status_code == 200
    assert "BMP images are not supported" in response.context["form"].errors["avatar"][0]


def test_a_new_avatar_replaces_the_old_file(owner_client, owner, media_root):
    post_profile(
        owner_client, avatar=SimpleUploadedFile("a.png", image_bytes(), content_type="image/png")
    )
    owner.refresh_from_db()
    first = media_root / owner.avatar.name

    post_profile(
        owner_client,
        avatar=SimpleUploadedFile("b.gif", image_bytes("GIF"), content_type="image/gif"),
    )
    owner.refresh_from_db()

    assert owner.avatar.name.endswith(".gif")
    assert not first.exists()


def test_the_profile_needs_a_login(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
