"""Writing the package: the zip (members hashed as they are written), the inclusion proofs,
the manifest and its signature, and the PDF (made by ``ui.report_pdf`` in a subprocess: the
core never imports Qt, as ``warroom gui`` starts ``ui.app``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import tempfile
import time
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from warroom.domain import merkle
from warroom.domain.notes import InclusionProof, Signature, SignedNote, b64
from warroom.errors import WarroomError
from warroom.frozen import GUI_NAME, is_frozen, module_command, sibling_executable
from warroom.progress import Progress, no_progress

MANIFEST_FORMAT = "warroom-appeal/1"
MANIFEST_SIG_HEADER = "warroom-appeal-manifest/1"
CONSISTENCY_HEADER = "warroom-consistency/1"
PDF_MODULE = "ui.report_pdf"
PDF_TIMEOUT_S = 600
STREAM_FLUSH = 1 << 20
COMPRESS_LEVEL = 6
#: audit.jsonl (hundreds of MB for a million entries): deflate level 1 is three times faster than
#: 6 for a zip about 10 % larger
STREAM_COMPRESS_LEVEL = 1


class ExportError(WarroomError):
    """The package could not be made (the PDF, the output file): nothing was written."""

    exit_code = 3


class _Stream:
    """A member written piece by piece (``audit.jsonl``): buffered, hashed, compressed."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle
        self._parts: list[bytes] = []
        self._pending = 0
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self._parts.append(data)
        self._pending += len(data)
        if self._pending >= STREAM_FLUSH:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            chunk = b"".join(self._parts)
            self.sha.update(chunk)
            self._handle.write(chunk)
            self.size += len(chunk)
            self._parts, self._pending = [], 0

    def close(self) -> None:
        self.flush()
        self._handle.close()


class PackageWriter:
    """A zip written to ``path`` (a temporary file beside the output), every member's SHA-256
    kept for the manifest."""

    def __init__(self, path: Path, when: datetime) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL,
                                   allowZip64=True)
        self.date_time = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
        self.hashes: dict[str, str] = {}
        self._stream: tuple[str, _Stream] | None = None

    def _info(self, name: str, level: int = COMPRESS_LEVEL) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        # the level of a member given as a ZipInfo: ``compress_level`` from Python 3.13 on
        setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", level)
        info.external_attr = 0o644 << 16
        return info

    def stream(self, name: str) -> _Stream:
        stream = _Stream(self.zip.open(self._info(name, STREAM_COMPRESS_LEVEL), "w", force_zip64=True))
        self._stream = (name, stream)
        return stream

    def end_stream(self) -> None:
        if self._stream is not None:
            name, stream = self._stream
            stream.close()
            self.hashes[name] = stream.sha.hexdigest()
            self._stream = None

    def add(self, name: str, data: bytes) -> None:
        self.zip.writestr(self._info(name), data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)
        self.hashes[name] = hashlib.sha256(data).hexdigest()

    def close(self) -> None:
        if self._stream is not None:
            self._stream[1]._handle.close()
            self._stream = None
        self.zip.close()

    def abort(self) -> None:
        try:
            self.close()
        except Exception:          # the file goes anyway
            pass
        self.path.unlink(missing_ok=True)


# ---------------------------------------------------------------- proofs, checkpoints, manifest

def proof_member(seq: int) -> str:
    return f"proofs/{seq}.tlog-proof"


def inclusion_proof(tree: merkle.Tree, seq: int, size: int, checkpoint_note: str) -> str:
    """The C2SP tlog-proof of entry ``seq`` (leaf ``seq - 1``) in the tree of ``size`` leaves."""
    return str(InclusionProof(seq - 1, tuple(tree.inclusion_proof(seq - 1, size)), checkpoint_note))


def consistency_member(old_size: int) -> str:
    return f"consistency/{old_size}.txt"


def consistency_proof(tree: merkle.Tree, old_size: int, size: int) -> str:
    """RFC 6962 ``PROOF(old_size, D[size])``: ``warroom-consistency/1``, ``old N``, ``new M``,
    then the hashes in base64, one per line (in a package whose audit.jsonl is withheld, it
    shows each earlier checkpoint is a prefix of the package's)."""
    return (f"{CONSISTENCY_HEADER}\nold {old_size}\nnew {size}\n"
            + "".join(f"{b64(h)}\n" for h in tree.consistency_proof(old_size, size)))


