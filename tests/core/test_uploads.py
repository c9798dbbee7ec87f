"""Uploads: images re-encoded (pixel limits, appended content and metadata gone, orientation kept), videos checked by
their container, stored files served from our own record, and form fields that only take files we stored."""

import io
import struct
import zlib

import pytest
from crabsales.core import clock
from crabsales.core.storage import get_storage
from crabsales.extensions import db
from crabsales.orders.services import lock_order, transition
from PIL import Image

from tests.factories import admin_headers, assert_error, user_headers

MEDIA = "/api/v1/admin/catalog/media"


# ---- crafted files ---------------------------------------------------------------------------------------------------


def png(size=(8, 8), color="red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg(size=(8, 8), **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, format="JPEG", **save)
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels (the pixel data is not there)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def box(kind: bytes, body: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def mp4(brand: bytes = b"isom") -> bytes:
    return box(b"ftyp", brand + b"\x00\x00\x02\x00" + brand + b"mp41") + box(b"moov", box(b"mvhd", b"\x00" * 100)) + (
        box(b"mdat", b"\x01" * 64)
    )


def gps_jpeg_rotated() -> bytes:
    """A 40×20 JPEG whose EXIF says "rotate 90° to show" and carries a GPS position."""
    image = Image.new("RGB", (40, 20), "orange")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    exif[0x010F] = "CrabCam"
    exif.get_ifd(0x8825)[2] = (31.0, 30.0, 0.0)  # GPSLatitude
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


# ---- helpers ---------------------------------------------------------------------------------------------------------


def post_file(client, url, headers, payload, name="p.png", mimetype=None):
    file = (io.BytesIO(payload), name, mimetype) if mimetype else (io.BytesIO(payload), name)
    return client.post(url, data={"file": file}, headers=headers, content_type="multipart/form-data")


def upload_picture(client, headers, payload=None, purpose="review"):
    return post_file(client, f"/api/v1/me/uploads?purpose={purpose}", headers, png() if payload is None else payload)


def upload_avatar(client, headers, payload=None):
    return post_file(client, "/api/v1/me/avatar", headers, png() if payload is None else payload)


def media_admin(app, client):
    return admin_headers(app, client, permissions=["catalog.view", "catalog.manage"])


def stored_keys(app):
    with app.app_context():
        return sorted(key for prefix in ("avatars", "uploads", "media") for key, _ in get_storage().list(prefix))


def exists(app, url):
    with app.app_context():
        return get_storage().exists(url.removeprefix("/files/"))


# ---- images: pixel limits and broken files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        png_header(20000, 20000),  # Pillow refuses to open it at all (decompression bomb)
        png_header(11000, 11000),  # 121 megapixels
        png_header(8000, 6000),  # 48 megapixels
        png_header(20000, 10),  # a side longer than any picture needs
    ],
    ids=["20000x20000", "11000x11000", "8000x6000", "20000x10"],
)
def test_images_past_the_pixel_limit_are_refused_on_every_upload_endpoint(app, client, payload):
    headers, _, _ = user_headers(app, client)
    for response in (
        upload_avatar(client, headers, payload),
        upload_picture(client, headers, payload),
        post_file(client, MEDIA, media_admin(app, client), payload),
    ):
        body = assert_error(response, 422, "IMAGE_TOO_LARGE")
        assert "file" in body["errors"] and "像素" in body["message"]


