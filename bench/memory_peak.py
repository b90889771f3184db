"""Peak memory of one document's processing, whole process tree (Tesseract included), on hostile images.

Each case is processed by ``fiches show`` in a process of its own; /proc is sampled every 20 ms
and the resident memory of the process and all its descendants summed. The baseline is an
ordinary A4 page scanned at 300 DPI, measured in the same run; the target is under 1.5 GB for
any single image, whatever size and resolution it declares.

    .venv/bin/python bench/memory_peak.py
"""

from __future__ import annotations

import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
LIMIT_MB = 1536
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and every process below it, in MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


def peak(command: list[str]) -> tuple[float, float, int]:
    """(peak MB of the tree, seconds, exit code)."""
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    highest = 0.0
    while process.poll() is None:
        highest = max(highest, tree_rss_mb(process.pid))
        time.sleep(0.02)
    return highest, time.monotonic() - started, process.returncode


def a4_page(path: Path) -> Path:
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 50)
    for i in range(40):
        draw.text((240, 240 + i * 75), f"Ligne {i} : réunion du conseil citoyen de Lille, le 5 mars 2019.",
                  font=font, fill=0)
    page.save(path, dpi=(300, 300))
    return path


def declared_low_dpi(path: Path) -> Path:
    """9000 x 9000 pixels declared at 50 DPI: enlarged six-fold it would be 2.9 billion pixels."""
    page = Image.new("L", (9000, 9000), 255)
    ImageDraw.Draw(page).text((500, 500), "Compte rendu", font=ImageFont.truetype(FONT, 120), fill=0)
    page.save(path, dpi=(50, 50), optimize=True)
    return path


def header_bomb(path: Path) -> Path:
    """A PNG whose header declares 60000 x 60000 pixels, with almost no data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))
    return path


def huge_pdf_page(path: Path) -> Path:
    """A one-page PDF of 200 x 200 inches (14400 pt): at 300 DPI, 3.6 billion pixels."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(14400, 14400))
    pdf.setFont("Helvetica", 200)
    pdf.drawString(1000, 13000, "Compte rendu")
    pdf.save()
    return path


def main() -> int:
    fiches = [sys.executable, "-m", "pipeline.cli", "show", "--force-ocr"]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        cases = {
            "A4 page, 300 DPI (baseline)": a4_page(tmp / "a4.png"),
            "9000x9000 px declared 50 DPI": declared_low_dpi(tmp / "low-dpi.png"),
            "PNG header 60000x60000": header_bomb(tmp / "bomb.png"),
            "PDF page 200x200 in": huge_pdf_page(tmp / "huge.pdf"),
        }
        print(f"{'case':32} {'peak MB':>8} {'x base':>7} {'seconds':>8} {'exit':>5}")
        baseline = None
        worst = 0.0
        for name, path in cases.items():
            mb, seconds, code = peak([*fiches, str(path)])
            baseline = baseline or mb
            worst = max(worst, mb)
            print(f"{name:32} {mb:8.0f} {mb / baseline:7.2f} {seconds:8.1f} {code:5d}")
    print(f"worst peak {worst:.0f} MB, limit {LIMIT_MB} MB: {'ok' if worst < LIMIT_MB else 'OVER'}")
    return 0 if worst < LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())
