"""Password hashing (scrypt through werkzeug) and the password rule."""

import re

from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import ValidationFailed

RULE_MESSAGE = "密码需为 8-32 位，且同时包含字母和数字"


def check_password_rule(password: str, field: str = "new_password") -> None:
    if not (8 <= len(password) <= 32 and re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        raise ValidationFailed({field: [RULE_MESSAGE]})
    if re.search(r"\s", password):
        raise ValidationFailed({field: ["密码不能包含空格"]})


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    return check_password_hash(password_hash, password)
