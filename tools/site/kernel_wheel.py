"""The wheel of ``agbn_site`` (tools/site/kernel/agbn_site: the site kernel's start-up settings)
with the Noto Sans Bengali font, written with zipfile (a wheel is a zip with a dist-info)."""
import base64
import hashlib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME, VERSION = "agbn_site", "1.0"
STARTUP = f"/lib/python3.12/site-packages/{NAME}/startup.py"     # inside Pyodide
FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto")
FONT = "NotoSansBengali-Regular.ttf"


def find_font():
    for folder in FONT_DIRS:
        path = Path(folder) / FONT
        if path.exists():
            return path
    raise SystemExit(f"{FONT} not found in {FONT_DIRS}: install Debian's fonts-noto-core "
                     "(apt-get install fonts-noto-core)")


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build(dest_dir):
    files = {}
    for path in sorted((HERE / "kernel" / NAME).glob("*.py")):
        files[f"{NAME}/{path.name}"] = path.read_bytes()
    files[f"{NAME}/fonts/{FONT}"] = find_font().read_bytes()
    info = f"{NAME}-{VERSION}.dist-info"
    files[f"{info}/METADATA"] = (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n"
                                 "Summary: start-up settings of the autograd_bn site's kernel\n"
                                 "License: MIT (code); OFL-1.1 (Noto Sans Bengali)\n").encode()
    files[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: tools.site\n"
                              b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    record = [_record_line(n, d) for n, d in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = Path(dest_dir) / f"{NAME}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return wheel