def manifest_bytes(fields: dict[str, Any], files: dict[str, str]) -> bytes:
    doc = {"format": MANIFEST_FORMAT, **fields, "files": dict(sorted(files.items()))}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def manifest_signature(manifest: bytes, name: str, key_id: bytes, sign: Callable[[bytes], bytes]) -> str:
    """The signed note over the manifest's SHA-256 (docs/appeal-package.md, section 3)."""
    text = f"{MANIFEST_SIG_HEADER}\n{hashlib.sha256(manifest).hexdigest()}\n"
    return str(SignedNote(text, (Signature(name, key_id, sign(text.encode("utf-8"))),)))


def verifier_source() -> bytes | None:
    """``tools/verify_appeal.py`` of this installation, if there is one."""
    from warroom import paths

    path = paths.resources_dir().parent / "tools" / "verify_appeal.py"
    try:
        return path.read_bytes()
    except OSError:
        return None


# ---------------------------------------------------------------- the PDF

def pdf_adapter_available() -> bool:
    """Whether ``ui.report_pdf`` is installed here (looked up without importing ``ui``)."""
    if is_frozen():   # the installed build: the console's executable runs it (build_installer.spec)
        return sibling_executable(GUI_NAME).is_file()
    try:
        spec = importlib.util.find_spec("ui")
    except (ImportError, ValueError):
        return False
    if spec is None or not spec.submodule_search_locations:
        return False
    return any((Path(p) / "report_pdf.py").is_file() for p in spec.submodule_search_locations)


def make_pdf(html: str, header: str, footer: str, *, progress: Progress = no_progress,
             timeout: float = PDF_TIMEOUT_S) -> tuple[bytes, list[str]]:
    """Run ``python -m ui.report_pdf IN.html OUT.pdf --header H --footer F``; the PDF's bytes and
    the adapter's warnings.  ``progress`` is called while it runs (and may cancel it)."""
    with tempfile.TemporaryDirectory(prefix="warroom-report-") as folder:
        src, dst = Path(folder) / "report.html", Path(folder) / "report.pdf"
        src.write_text(html, encoding="utf-8")
        argv = module_command(PDF_MODULE) + [str(src), str(dst), "--header", header, "--footer", footer]
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as exc:
            raise ExportError(f"the PDF could not be made: {exc.strerror or exc} (export with --no-pdf to go "
                              "without it)") from None
        deadline = time.monotonic() + timeout
        try:
            while proc.poll() is None:
                progress(0, None, "rendering the PDF")
                if time.monotonic() > deadline:
                    raise ExportError(f"the PDF was not made within {timeout:g} s (export with --no-pdf to go "
                                      "without it)")
                try:
                    proc.wait(timeout=0.2)
                except subprocess.TimeoutExpired:
                    pass
        except BaseException:
            proc.kill()
            proc.communicate()
            raise
        out, err = proc.communicate()
        lines = [line.strip() for line in err.decode("utf-8", "replace").splitlines() if line.strip()]
        if proc.returncode != 0 or not dst.is_file():
            why = next((line for line in reversed(lines) if not line.startswith("Traceback")), None) \
                or f"exit code {proc.returncode}"
            raise ExportError(f"the PDF could not be made ({PDF_MODULE}: {why}); export with --no-pdf to go "
                              "without it")
        warnings = [line.split("warning:", 1)[1].strip() for line in lines if "warning:" in line]
        return dst.read_bytes(), warnings


# ---------------------------------------------------------------- placing the file

def temporary_beside(out: Path) -> Path:
    """A new private (0600) file beside ``out``, to be renamed to it at the end."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise ExportError(f"cannot write in {out.parent}: {exc.strerror or exc}") from None
    os.close(fd)
    return Path(name)


def place(tmp: Path, out: Path) -> None:
    """Make the finished file ``out`` (fsynced first); never replace a file that exists."""
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    try:
        os.link(tmp, out)
    except FileExistsError:
        raise ExportError(f"{out} appeared while the package was made: it is never overwritten; "
                          "export again under another name") from None
    except OSError:                       # a file system without hard links (FAT, some shares)
        if out.exists():
            raise ExportError(f"{out} exists: an appeal package is never overwritten") from None
        os.replace(tmp, out)
        return
    tmp.unlink()


def file_sha256(path: Path) -> tuple[str, int]:
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size
