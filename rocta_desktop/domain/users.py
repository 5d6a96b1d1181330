"""Users, roles and what each role may do (enforced in services, not by hiding buttons)."""

from __future__ import annotations

import enum
import re
import secrets

from .errors import Problem, ValidationError


class Role(enum.Enum):
    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


class Permission(enum.Enum):
    EDIT_RECORDS = "edit records"
    APPROVE = "approve assessments and disruptions"
    MANAGE_USERS = "manage users"
    MANAGE_REFERENCE_DATA = "manage forces, agencies and units"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ANALYST: frozenset({Permission.EDIT_RECORDS}),
    Role.SUPERVISOR: frozenset({Permission.EDIT_RECORDS, Permission.APPROVE}),
    Role.ADMINISTRATOR: frozenset(Permission),
}

_USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
MIN_PASSWORD_LENGTH = 10


def normalise_username(name: str) -> str:
    n = (name or "").strip().lower()
    if not _USERNAME_RE.match(n):
        raise ValidationError(Problem(
            "username", "use 2-32 characters: a letter first, then letters, digits, '.', '_' or '-'"))
    return n


def check_password_policy(password: str, username: str | None = None) -> None:
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"must be at least {MIN_PASSWORD_LENGTH} characters")
    if username and username.lower() in password.lower():
        problems.append("must not contain the username")
    if len(set(password)) < 4:
        problems.append("must use at least 4 different characters")
    if problems:
        raise ValidationError([Problem("password", p) for p in problems])


def new_temporary_password(username: str | None = None) -> str:
    """A one-time password an administrator hands over (after a re-key): 4 groups of 4 letters and
    digits that read off a screen without 0/O or 1/I confusion (about 80 bits)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
    while True:
        text = "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))
        try:
            check_password_policy(text, username)
        except ValidationError:
            continue
        return text


def password_strength(password: str) -> tuple[int, str]:
    """A rough 0-4 strength hint for the sign-up form (length and variety), with a word for it."""
    classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    score = 0
    if len(password) >= MIN_PASSWORD_LENGTH:
        score = 1 + (classes >= 3) + (len(password) >= 14) + (len(password) >= 20 and classes >= 3)
    return score, ["too short", "weak", "fair", "good", "strong"][score]
