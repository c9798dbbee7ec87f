"""One error type for the whole API and the handlers that render every error in one JSON shape."""

from __future__ import annotations

import logging

from flask import current_app, has_request_context, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

log = logging.getLogger(__name__)

# Chinese messages for errors raised by the framework rather than by our services.
HTTP_MESSAGES = {
    400: ("BAD_REQUEST", "请求格式不正确"),
    401: ("UNAUTHORIZED", "请先登录"),
    403: ("PERMISSION_DENIED", "没有权限执行此操作"),
    404: ("NOT_FOUND", "请求的资源不存在"),
    405: ("METHOD_NOT_ALLOWED", "不支持该请求方法"),
    409: ("CONFLICT", "操作冲突，请刷新后重试"),
    413: ("PAYLOAD_TOO_LARGE", "提交的内容过大"),
    415: ("UNSUPPORTED_MEDIA_TYPE", "不支持的内容类型"),
    422: ("VALIDATION_ERROR", "提交的数据有误"),
    429: ("RATE_LIMITED", "操作过于频繁，请稍后再试"),
    500: ("INTERNAL_ERROR", "服务器开小差了，请稍后再试"),
}


class AppError(Exception):
    """A business or input error with an HTTP status, a machine code and a Chinese message."""

    http_status = 400

    def __init__(
        self,
        error_code: str,
        message: str,
        http_status: int | None = None,
        errors: dict | None = None,
        retry_after: int | None = None,
        **extra,
    ):
        super().__init__(f"{error_code}: {message}")
        self.error_code = error_code
        self.message = message
        if http_status is not None:
            self.http_status = http_status
        self.errors = errors
        self.retry_after = retry_after
        self.extra = extra


class NotFound(AppError):
    http_status = 404

    def __init__(self, error_code: str = "NOT_FOUND", message: str = "请求的资源不存在", **kw):
        super().__init__(error_code, message, **kw)


class Conflict(AppError):
    http_status = 409


class Forbidden(AppError):
    http_status = 403


class Unauthorized(AppError):
    http_status = 401


class ValidationFailed(AppError):
    http_status = 422

    def __init__(self, errors: dict, message: str = "提交的数据有误", error_code: str = "VALIDATION_ERROR"):
        super().__init__(error_code, message, errors=errors)


class RateLimited(AppError):
    http_status = 429

    def __init__(self, retry_after: int, error_code: str = "RATE_LIMITED", message: str | None = None):
        retry_after = max(1, int(retry_after))
        super().__init__(error_code, message or f"操作过于频繁，请 {retry_after} 秒后再试", retry_after=retry_after)


def error_body(status: int, error_code: str, message: str, errors=None, retry_after=None, **extra) -> dict:
    body = {
        "code": status,
        "status": HTTP_STATUS_CODES.get(status, "Error"),
        "error_code": error_code,
        "message": message,
    }
    if errors:
        body["errors"] = errors
    if retry_after is not None:
        body["retry_after"] = retry_after
    body.update(extra)
    return body


def error_response(status: int, error_code: str, message: str, errors=None, retry_after=None, **extra):
    response = jsonify(error_body(status, error_code, message, errors, retry_after, **extra))
    response.status_code = status
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _flatten_webargs_messages(messages) -> dict:
    """webargs nests messages by location (json, query, files); the client wants field -> [messages]."""
    if not isinstance(messages, dict):
        return {"_schema": [str(messages)]}
    flat: dict = {}
    for location, fields in messages.items():
        if isinstance(fields, dict):
            for field, msgs in fields.items():
                flat[field] = msgs
        else:
            flat[location] = fields
    return flat


def handle_app_error(err: AppError):
    return error_response(err.http_status, err.error_code, err.message, err.errors, err.retry_after, **err.extra)


def _too_large_message() -> str:
    limit = request.max_content_length if has_request_context() else None
    return f"提交的内容过大，最多 {limit / 1048576:g} MB" if limit else HTTP_MESSAGES[413][1]


def handle_http_exception(err: HTTPException):
    status = err.code or 500
    error_code, message = HTTP_MESSAGES.get(status, ("HTTP_ERROR", err.description or "请求错误"))
    data = getattr(err, "data", None) or {}
    errors = None
    if "messages" in data:
        errors = _flatten_webargs_messages(data["messages"])
        if status == 400:
            # A body that is not JSON at all, or of the wrong type, reaches webargs as 400/422.
            status, (error_code, message) = 422, HTTP_MESSAGES[422]
    if status == 413:
        message = _too_large_message()
    response = error_response(status, error_code, message, errors)
    if status == 405 and hasattr(err, "valid_methods") and err.valid_methods:
        response.headers["Allow"] = ", ".join(err.valid_methods)
    return response


def handle_unexpected(err: Exception):
    if isinstance(err, HTTPException):
        return handle_http_exception(err)
    from sqlalchemy.exc import DataError, IntegrityError, OperationalError

    if isinstance(err, IntegrityError):
        # A constraint caught what the service should have refused: still a conflict, never a 500.
        log.warning("integrity error: %s", err.orig)
        return error_response(409, "CONFLICT", "数据已被其他操作修改或仍被引用，请刷新后重试")
    if isinstance(err, OperationalError):
        # A deadlock or lock timeout picked this request to give way: nothing was written; a retry is safe.
        log.warning("database refused to wait: %s", err.orig)
        return error_response(409, "BUSY_RETRY", "系统繁忙，请稍后重试")
    if isinstance(err, DataError):
        # Input the schemas let through but the database cannot hold (a safety net; schemas should catch it first).
        log.warning("database refused input: %s", err.orig)
        return error_response(422, "VALUE_OUT_OF_RANGE", "提交的数值超出允许范围")
    log.exception("Unhandled error")
    if current_app.config.get("PROPAGATE_UNEXPECTED"):
        raise err
    return error_response(500, *HTTP_MESSAGES[500])


def register_error_handlers(app):
    app.register_error_handler(AppError, handle_app_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
