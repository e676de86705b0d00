"""What the user typed for --db, understood: a database file, or a PostgreSQL server's database.

    loc = Location.parse("~/Documents/firm.svdesk")          # kind "sqlite", path
    loc = Location.parse("postgresql://anna@office-server/svdesk")  # kind "postgresql", url

Everything a caller needs to show or keep per PC comes from here, whichever store it is:
label (the file's name, or "svdesk on office-server"), local_dir (a folder on this PC for
backups and settings keyed by the database) and safe_text (what a settings file or the recent
databases list may store: a URL never keeps its password).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit

POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2")


def is_url(text: str | Path) -> bool:
    """Whether what was typed names a PostgreSQL database rather than a file."""
    if isinstance(text, Path):
        return False
    scheme = str(text).split("://", 1)[0].lower() if "://" in str(text) else ""
    return scheme in POSTGRES_SCHEMES


@dataclass(frozen=True)
class Location:
    kind: str  # "sqlite" or "postgresql"
    path: Path | None = None  # the file, for "sqlite"
    user: str = ""
    password: str = ""
    host: str = ""  # a name, an address, or a socket folder (starts with /)
    port: int | None = None
    dbname: str = ""
    query: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, text: str | Path) -> Location:
        if not is_url(text):
            return cls("sqlite", path=Path(text).expanduser().resolve())
        parts = urlsplit(str(text))
        query = tuple(parse_qsl(parts.query, keep_blank_values=True))
        host = unquote(parts.hostname or "")
        for key, value in query:
            if key == "host" and not host:
                host = value
        try:
            port = parts.port
        except ValueError:
            port = None
        return cls(
            "postgresql",
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            host=host,
            port=port,
            dbname=unquote(parts.path.lstrip("/")) or unquote(parts.username or "") or "postgres",
            query=tuple((k, v) for k, v in query if k != "host"),
        )

    @property
    def is_postgres(self) -> bool:
        return self.kind == "postgresql"

    @property
    def host_port(self) -> str:
        host = self.host or "localhost"
        return host if host.startswith("/") else f"{host}:{self.port or 5432}"

    @property
    def label(self) -> str:
        """What a window title or a message calls the database."""
        if not self.is_postgres:
            assert self.path is not None
            return self.path.name
        return f"{self.dbname} on {self.host or 'localhost'}"

    @property
    def safe_text(self) -> str:
        """What may be written down (settings, recent list, logs): a path, or the URL without a password."""
        if not self.is_postgres:
            return str(self.path)
        return self.url(with_password=False)

    def url(self, *, with_password: bool = True, driver: str = "postgresql") -> str:
        auth = quote(self.user, safe="")
        if with_password and self.password:
            auth += ":" + quote(self.password, safe="")
        netloc = (auth + "@" if auth else "") + (
            "" if self.host.startswith("/") else quote(self.host, safe="")
        )
        if self.port and not self.host.startswith("/"):
            netloc += f":{self.port}"
        query = list(self.query)
        if self.host.startswith("/"):
            query.insert(0, ("host", self.host))
        tail = "&".join(f"{quote(k, safe='')}={quote(v, safe='/')}" for k, v in query)
        return f"{driver}://{netloc}/{quote(self.dbname, safe='')}" + (f"?{tail}" if tail else "")

    @property
    def keyring_name(self) -> str:
        """The name a password is kept under in the OS keyring: user@host/db."""
        return f"{self.user}@{self.host or 'localhost'}/{self.dbname}"

    def local_dir(self) -> Path:
        """A folder on this PC for what stays per PC (backups, settings) for this database."""
        if not self.is_postgres:
            assert self.path is not None
            return self.path.parent
        from svdesk.paths import data_dir

        key = f"{self.user}@{self.host_port}/{self.dbname}"
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{self.dbname}-{self.host or 'localhost'}").strip("-")
        digest = hashlib.sha256(key.encode()).hexdigest()[:8]
        folder = data_dir() / "servers" / f"{slug[:60]}-{digest}"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def stand_in_path(self) -> Path:
        """A path for code that still keys things by a database file (evidence folder beside it,
        per-database settings): inside local_dir for PostgreSQL, the file itself for SQLite."""
        if not self.is_postgres:
            assert self.path is not None
            return self.path
        return self.local_dir() / f"{self.dbname}.svdesk"
