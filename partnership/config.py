"""Settings, read from environment variables of the same name."""
import os
import secrets


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_url(raw: str | None, instance_path: str) -> str:
    """Normalise DATABASE_URL; default to an SQLite file in the instance folder."""
    if not raw:
        return "sqlite:///" + os.path.join(instance_path, "partnership.sqlite")
    # psycopg 3 is the driver we ship; plain postgres URLs would pick psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def from_environment(instance_path: str) -> dict:
    """Build the configuration mapping from the process environment."""
    env = os.environ
    languages = [code.strip() for code in env.get("LANGUAGES", "en,pt,es").split(",") if code.strip()]
    return {
        # A random key per process is safe for a demo but logs everyone out on restart
        # and breaks multi-process deployments: production must set SECRET_KEY.
        "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_hex(32),
        "SQLALCHEMY_DATABASE_URI": database_url(env.get("DATABASE_URL"), instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SMALL_CELL_MIN": int(env.get("SMALL_CELL_MIN", "5")),
        "MAP_TILE_URL": env.get("MAP_TILE_URL") or None,
        "MAP_TILE_ATTRIBUTION": env.get("MAP_TILE_ATTRIBUTION", ""),
        # Overlaps between two imported areas above this many m² must be corrected before saving.
        "BOUNDARY_MAX_OVERLAP_M2": float(env.get("BOUNDARY_MAX_OVERLAP_M2", "1000")),
        "LANGUAGES": languages,
        "BABEL_DEFAULT_LOCALE": languages[0] if languages else "en",
        "BABEL_DEFAULT_TIMEZONE": env.get("TIMEZONE", "Europe/Lisbon"),
        "UPLOAD_FOLDER": env.get("UPLOAD_FOLDER") or os.path.join(instance_path, "uploads"),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_UPLOAD_MB", "64")) * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE"),
        "PREFERRED_URL_SCHEME": "https" if _bool("SESSION_COOKIE_SECURE") else "http",
        # memory:// is per process; set a shared backend (redis://...) when scaling out.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Failed sign-ins, counted in the database (so across all workers): per account, per address.
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "10 per 5 minutes"),
        "LOGIN_ADDRESS_RATE_LIMIT": env.get("LOGIN_ADDRESS_RATE_LIMIT", "50 per 5 minutes"),
        "PASSWORD_RESET_RATE_LIMIT": env.get("PASSWORD_RESET_RATE_LIMIT", "3 per hour"),
        # Reverse proxies in front of the service whose X-Forwarded-For may be believed (0: none).
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        "INVITATION_MAX_AGE_DAYS": int(env.get("INVITATION_MAX_AGE_DAYS", "7")),
        "PASSWORD_RESET_MAX_AGE_MINUTES": int(env.get("PASSWORD_RESET_MAX_AGE_MINUTES", "60")),
        "SESSION_IDLE_HOURS": int(env.get("SESSION_IDLE_HOURS", "12")),
        # Outgoing email (invitations, password resets); without MAIL_SERVER, links are shown to copy instead.
        "MAIL_SERVER": env.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(env.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", True),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL"),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER") or None,
        "PASSWORD_MIN_LENGTH": int(env.get("PASSWORD_MIN_LENGTH", "12")),
        "RETENTION_DAYS_AUDIT": int(env.get("RETENTION_DAYS_AUDIT", "730")),
        "RETENTION_DAYS_RAW_ANSWERS": int(env.get("RETENTION_DAYS_RAW_ANSWERS", "1095")),
        "WTF_CSRF_TIME_LIMIT": None,
    }
