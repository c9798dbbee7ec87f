"""Uploaded files: every image is decoded and re-encoded by Pillow (within a pixel budget), every video is checked by
its container, and every stored file gets a `StoredFile` record. The /files/ route serves only recorded files, with
the recorded content type, and form fields that take a file URL (avatar, case, review and feedback pictures) accept
only recorded files of the same member."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from ..errors import ValidationFailed
from ..extensions import db
from .models import StoredFile
from .storage import SAFE_KEY, get_storage
from .uow import on_commit

MB = 1024 * 1024
# Far above any phone photo (a 48-megapixel camera saves 12 MP by default) and far below what would take seconds and
# gigabytes to decode. A long side up to 16000 px leaves room for tall product-detail pictures.
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_SIDE = 16_000
MAX_ANIMATION_PIXELS = 100_000_000  # all frames of an animated GIF together

IMAGE_FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}
TOO_LARGE_MESSAGE = (
    f"图片尺寸过大：最多 {MAX_IMAGE_PIXELS // 10_000} 万像素，长边不超过 {MAX_IMAGE_SIDE} 像素，请压缩后再上传"
)
BROKEN_MESSAGE = "图片无法读取（文件已损坏或不完整），请重新选择图片"

# ISO base media brands of MP4 files (and of phones' recordings), and QuickTime's.
MP4_BRANDS = {
    b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"M4VP", b"dash", b"mmp4",
}
MOV_BRAND = b"qt  "
VIDEO_INVALID_MESSAGE = "无法识别的视频，请上传 MP4 或 MOV 视频"


@dataclass(frozen=True)
class Picture:
    data: bytes
    extension: str
    content_type: str
    width: int
    height: int


def _file_error(message: str, error_code: str) -> ValidationFailed:
    return ValidationFailed({"file": [message]}, message, error_code)


def reencode_image(data: bytes, formats: tuple[str, ...], max_bytes: int, keep_animation: bool = False) -> Picture:
    """Decode an uploaded picture and encode it again in its own format: whatever was appended or hidden in it
    (HTML, scripts, EXIF with the GPS position, comments) is gone, and the EXIF orientation is applied to the pixels.
    422 IMAGE_TOO_LARGE past the byte or pixel limits, IMAGE_INVALID for anything that does not decode."""
    from PIL import Image, ImageOps

    if not data:
        raise ValidationFailed({"file": ["请选择要上传的图片"]})
    if len(data) > max_bytes:
        raise _file_error(f"图片不能超过 {max_bytes // MB} MB", "IMAGE_TOO_LARGE")
    names = "、".join("JPG" if f == "JPEG" else "WebP" if f == "WEBP" else f for f in formats)
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise _file_error(TOO_LARGE_MESSAGE, "IMAGE_TOO_LARGE") from None
    except Exception:  # decoders of untrusted bytes fail in many ways (IndexError, struct.error, ...): none is a 500
        raise _file_error(f"无法识别的图片，请上传 {names} 图片", "IMAGE_INVALID") from None
    with image:
        if image.format not in formats:
            raise _file_error(f"仅支持 {names} 图片", "IMAGE_INVALID")
        width, height = image.size
        # Checked from the header, before any pixel is decoded.
        if width * height > MAX_IMAGE_PIXELS or max(width, height) > MAX_IMAGE_SIDE:
            raise _file_error(TOO_LARGE_MESSAGE, "IMAGE_TOO_LARGE")
        extension, content_type = IMAGE_FORMATS[image.format]
        try:
            animated = keep_animation and image.format == "GIF" and getattr(image, "is_animated", False)
            if animated and width * height * image.n_frames > MAX_ANIMATION_PIXELS:
                raise _file_error(TOO_LARGE_MESSAGE, "IMAGE_TOO_LARGE")
            out = io.BytesIO()
            if animated:
                image.info.pop("comment", None)
                image.save(out, format="GIF", save_all=True, comment=b"")
            else:
                image.load()
                try:
                    picture = ImageOps.exif_transpose(image)
                except Exception:  # unreadable EXIF: the pixels are fine, they just stay as stored
                    picture = image.copy()
                _save_plain(picture, image.format, out)
                width, height = picture.size
        except ValidationFailed:
            raise
        except Exception:  # truncated or corrupt pixel data, broken EXIF, ... (see above)
            raise _file_error(BROKEN_MESSAGE, "IMAGE_INVALID") from None
    return Picture(out.getvalue(), extension, content_type, width, height)


def _save_plain(picture, fmt: str, out: io.BytesIO) -> None:
    """Only the pixels (and the colour profile and transparency that belong to them) are written again."""
    icc = picture.info.get("icc_profile")
    transparency = picture.info.get("transparency")
    picture.info = {}  # EXIF, XMP, text chunks and comments stay behind
    options = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        if picture.mode not in ("L", "RGB", "CMYK"):
            picture = picture.convert("RGB")
        picture.save(out, format="JPEG", quality=90, **options)
    elif fmt == "WEBP":
        if picture.mode not in ("RGB", "RGBA"):
            picture = picture.convert("RGBA" if "A" in picture.getbands() or transparency is not None else "RGB")
        picture.save(out, format="WEBP", quality=90, **options)
    else:
        if transparency is not None:
            options["transparency"] = transparency
        picture.save(out, format=fmt, **options)


def check_video(data: bytes) -> tuple[str, str]:
    """(extension, content type) of an MP4 or MOV file, known by its container: a well-formed sequence of top-level
    boxes that starts with `ftyp` (with an MP4 or QuickTime brand) and holds the movie header. 422 VIDEO_INVALID."""
    boxes, pos, total = [], 0, len(data)
    while pos < total:
        if total - pos < 8 or len(boxes) >= 1000:
            raise _file_error(VIDEO_INVALID_MESSAGE, "VIDEO_INVALID")
        size, kind, header = int.from_bytes(data[pos : pos + 4], "big"), data[pos + 4 : pos + 8], 8
        if size == 1:  # 64-bit size follows the type
            if total - pos < 16:
                raise _file_error(VIDEO_INVALID_MESSAGE, "VIDEO_INVALID")
            size, header = int.from_bytes(data[pos + 8 : pos + 16], "big"), 16
        elif size == 0:  # the box runs to the end of the file
            size = total - pos
        if size < header or pos + size > total or not all(32 <= c < 127 for c in kind):
            raise _file_error(VIDEO_INVALID_MESSAGE, "VIDEO_INVALID")
        boxes.append((kind, data[pos + header : pos + size] if kind == b"ftyp" else b""))
        pos += size
    if not boxes or boxes[0][0] != b"ftyp" or len(boxes[0][1]) < 8:
        raise _file_error(VIDEO_INVALID_MESSAGE, "VIDEO_INVALID")
    if not {b"moov", b"moof"} & {kind for kind, _ in boxes}:
        raise _file_error(VIDEO_INVALID_MESSAGE, "VIDEO_INVALID")
    ftyp = boxes[0][1]
    major = ftyp[:4]
    brands = {major} | {ftyp[i : i + 4] for i in range(8, len(ftyp) - 3, 4)}
    if major == MOV_BRAND:
        return "mov", "video/quicktime"
    if brands & MP4_BRANDS:
        return "mp4", "video/mp4"
    raise _file_error(VIDEO_INVALID_MESSAGE, "VIDEO_INVALID")


# ---- the record of stored files --------------------------------------------------------------------------------------


def file_url(key: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"] + get_storage().url(key)


def store_file(
    folder: str, extension: str, data: bytes, content_type: str, purpose: str, owner_user_id: int | None = None
) -> StoredFile:
    """Save bytes under a fresh name in `folder` and record them."""
    key = get_storage().save(f"{folder}/{uuid.uuid4().hex}.{extension}", data)
    return record_file(key, content_type, len(data), purpose, owner_user_id)


def record_file(
    key: str, content_type: str, size_bytes: int, purpose: str, owner_user_id: int | None = None
) -> StoredFile:
    row = find_file(key)
    if row is None:
        row = StoredFile(
            storage_key=key,
            content_type=content_type,
            size_bytes=size_bytes,
            purpose=purpose,
            owner_user_id=owner_user_id,
        )
        db.session.add(row)
        db.session.flush()
    return row


def find_file(key: str) -> StoredFile | None:
    return db.session.execute(select(StoredFile).where(StoredFile.storage_key == key)).scalar_one_or_none()


def key_of(url: str) -> str | None:
    """The storage key behind one of our file URLs (`/files/...`, or the same with PUBLIC_BASE_URL before it);
    None for anything else."""
    prefix = get_storage().url_prefix
    base = current_app.config["PUBLIC_BASE_URL"]
    path = url[len(base) :] if base and url.startswith(base + prefix) else url
    if not path.startswith(prefix):
        return None
    key = path[len(prefix) :]
    return key if SAFE_KEY.match(key) and ".." not in key.split("/") else None


def own_files(field: str, urls: list[str], user_id: int, purposes: tuple[str, ...], message: str) -> list[str]:
    """The URLs of files this member uploaded for one of `purposes`, written the one way we write them; 422
    FILE_NOT_OURS (naming `field`) if any is another site's, another member's, or not a stored file at all."""
    keys = [key_of(url) for url in urls]
    rows = {}
    if all(keys):
        found = select(StoredFile).where(StoredFile.storage_key.in_(set(keys)))
        rows = {row.storage_key: row for row in db.session.execute(found).scalars()}
    for key in keys:
        row = rows.get(key)
        if row is None or row.purpose not in purposes or row.owner_user_id != user_id:
            raise ValidationFailed({field: [message]}, message, "FILE_NOT_OURS")
    return [file_url(key) for key in keys]


PICTURE_PURPOSES = ("aftersale", "review", "feedback")  # member pictures (POST /me/uploads?purpose=)
PICTURE_NOT_OURS = "图片只能使用本人在此上传的图片"


def own_pictures(user_id: int, urls: list[str]) -> list[str]:
    """The `images` of an after-sales case, a review or feedback: only pictures this member uploaded at /me/uploads
    (422 FILE_NOT_OURS otherwise), written the way we write stored-file URLs."""
    return own_files("images", urls, user_id, PICTURE_PURPOSES, PICTURE_NOT_OURS)


def delete_file(key: str, at_once: bool = False) -> None:
    """Drop the record now and the bytes once the unit of work commits, so a rollback keeps both (`at_once`: the bytes
    now, for files nothing can refer to any more)."""
    row = find_file(key)
    if row is not None:
        db.session.delete(row)
        db.session.flush()
    storage = get_storage()
    if at_once:
        storage.delete(key)
    else:
        on_commit(lambda: storage.delete(key))