@pytest.mark.parametrize(
    "payload",
    [
        png()[:40],  # truncated in the pixel data
        jpeg((64, 64))[:200],
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        b"GIF89a" + b"0" * 10,
        b"<html><script>alert(1)</script></html>",
        bytes.fromhex(
            "47494638376110001000810000000000002c000000001000100000081d0001080be81c48b0a0c18308132a5cc8b0a1c38710"
            "234a9c48b1a2c58101010021f90401000001002c000000001000100081008000000000000000000000081d0001081c48b0a0"
            "c18308132a5cc8b0a1c38710234a9c48b1a2c58101010021f90401000001002c0000001000810000ff000000000000000000"
            "081d0001621c48b0a0c18308132a5cc8b0a1c38710234a9c48b1a2c5810101003b"
        ),  # an animated GIF whose frames break the encoder
    ],
    ids=["truncated-png", "truncated-jpeg", "png-signature-only", "gif-garbage", "html", "broken-animated-gif"],
)
def test_corrupt_truncated_and_non_image_files_are_a_clear_422(app, client, payload):
    headers, _, _ = user_headers(app, client)
    before = stored_keys(app)
    for response in (
        upload_avatar(client, headers, payload),
        upload_picture(client, headers, payload),
        post_file(client, MEDIA, media_admin(app, client), payload, name="x.png", mimetype="image/png"),
    ):
        body = assert_error(response, 422, "IMAGE_INVALID")
        assert "file" in body["errors"]
    assert stored_keys(app) == before


# ---- images: re-encoded ----------------------------------------------------------------------------------------------


def test_a_jpeg_with_appended_html_is_stored_without_it(app, client):
    headers, _, _ = user_headers(app, client)
    payload = jpeg((32, 32)) + b"<html><body><script>alert(document.cookie)</script></body></html>"
    created = upload_picture(client, headers, payload)
    assert created.status_code == 201, created.json
    served = client.get(created.json["url"])
    assert served.status_code == 200 and b"<script" not in served.data and b"<html" not in served.data
    assert Image.open(io.BytesIO(served.data)).size == (32, 32)


def test_exif_and_gps_are_stripped_and_the_orientation_applied(app, client):
    headers, _, _ = user_headers(app, client)
    created = upload_picture(client, headers, gps_jpeg_rotated())
    assert created.status_code == 201, created.json
    data = client.get(created.json["url"]).data
    assert b"CrabCam" not in data and b"Exif" not in data
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG" and stored.size == (20, 40)  # shown upright, as the camera meant
    assert dict(stored.getexif()) == {}


def test_media_library_images_are_re_encoded_too(app, client):
    headers = media_admin(app, client)
    gif = io.BytesIO()
    frames = [Image.new("RGB", (16, 16), color) for color in ("red", "green", "blue")]
    frames[0].save(gif, format="GIF", save_all=True, append_images=frames[1:], duration=100, comment=b"<script>x")
    for payload, fmt in ((jpeg((64, 32)) + b"<?php system($_GET[1]); ?>", "JPEG"), (gif.getvalue(), "GIF")):
        created = post_file(client, MEDIA, headers, payload, name="a.jpg")
        assert created.status_code == 201, created.json
        data = client.get(created.json["url"]).data
        assert b"<?php" not in data and b"<script" not in data
        assert Image.open(io.BytesIO(data)).format == fmt
    assert getattr(Image.open(io.BytesIO(data)), "n_frames", 1) == 3  # an animation stays animated


# ---- videos ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload, mimetype",
    [
        (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom<html><script>alert(1)</script></html>", "video/mp4"),
        (b"<html><script>alert(1)</script></html>", "video/mp4"),
        (png(), "video/quicktime"),
        (box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic") + box(b"meta", b"\x00" * 16), "video/mp4"),  # an HEIC photo
        (box(b"ftyp", b"isom\x00\x00\x02\x00isom") + box(b"mdat", b"\x00" * 16), "video/mp4"),  # no movie header
        (mp4()[:-10], "video/mp4"),  # truncated
    ],
    ids=["ftyp-then-html", "html", "png-as-mov", "heic", "no-moov", "truncated"],
)
def test_anything_that_only_claims_to_be_a_video_is_refused(app, client, payload, mimetype):
    headers = media_admin(app, client)
    before = stored_keys(app)
    response = post_file(client, MEDIA, headers, payload, name="clip.mp4", mimetype=mimetype)
    assert "file" in assert_error(response, 422, "VIDEO_INVALID")["errors"]
    assert stored_keys(app) == before


@pytest.mark.parametrize(
    "brand, name, content_type", [(b"isom", "a.mp4", "video/mp4"), (b"qt  ", "a.mov", "video/quicktime")]
)
def test_mp4_and_mov_videos_are_known_by_their_content(app, client, brand, name, content_type):
    headers = media_admin(app, client)
    # The browser's claimed type does not matter: the container does.
    created = post_file(client, MEDIA, headers, mp4(brand), name=name, mimetype="application/octet-stream")
    assert created.status_code == 201, created.json
    assert created.json["kind"] == "video" and created.json["url"].endswith("." + name.rsplit(".", 1)[1])
    served = client.get(created.json["url"])
    assert served.status_code == 200 and served.mimetype == content_type and served.data == mp4(brand)


# ---- serving ---------------------------------------------------------------------------------------------------------


def test_stored_files_are_served_with_nosniff_and_the_recorded_type(app, client):
    headers, _, _ = user_headers(app, client)
    url = upload_avatar(client, headers).json["avatar_url"]
    served = client.get(url)
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]


