"""What every PostgreSQL benchmark needs first: the connection settings and its own database."""

import os


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
