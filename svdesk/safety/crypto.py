"""Passphrase encryption for archives: scrypt key derivation, AES-256-GCM in authenticated chunks.

The archive is encrypted in 1 MiB chunks so a large evidence folder never has to fit in memory.
Each chunk is sealed with AES-GCM under a nonce made of a random per-file prefix, the chunk number
and a "last chunk" flag, with the file header as associated data. So a wrong passphrase, a changed
byte, chunks swapped or the file cut short at any point all fail authentication: nothing
decrypted is ever trusted unless the whole file verifies.

File layout: MAGIC | version (1) | log2(scrypt N) (1) | r (1) | p (1) | salt (16) | prefix (7) |
chunks, each ciphertext + 16-byte tag.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from svdesk.safety.errors import SafetyError

MAGIC = b"SVDESK-ENCRYPTED\n"
VERSION = 1
CHUNK = 1 << 20
TAG = 16
SCRYPT_LOG2_N = 17  # 128 MiB of memory, about half a second: slow for guessing, fine once
SCRYPT_R = 8
SCRYPT_P = 1
_HEADER = struct.Struct(">BBBB16s7s")
DAMAGED_HEADER = "This archive's header is damaged or not made by svdesk. Use another copy of the archive."


class WrongPassphrase(SafetyError):
    pass


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def _key(passphrase: str, salt: bytes, log2n: int, r: int, p: int) -> bytes:
    if not passphrase:
        raise SafetyError("Enter a passphrase.")
    return Scrypt(salt=salt, length=32, n=1 << log2n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">I?", index, last)


def encrypt_file(source: Path, target: BinaryIO, passphrase: str) -> None:
    salt, prefix = os.urandom(16), os.urandom(7)
    header = MAGIC + _HEADER.pack(VERSION, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, salt, prefix)
    aead = AESGCM(_key(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P))
    target.write(header)
    with open(source, "rb") as fh:
        index = 0
        chunk = fh.read(CHUNK)
        while True:
            following = fh.read(CHUNK)
            last = not following
            target.write(aead.encrypt(_nonce(prefix, index, last), chunk, header))
            if last:
                break
            chunk, index = following, index + 1


def decrypt_file(source: Path, target: BinaryIO, passphrase: str) -> None:
    """Decrypt source into target; raises WrongPassphrase or SafetyError, never returns bad data
    as good (the caller must discard target on error)."""
    with open(source, "rb") as fh:
        magic = fh.read(len(MAGIC))
        raw = fh.read(_HEADER.size)
        if magic != MAGIC or len(raw) != _HEADER.size:
            raise SafetyError(f"{source.name} is not an encrypted svdesk archive.")
        version, log2n, r, p, salt, prefix = _HEADER.unpack(raw)
        if version != VERSION:
            raise SafetyError(f"{source.name} was encrypted by a newer svdesk; update svdesk.")
        # Bound the work a (possibly forged) header can demand to what svdesk itself writes,
        # with a small margin (a later svdesk may raise the cost by one step).
        if not (SCRYPT_LOG2_N - 3 <= log2n <= SCRYPT_LOG2_N + 1 and r == SCRYPT_R and p == SCRYPT_P):
            raise SafetyError(
                f"{source.name} has a damaged header and cannot be decrypted. " + DAMAGED_HEADER
            )
        header = magic + raw
        try:
            key = _key(passphrase, salt, log2n, r, p)
        except (MemoryError, ValueError, OverflowError) as exc:
            if isinstance(exc, SafetyError):
                raise
            raise SafetyError(f"{source.name}: {DAMAGED_HEADER}") from None
        aead = AESGCM(key)
        index = 0
        block = fh.read(CHUNK + TAG)
        while True:
            following = fh.read(CHUNK + TAG)
            last = not following
            try:
                target.write(aead.decrypt(_nonce(prefix, index, last), block, header))
            except InvalidTag:
                if index == 0:
                    raise WrongPassphrase(
                        "The passphrase is wrong, or the archive has been changed. Check the "
                        "passphrase (it is case-sensitive) and try again."
                    ) from None
                raise SafetyError(
                    f"{source.name} is damaged or incomplete (part {index + 1} does not verify). "
                    "Copy it again from where it was saved, or use another archive."
                ) from None
            if last:
                return
            block, index = following, index + 1
