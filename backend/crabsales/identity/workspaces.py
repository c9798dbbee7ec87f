"""Workspaces a user can act in. Every user is a member; other domains register providers for their roles."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import Forbidden

_PROVIDERS: list[Callable] = []


def workspace_provider(func: Callable) -> Callable:
    """Register func(user) -> list of {"workspace": "dealer:3", "label": "..."}."""
    _PROVIDERS.append(func)
    return func


def workspaces_for(user) -> list[dict]:
    items = [{"workspace": "member", "label": "会员"}]
    for provider in _PROVIDERS:
        items.extend(provider(user))
    return items


def check_workspace(user, workspace: str) -> str:
    if workspace not in {item["workspace"] for item in workspaces_for(user)}:
        raise Forbidden("WORKSPACE_DENIED", "您没有该身份，无法切换")
    return workspace


def usable_workspace(user, workspace: str) -> str:
    """The workspace if the user still holds it, otherwise member (roles can be taken away between logins)."""
    return workspace if workspace in {i["workspace"] for i in workspaces_for(user)} else "member"