def test_the_content_type_comes_from_the_record_not_the_requested_name(app, client):
    from crabsales.core.models import StoredFile

    with app.app_context():
        get_storage().save("media/202601/page.html", png())
        db.session.add(StoredFile(storage_key="media/202601/page.html", content_type="image/png", size_bytes=1))
        db.session.commit()
        get_storage().save("media/202601/unrecorded.html", b"<script>alert(1)</script>")
    served = client.get("/files/media/202601/page.html")
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert_error(client.get("/files/media/202601/unrecorded.html"), 404)  # not stored by an upload: not served


# ---- fields that take stored files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "avatar_url",
    [
        "javascript:alert(1)",
        "https://evil.example/a.png",
        "/files/../instance/crabsales.db",
        "/files/avatars/1/nothing-here.png",
        "data:image/png;base64,AAAA",
    ],
)
def test_avatar_url_takes_only_our_stored_avatars(app, client, avatar_url):
    headers, _, _ = user_headers(app, client)
    body = assert_error(client.patch("/api/v1/me", json={"avatar_url": avatar_url}, headers=headers), 422)
    assert body["error_code"] == "FILE_NOT_OURS" and "avatar_url" in body["errors"]
    assert client.get("/api/v1/me", headers=headers).json["avatar_url"] == ""


def test_avatar_url_takes_the_own_avatar_with_or_without_the_public_base_url(app, client):
    headers, _, _ = user_headers(app, client)
    other, _, _ = user_headers(app, client)
    theirs = upload_avatar(client, other).json["avatar_url"]
    assert_error(client.patch("/api/v1/me", json={"avatar_url": theirs}, headers=headers), 422, "FILE_NOT_OURS")
    picture = upload_picture(client, headers).json["url"]  # a review picture is not an avatar
    assert_error(client.patch("/api/v1/me", json={"avatar_url": picture}, headers=headers), 422, "FILE_NOT_OURS")

    mine = upload_avatar(client, headers).json["avatar_url"]
    app.config["PUBLIC_BASE_URL"] = "https://api.crab.example"
    try:
        changed = client.patch("/api/v1/me", json={"avatar_url": "https://api.crab.example" + mine}, headers=headers)
        assert changed.status_code == 200 and changed.json["avatar_url"] == "https://api.crab.example" + mine
        assert client.patch("/api/v1/me", json={"avatar_url": mine}, headers=headers).status_code == 200
        assert_error(
            client.patch("/api/v1/me", json={"avatar_url": "https://other.example" + mine}, headers=headers),
            422,
            "FILE_NOT_OURS",
        )
    finally:
        app.config["PUBLIC_BASE_URL"] = ""
    cleared = client.patch("/api/v1/me", json={"avatar_url": ""}, headers=headers)
    assert cleared.status_code == 200 and cleared.json["avatar_url"] == ""


