"""Find the bundled resources (icons, fonts, styles, templates) and the user's data folder."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "Caseworker"
APP_AUTHOR = "Caseworker"

# resources/ sits beside the package in a checkout and in an editable install.
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Return the path of a bundled resource, e.g. resource("styles", "app.qss")."""
    path = RESOURCES.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Caseworker resource missing: {path}")
    return path


def user_data_dir() -> Path:
    """The per-user folder holding the default database and its backups."""
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def default_database_path() -> Path:
    """The embedded default database, used when no `--db` is given."""
    return user_data_dir() / "caseworker.db"


def backup_dir(db_path: Path) -> Path:
    """Backups of a database live in a `backups` folder beside it."""
    return db_path.parent / "backups"
