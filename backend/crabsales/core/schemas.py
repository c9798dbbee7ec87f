"""Schema base classes and Chinese validation messages for every marshmallow field and validator."""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import marshmallow as ma
from marshmallow import fields, validate

_FIELD_MESSAGES = {
    fields.Field: {"required": "此项为必填项", "null": "此项不能为空", "validator_failed": "取值不合法"},
    fields.String: {"invalid": "请输入文本", "invalid_utf8": "文本编码不正确"},
    fields.Number: {"invalid": "请输入数字", "too_large": "数值过大"},
    fields.Integer: {"invalid": "请输入整数"},
    fields.Float: {"special": "请输入有效的数字"},
    fields.Decimal: {"special": "请输入有效的数字"},
    fields.Boolean: {"invalid": "请输入 true 或 false"},
    fields.DateTime: {"invalid": "时间格式不正确", "invalid_awareness": "时间格式不正确", "format": "时间格式不正确"},
    fields.Date: {"invalid": "日期格式不正确", "format": "日期格式不正确"},
    fields.List: {"invalid": "请输入列表"},
    fields.Dict: {"invalid": "请输入对象"},
    fields.Nested: {"type": "格式不正确"},
    fields.Url: {"invalid": "请输入正确的网址"},
    fields.Email: {"invalid": "请输入正确的邮箱"},
}
for field_class, messages in _FIELD_MESSAGES.items():
    field_class.default_error_messages = {**getattr(field_class, "default_error_messages", {}), **messages}
fields.Field.default_error_messages.update(_FIELD_MESSAGES[fields.Field])
ma.Schema._default_error_messages = {
    **ma.Schema._default_error_messages,
    "type": "请求体格式不正确",
    "unknown": "不支持的字段",
}

validate.Range.message_min = "不能{min_op} {{min}}"
validate.Range.message_max = "不能{max_op} {{max}}"
validate.Range.message_all = "需在 {{min}} 到 {{max}} 之间"
validate.Range.message_gte = "小于"
validate.Range.message_gt = "小于或等于"
validate.Range.message_lte = "大于"
validate.Range.message_lt = "大于或等于"
validate.Length.message_min = "长度不能少于 {min}"
validate.Length.message_max = "长度不能超过 {max}"
validate.Length.message_all = "长度需在 {min} 到 {max} 之间"
validate.Length.message_equal = "长度需为 {equal}"
validate.Regexp.default_message = "格式不正确"
validate.OneOf.default_message = "取值需为以下之一：{choices}"
validate.ContainsOnly.default_message = "包含不支持的取值"
validate.URL.default_message = "请输入正确的网址"


class InputSchema(ma.Schema):
    """Request bodies: unknown fields are ignored; text is trimmed (passwords are taken as typed)."""

    class Meta:
        unknown = ma.EXCLUDE

    def on_bind_field(self, field_name, field_obj):
        # JSON bodies carry real numbers: 12.5 for a fen amount is an error, never silently 12.
        for candidate in (field_obj, getattr(field_obj, "inner", None)):
            if isinstance(candidate, fields.Integer):
                candidate.strict = True

    @ma.pre_load
    def _trim(self, data, **kwargs):
        if not isinstance(data, dict):
            return data
        return {k: v.strip() if isinstance(v, str) and "password" not in k else v for k, v in data.items()}


class OutputSchema(ma.Schema):
    pass


class QuerySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE


SHANGHAI = ZoneInfo("Asia/Shanghai")


class UtcDateTime(fields.DateTime):
    """Times go out as UTC ISO 8601; a time given without an offset is read as Asia/Shanghai (what people type)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)  # SQLite hands back the UTC it stored, without the zone
        return super()._serialize(value, attr, obj, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        if result.tzinfo is None:
            result = result.replace(tzinfo=SHANGHAI)
        return result.astimezone(UTC)


MAX_ID = 2**63 - 1


def Id(**kwargs):  # noqa: N802 - used like a field class
    """A database id in input: a positive 64-bit integer (larger numbers are refused, not sent to the database)."""
    return fields.Integer(strict=False, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


# C0 and C1 control characters and DEL: invisible, they break lines, Excel files and text messages.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def no_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value):
        raise ma.ValidationError("不能包含换行、制表符等控制字符")


class Name(fields.String):
    """A name people read (a person's, shop's, product's or group's name, a nickname): control characters refused.

    Used for every such input field, so names shown in lists, messages and exports are one line of plain text."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.insert(0, no_control_characters)