def test_wechat_login_refuses_an_outside_avatar_url(client):
    body = {"code": "openid:o-avatar", "avatar_url": "https://img.example/a.png"}
    response = client.post("/api/v1/auth/wechat-login", json=body)
    assert "avatar_url" in assert_error(response, 422, "FILE_NOT_OURS")["errors"]


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "https://evil.example/x.png", "other-user"])
def test_feedback_images_take_only_the_members_own_uploads(app, client, bad):
    headers, _, _ = user_headers(app, client)
    other, _, _ = user_headers(app, client)
    mine = upload_picture(client, headers, purpose="feedback").json["url"]
    if bad == "other-user":
        bad = upload_picture(client, other, purpose="feedback").json["url"]
    body = {"content": "希望增加顺丰次日达选项", "images": [mine, bad]}
    refused = client.post("/api/v1/me/feedback", json=body, headers=headers)
    assert "images" in assert_error(refused, 422, "FILE_NOT_OURS")["errors"]
    created = client.post("/api/v1/me/feedback", json={**body, "images": [mine]}, headers=headers)
    assert created.status_code == 201 and created.json["images"] == [mine]


def test_review_and_aftersale_images_take_only_the_members_own_uploads(app, client):
    from tests.aftersales.test_aftersales import open_case, paid_order

    order, headers = paid_order(app, client)
    mine = upload_picture(client, headers, purpose="aftersale").json["url"]
    outside = "https://evil.example/crab.png"
    amount = 100
    refused = open_case(client, headers, order, amount, images=[outside])
    assert "images" in assert_error(refused, 422, "FILE_NOT_OURS")["errors"]
    opened = open_case(client, headers, order, amount, images=[mine])
    assert opened.status_code == 201 and opened.json["images"] == [mine]
    assert client.post(f"/api/v1/aftersales/{opened.json['id']}/withdraw", headers=headers).status_code == 200

    with app.app_context():
        transition(lock_order(order["id"]), "ship_all")
        db.session.commit()
    client.post(f"/api/v1/orders/{order['id']}/confirm-receipt", headers=headers)
    review = {"order_line_id": order["lines"][0]["id"], "rating": 5, "content": "很肥", "images": [outside]}
    url = f"/api/v1/orders/{order['id']}/reviews"
    assert "images" in assert_error(client.post(url, json=review, headers=headers), 422, "FILE_NOT_OURS")["errors"]
    picture = upload_picture(client, headers, purpose="review").json["url"]
    created = client.post(url, json={**review, "images": [picture]}, headers=headers)
    assert created.status_code == 201 and created.json["images"] == [picture]


# ---- avatars: rate limit, old file removed ---------------------------------------------------------------------------


def test_avatar_uploads_are_limited_to_ten_an_hour(app, client):
    headers, _, _ = user_headers(app, client)
    for _ in range(10):
        assert upload_avatar(client, headers).status_code == 200
    body = assert_error(upload_avatar(client, headers), 429, "RATE_LIMITED")
    assert 0 < body["retry_after"] <= 3600
    clock.advance(3601)
    try:
        assert upload_avatar(client, headers).status_code == 200
    finally:
        clock.reset()


def test_replacing_an_avatar_deletes_the_old_file(app, client):
    headers, _, _ = user_headers(app, client)
    first = upload_avatar(client, headers).json["avatar_url"]
    second = upload_avatar(client, headers, png(color="blue")).json["avatar_url"]
    assert first != second
    assert_error(client.get(first), 404)
    assert not exists(app, first) and exists(app, second)
    assert client.patch("/api/v1/me", json={"avatar_url": ""}, headers=headers).status_code == 200
    assert not exists(app, second)
    assert_error(client.get(second), 404)


def test_an_avatar_still_used_elsewhere_is_kept(app, client):
    from crabsales.identity.models import User

    headers, _, _ = user_headers(app, client)
    first = upload_avatar(client, headers).json["avatar_url"]
    with app.app_context():  # e.g. copied by an earlier version onto another account
        other = db.session.get(User, user_headers(app, client)[1])
        other.avatar_url = first
        db.session.commit()
    upload_avatar(client, headers)
    assert client.get(first).status_code == 200


def test_an_outside_avatar_is_left_alone_when_replaced(app, client):
    headers, _, _ = user_headers(app, client, avatar_url="https://thirdwx.qlogo.cn/a/132")
    uploaded = upload_avatar(client, headers)
    assert uploaded.status_code == 200 and exists(app, uploaded.json["avatar_url"])
