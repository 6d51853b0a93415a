"""Password rules and hashing that costs the same whether or not an account exists.

Strength: zxcvbn (the estimator Dropbox published, MIT licence) ships, offline, the most common
passwords of public breach corpora (the 30,000 most frequent of a 10-million-password leak
compilation) plus English words, names and keyboard patterns, and recognises repeats and
sequences ("aaaaaaaaaaaa", "abcabcabcabc", "123456789012"). A password is refused below score 3
("safely unguessable": about 10^8 guesses), on top of the minimum length.
"""
from __future__ import annotations

from functools import lru_cache

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

# zxcvbn refuses longer input; a password of this length is never weak for length reasons anyway.
ZXCVBN_MAX_LENGTH = 72
MIN_SCORE = 3


def hash_method() -> str:
    # scrypt by default; the test configuration picks a cheaper method to keep the suite fast.
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"


@lru_cache(maxsize=8)
def _dummy_hash(method: str) -> str:
    return generate_password_hash("no account has this password", method=method)


def verify(stored_hash: str | None, password: str) -> bool:
    """Check `password` against `stored_hash`, spending the same work when there is no hash.

    Without this, an unknown email (or an account still waiting for its invitation) answered in
    a fraction of the time a known one did, and sign-in told who has an account.
    """
    if stored_hash:
        return check_password_hash(stored_hash, password)
    check_password_hash(_dummy_hash(hash_method()), password)
    return False


def problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why `password` is refused, in words for its owner, or None when it is acceptable."""
    password = password or ""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"] if has_app_context() else 12
    if len(password) < minimum:
        return str(_l("Use at least %(n)d characters.", n=minimum))
    if email and password.strip().lower() == email.strip().lower():
        return str(_l("Your password must not be your email address."))
    inputs = [part for part in (email, email.split("@")[0] if email else "", name) if part]
    result = zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=inputs)
    if result["score"] >= MIN_SCORE:
        return None
    patterns = {match.get("pattern") for match in result.get("sequence", [])}
    dictionaries = {match.get("dictionary_name") for match in result.get("sequence", [])}
    if patterns & {"repeat", "sequence"} and len(patterns) == 1:
        return str(_l("This password repeats a character or a pattern; choose one that is harder to guess."))
    if "passwords" in dictionaries:
        return str(_l("This password is on lists of common or leaked passwords; choose another."))
    return str(_l("This password is too easy to guess. A few unrelated words together work well."))
