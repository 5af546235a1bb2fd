"""Staff authentication: accounts with scrypt-hashed passwords, an optional operator token, and
signed login cookies for the staff page.

Residents' pages and API (`/`, `/api/ask`, `/api/search`, `/api/calc`, `POST /api/feedback`) need no
login. Everything under `/staff/` (the staff page) and the staff API (`/api/unanswered`, `GET
/api/feedback`, …) does:

- **accounts** (`yibao staff add NAME` prints a generated password once; `yibao staff remove NAME`,
  `yibao staff list`) are kept in `<YIBAO_DATA_DIR>/staff.json` (or `YIBAO_STAFF_FILE`), readable by
  the service's user only, each password as `scrypt$n$r$p$salt$hash` (hashlib.scrypt, a random salt
  per account), never in clear. The file also holds the random secret that signs login cookies,
  so every worker of the service on the same data dir accepts the same cookie;
- an **operator token** for scripts: `yibao staff token` prints a new token and the hash to put in
  `YIBAO_STAFF_TOKEN_HASH`; requests send it as `Authorization: Bearer <token>`.

Credentials are accepted as the login cookie (the page, after `/staff/login`), HTTP Basic
(`name:password`) or the Bearer token. A cookie names its account and a fingerprint of its
password hash and expires after `SESSION_HOURS`: removing an account or changing its password ends
its sessions.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

STAFF_FILE_ENV = "YIBAO_STAFF_FILE"
TOKEN_HASH_ENV = "YIBAO_STAFF_TOKEN_HASH"
STAFF_FILE = "staff.json"
COOKIE_NAME = "yibao_staff"
SESSION_HOURS = 12
TOKEN_STAFF = "运维令牌"  # who the operator token acts as, in handled-by columns
NAME_RE = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{1,32}$")

# scrypt cost: 16 MiB of memory and some tens of milliseconds per check
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2 ** 14, 8, 1, 32
PASSWORD_CHARS = 16


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_secret(secret: str, salt: bytes | None = None) -> str:
    """`scrypt$n$r$p$salt$hash` of a password or token (a fresh random salt unless given)."""
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=SCRYPT_LEN)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_secret(secret: str, encoded: str) -> bool:
    """Whether `secret` hashes to `encoded` (constant-time comparison; a malformed hash is False)."""
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = _unb64(digest)
        actual = hashlib.scrypt(secret.encode("utf-8"), salt=_unb64(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected))
    except (ValueError, binascii.Error, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def new_password() -> str:
    return secrets.token_urlsafe(PASSWORD_CHARS)[:PASSWORD_CHARS]


class StaffAccounts:
    """The staff accounts file, the operator token's hash, and the cookies signed with the file's secret."""

    def __init__(self, path: Path | str, token_hash: str | None = None):
        self.path = Path(path)
        self.token_hash = (token_hash or "").strip() or None
        self._lock = threading.Lock()
        self._cache: tuple[tuple[int, int], dict[str, Any]] | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StaffAccounts:
        env = os.environ if environ is None else environ
        path = (env.get(STAFF_FILE_ENV) or "").strip()
        if not path:
            from bot.config import Settings

            path = str(Path(Settings.from_env(dict(env)).index.data_dir) / STAFF_FILE)
        return cls(path, env.get(TOKEN_HASH_ENV))

    # -- the file ------------------------------------------------------------------------------

    def _read(self) -> dict[str, Any]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return {"secret": None, "accounts": {}}
        key = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if self._cache is not None and self._cache[0] == key:
                return self._cache[1]
            data = json.loads(self.path.read_text(encoding="utf-8"))
            data.setdefault("accounts", {})
            self._cache = (key, data)
            return data

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
        os.replace(temporary, self.path)
        with self._lock:
            self._cache = None

    # -- accounts ------------------------------------------------------------------------------

    def names(self) -> list[str]:
        return sorted(self._read()["accounts"])

    @property
    def configured(self) -> bool:
        """Whether anyone can log in (an account or the token)."""
        return bool(self.names()) or self.token_hash is not None

    def add(self, name: str, password: str | None = None, replace: bool = False) -> str:
        """Create (or with `replace`, reset) an account; returns its password (generated unless given)."""
        if not NAME_RE.match(name or ""):
            raise ValueError("账号名只能由 1–32 个汉字、字母、数字或 _ . - 组成")
        password = password or new_password()
        if len(password) < 8:
            raise ValueError("密码至少 8 个字符")
        data = json.loads(json.dumps(self._read()))
        if name in data["accounts"] and not replace:
            raise ValueError(f"账号“{name}”已存在（重设密码请加 --reset）")
        data["secret"] = data.get("secret") or secrets.token_hex(32)
        data["accounts"][name] = {"hash": hash_secret(password), "created": time.time()}
        self._write(data)
        return password

    def remove(self, name: str) -> bool:
        data = json.loads(json.dumps(self._read()))
        if data["accounts"].pop(name, None) is None:
            return False
        self._write(data)
        return True

    def check_password(self, name: str, password: str) -> bool:
        account = self._read()["accounts"].get(name or "")
        if account is None:
            verify_secret(password or "", hash_secret("-", salt=b"0" * 16))  # same cost for an unknown name
            return False
        return verify_secret(password or "", account["hash"])

    def check_token(self, token: str) -> bool:
        return self.token_hash is not None and bool(token) and verify_secret(token, self.token_hash)

    # -- cookies -------------------------------------------------------------------------------

    def _fingerprint(self, name: str) -> str | None:
        account = self._read()["accounts"].get(name)
        if account is None:
            return None
        return hashlib.sha256(account["hash"].encode("ascii")).hexdigest()[:16]

    def _sign(self, payload: str) -> str | None:
        secret = self._read().get("secret")
        if not secret:
            return None
        return hmac.new(secret.encode("ascii"), payload.encode("ascii"), hashlib.sha256).hexdigest()

    def issue_cookie(self, name: str, now: float | None = None) -> str:
        """The login cookie's value for an account (after its password was checked)."""
        fingerprint = self._fingerprint(name)
        if fingerprint is None:
            raise ValueError(f"no staff account {name!r}")
        expires = int((time.time() if now is None else now) + SESSION_HOURS * 3600)
        payload = _b64(json.dumps({"n": name, "e": expires, "f": fingerprint}, ensure_ascii=False).encode("utf-8"))
        return f"{payload}.{self._sign(payload)}"

    def cookie_staff(self, value: str | None, now: float | None = None) -> str | None:
        """The account a login cookie names, or None (forged, expired, account removed or re-keyed)."""
        if not value or "." not in value:
            return None
        payload, signature = value.rsplit(".", 1)
        expected = self._sign(payload)
        if expected is None or not hmac.compare_digest(expected, signature):
            return None
        try:
            data = json.loads(_unb64(payload))
            name, expires, fingerprint = str(data["n"]), int(data["e"]), str(data["f"])
        except (ValueError, KeyError, TypeError, binascii.Error):
            return None
        if expires < (time.time() if now is None else now) or self._fingerprint(name) != fingerprint:
            return None
        return name

    # -- a request -----------------------------------------------------------------------------

    def staff_of(self, headers: Mapping[str, str], cookies: Mapping[str, str]) -> str | None:
        """Who a request is from: its login cookie, HTTP Basic account or Bearer token; else None."""
        name = self.cookie_staff(cookies.get(COOKIE_NAME))
        if name is not None:
            return name
        scheme, _, credentials = (headers.get("authorization") or "").partition(" ")
        scheme, credentials = scheme.lower(), credentials.strip()
        if scheme == "bearer" and self.check_token(credentials):
            return TOKEN_STAFF
        if scheme == "basic":
            try:
                user, _, password = base64.b64decode(credentials, validate=True).decode("utf-8").partition(":")
            except (ValueError, binascii.Error, UnicodeDecodeError):
                return None
            if self.check_password(user, password):
                return user
        return None
