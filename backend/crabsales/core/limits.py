"""Request body limits: a small size limit for JSON APIs (larger only where a view asks for it) and a JSON body that
is checked once, for every endpoint, before any view or schema reads it."""

from __future__ import annotations

import json

from flask import current_app, request

from ..errors import AppError

MIB = 1024 * 1024
# Slack over an upload's own file limit for the multipart framing: a file just over the limit still reaches the
# endpoint, which answers with its own clear message; anything far over is cut off at the door with a 413.
MULTIPART_SLACK = MIB
# No request body of this API nests deeper than a few levels; this leaves room and stops recursion bombs.
MAX_JSON_DEPTH = 32


def body_limit(max_bytes: int):
    """Let one view accept a body larger than MAX_CONTENT_LENGTH (uploads and imports). Put it right under the route."""

    def decorator(view):
        view.max_body_bytes = max_bytes
        return view

    return decorator


def raw_body(view):
    """The view reads and judges its body itself (signed provider notifications must be recorded even when their body
    is not JSON). Put it right under the route."""
    view.raw_body = True
    return view


def upload_limit(file_max_bytes: int):
    """The body limit of an upload endpoint whose file may be up to file_max_bytes."""
    return body_limit(file_max_bytes + MULTIPART_SLACK)


class MalformedJson(AppError):
    http_status = 400

    def __init__(self):
        super().__init__("MALFORMED_JSON", "请求体不是有效的 JSON 或嵌套过深")


def _too_deep(value, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _apply_body_limit():
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "max_body_bytes", None)
    if limit:
        request.max_content_length = limit


def _check_json_body():
    if not request.is_json:
        return
    if getattr(current_app.view_functions.get(request.endpoint or ""), "raw_body", False):
        return
    data = request.get_data(cache=True)  # over the size limit: 413 here, before anything else reads it
    if not data.strip():
        return
    try:
        parsed = json.loads(data)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise MalformedJson() from exc
    if _too_deep(parsed, MAX_JSON_DEPTH):
        raise MalformedJson()


def init_request_limits(app):
    # create_app calls this before anything else registers a hook: the limit holds before the body is touched.
    app.before_request(_apply_body_limit)
    app.before_request(_check_json_body)
