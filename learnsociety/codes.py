"""Verification codes printed on certificates (Learning Unit recognitions "LU-…",
commendations "AW-…"): random, unguessable, and read aloud or typed without confusing
0/O or 1/I/L."""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 10


def certificate_code(prefix: str) -> str:
    """A new code: ``prefix``, a dash and ten characters of ALPHABET (about 49 bits)."""
    return f"{prefix}-" + "".join(secrets.choice(ALPHABET) for _i in range(LENGTH))
