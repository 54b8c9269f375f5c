"""Low-level ZIP writing for bundles: fast, hashed copies of the video.

The video is copied into a stored member while it is hashed, inside the kernel where it can
(this leans on CPython's zipfile internals, checked before use, with a portable fallback);
members start on page boundaries.
"""

from __future__ import annotations

import hashlib
import os
import struct
import threading
import zipfile
import zlib
from collections.abc import Generator
from datetime import datetime
from pathlib import Path
from typing import Any


class HashingCopy:
    """Copy a file into a stored ZIP member, its SHA-256 taken by a thread started at once.

    The hash runs from the moment the export begins, beside everything else. Where the
    system can (Linux's copy_file_range), the bytes go from file to file inside the
    kernel, as a plain file copy does, and a second thread reads them from the page cache
    for the ZIP's CRC-32. Elsewhere, or if the kernel refuses, the bytes pass through
    Python and zipfile computes the CRC itself.
    """

    CHUNK = 8 << 20

    def __init__(self, src: Path) -> None:
        self.src = src
        self.size = src.stat().st_size
        self._stop = threading.Event()
        self._digest = hashlib.sha256()
        self._error: OSError | None = None
        self._sha_thread = threading.Thread(target=self._hash, name="evidence-sha256", daemon=True)
        self._sha_thread.start()

    def _read(self) -> Generator[bytes, None, None]:
        with open(self.src, "rb") as fh:
            while not self._stop.is_set() and (chunk := fh.read(self.CHUNK)):
                yield chunk

    def _hash(self) -> None:
        try:
            for chunk in self._read():
                self._digest.update(chunk)
        except OSError as exc:
            self._error = exc

    def hexdigest(self) -> str:
        """The SHA-256 of the source file (waits for the thread)."""
        self._sha_thread.join()
        if self._error is not None:
            raise self._error
        return self._digest.hexdigest()

    def close(self) -> None:
        """Stop hashing early (a cancelled or failed export) and wait for the thread."""
        self._stop.set()
        self._sha_thread.join()

    def run(self, member: Any) -> Generator[int, None, None]:
        """Copy into an open ZIP member (zipfile's writer), yielding bytes done."""
        if _kernel_copy_usable(member):
            try:
                yield from self._run_in_kernel(member)
                return
            except _KernelCopyRefused:
                pass  # nothing was written to the member yet: copy through Python instead
        with open(self.src, "rb") as fh:
            while chunk := fh.read(self.CHUNK):
                member.write(chunk)  # zipfile adds the CRC-32 itself
                yield len(chunk)

    def _run_in_kernel(self, member: Any) -> Generator[int, None, None]:
        out = member._fileobj
        out.flush()
        start = out.tell()
        crc = [0]

        def crc_of_file() -> None:
            for chunk in self._read():
                crc[0] = zlib.crc32(chunk, crc[0])

        with open(self.src, "rb") as fh:
            try:
                first = os.copy_file_range(
                    fh.fileno(), out.fileno(), min(self.CHUNK, self.size), 0, start
                )
            except OSError as exc:  # another file system, an old kernel, no support
                raise _KernelCopyRefused from exc
            thread = threading.Thread(target=crc_of_file, name="evidence-crc32", daemon=True)
            thread.start()
            try:
                done = first
                yield first
                while done < self.size:
                    n = os.copy_file_range(
                        fh.fileno(),
                        out.fileno(),
                        min(self.CHUNK, self.size - done),
                        done,
                        start + done,
                    )
                    if n == 0:
                        raise OSError(f"{self.src} became shorter while it was copied")
                    done += n
                    yield n
            finally:
                thread.join()
        out.seek(start + done)
        # zipfile writes the header from these when the member closes, as after write().
        member._file_size = member._compress_size = done
        member._crc = crc[0]


_ALIGN = 4096
_ALIGNMENT_EXTRA_ID = 0xD935  # zipalign's: readers skip extra fields they do not know


def alignment_extra(header_offset: int, info: zipfile.ZipInfo, zip64: bool) -> bytes:
    """An extra field that starts the member's data on a page boundary.

    The kernel copies whole pages from file to file; data at an odd offset would make it
    copy piecemeal, several times slower.
    """
    name_len = len(info.filename.encode("utf-8"))
    fixed = 30 + name_len + 6 + (20 if zip64 else 0)  # header, name, our field, zip64 field
    pad = (-(header_offset + fixed)) % _ALIGN
    return struct.pack("<HHH", _ALIGNMENT_EXTRA_ID, 2 + pad, _ALIGN) + bytes(pad)


class _KernelCopyRefused(Exception):
    """copy_file_range cannot be used here; fall back to copying through Python."""


def _kernel_copy_usable(member: Any) -> bool:
    # The fast path leans on zipfile's writer keeping its running totals in these
    # attributes (CPython 3.8 to 3.13); with anything else, the portable path is used.
    return (
        hasattr(os, "copy_file_range")
        and all(hasattr(member, a) for a in ("_file_size", "_compress_size", "_crc"))
        and getattr(member, "_compressor", True) is None
        and hasattr(getattr(member, "_fileobj", None), "fileno")
    )


def zip_time(value: datetime) -> tuple[int, int, int, int, int, int]:
    # ZIP stores local wall time without a zone; the manifest carries the exact UTC times.
    local = value.astimezone()
    return (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)
