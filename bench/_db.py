"""What every PostgreSQL benchmark needs first: the connection settings and its own database."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def connect_params() -> dict[str, str | None]:
    """psycopg keyword arguments from the project's variables (DB_HOST, DB_PORT, DB_USER, DB_PASSWORD)."""
    return {
        "host": os.getenv("DB_HOST", "127.0.0.1"),
        "port": os.getenv("DB_PORT", "5432"),
        "user": os.getenv("DB_USER", "postgres"),
        "password": os.getenv("DB_PASSWORD", "") or None,
    }


def ensure_database(name: str, *, reset: bool = False) -> None:
    """Create the benchmark's database when missing (drop it first with reset)."""
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **connect_params()) as con:
        exists = con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reset:
            con.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            con.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def configure(db_name: str, **extra: str) -> dict[str, str]:
    """Point this process's Django at the benchmark's PostgreSQL database, DEBUG off, quiet logs and
    a var dir of its own; `extra` adds or overrides variables. The environment for subprocesses."""
    env = {
        "DB": "postgres",
        "DB_NAME": db_name,
        "DEBUG": "False",
        "SECRET_KEY": os.getenv("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"),
        "THANRAK_VAR_DIR": str(ROOT / "var" / "bench"),
        "LOG_LEVEL": "ERROR",
        **extra,
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanrak.settings")
    return {**os.environ, **env}
