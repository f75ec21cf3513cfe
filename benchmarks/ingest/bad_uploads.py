"""Bad uploads against a live server: how long each takes to be answered, what the answer says, and the
server's memory (RSS) before, after each and at the end.

Serves the small demo data from an embedded store with `skillgraph serve` (a real server process, the
default limits), then uploads, as an admin, one at a time (each also as a dry run):

- a header of `id` and 10^6 commas (1 MB);
- a header naming 10^6 columns;
- a single line of 50 MB;
- an XLSX of 1 M rows (written as its XML, a dimension that says 1 row);
- a zip bomb (a workbook of about 1 MB unpacking to 1 GB);
- a workbook with a 100 MB shared string;
- two parts with the same file name.

    python benchmarks/ingest/bad_uploads.py [--work DIR]

Target (issue 15): each answered within 5 s with a clear problem; the server's RSS back within 100 MB of its
baseline afterwards.
"""

import argparse
import io
import os
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import httpx
from served import generated_store, served  # beside this script

from app.api.auth import KeyStore

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def workbook(sheet: bytes | Callable[[zipfile.ZipFile], None], strings: bytes | None = None) -> bytes:
    """A minimal .xlsx: one sheet (its XML, or a writer of it), optionally a shared-strings part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
                   'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
                   '</sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        if strings is not None:
            z.writestr("xl/sharedStrings.xml", strings)
        if callable(sheet):
            sheet(z)
        else:
            z.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def million_rows(z: zipfile.ZipFile) -> None:
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
        part.write(f'<worksheet xmlns="{NS}"><dimension ref="A1:B2"/><sheetData>'.encode())
        part.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>')
        for start in range(2, 1_000_002, 10_000):
            part.write(b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>bad id %d</t></is></c></row>'
                                % (i, i, i) for i in range(start, start + 10_000)))
        part.write(b"</sheetData></worksheet>")


def bomb(z: zipfile.ZipFile) -> None:
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
        part.write(f'<worksheet xmlns="{NS}"><sheetData>'.encode())
        block = b" " * (1 << 20)
        for _ in range(1024):
            part.write(block)
        part.write(b"</sheetData></worksheet>")


def cases() -> list[tuple[str, list[tuple[str, bytes]]]]:
    one_row = f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>' \
              "</worksheet>"
    return [
        ("header: id and 10^6 commas", [("enterprise.csv", b"id" + b"," * 1_000_000 + b"\nE1\n")]),
        ("header of 10^6 columns", [("enterprise.csv", b"id," + b",".join(b"c%d" % i for i in range(1_000_000))
                                     + b"\nE1\n")]),
        ("one line of 50 MB", [("enterprise.csv", b"id,name_zh\nE1," + b"x" * (50 << 20))]),
        ("XLSX of 1 M rows", [("enterprise.xlsx", workbook(million_rows))]),
        ("zip bomb", [("enterprise.xlsx", workbook(bomb))]),
        ("100 MB shared string", [("enterprise.xlsx", workbook(one_row.encode(), f'<sst xmlns="{NS}"><si><t>'.encode()
                                                               + b"x" * (100 << 20) + b"</t></si></sst>"))]),
        ("two parts named alike", [("enterprise.csv", b"id,name_zh\nE1,x\n"),
                                   ("enterprise.csv", b"id,name_zh\nE2,y\n")]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="sg-bad-uploads-"))
    db = generated_store(work, "small", 1)
    keys = KeyStore(work / "keys.db")
    admin, _ = keys.create("bad uploads", "admin")
    built = cases()
    with served(db, work / "keys.db", wait=120) as (base, pid), httpx.Client(
        base_url=base, headers={"Authorization": f"Bearer {admin}"}, timeout=600
    ) as client:
        client.get("/api/v1/stats").raise_for_status()
        baseline = rss_mib(pid)
        print(f"server RSS baseline {baseline:.0f} MiB; load average {os.getloadavg()[0]:.1f}")
        slowest = 0.0
        for name, parts in built:
            for dry_run in (True, False):
                t0 = time.perf_counter()
                r = client.post("/api/v1/ingest", params={"dry_run": dry_run},
                                files=[("files", part) for part in parts])
                seconds = time.perf_counter() - t0
                slowest = max(slowest, seconds)
                body = r.json()
                said = body.get("detail") or next((f["error"] for f in body.get("files", []) if f.get("error")),
                                                  None) or f"{body.get('summary')}"
                print(f"  {name:<28} {'dry run' if dry_run else 'load':<8} HTTP {r.status_code} in "
                      f"{seconds:5.2f} s, RSS {rss_mib(pid):6.0f} MiB: {said[:150]}")
        time.sleep(2)
        end = rss_mib(pid)
        print(f"slowest answer {slowest:.2f} s (target ≤ 5 s); RSS at the end {end:.0f} MiB, "
              f"{end - baseline:+.0f} MiB against the baseline (target ≤ +100 MiB)")


if __name__ == "__main__":
    main()
