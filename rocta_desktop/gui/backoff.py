"""The wait after repeated wrong passwords (no Qt, no database: the start screen uses it)."""

from __future__ import annotations


class Backoff:
    """After three wrong passwords in a row, each further attempt waits longer: 5 s, 10 s, 20 s...
    up to 5 minutes. Argon2id already makes every guess slow; this stops a person at the keyboard."""

    FREE_ATTEMPTS = 3

    def __init__(self) -> None:
        self.failures = 0

    def failed(self) -> int:
        """Record a failure; returns the seconds to wait before the next attempt (0: none)."""
        self.failures += 1
        extra = self.failures - self.FREE_ATTEMPTS
        return 0 if extra < 0 else min(5 * 2 ** extra, 300)

    def succeeded(self) -> None:
        self.failures = 0
