"""Rebuild app/reports/NotoSansSC-subset.ttf: Noto Sans SC Regular cut to GB 2312, Latin, punctuation and every
character of the reference data, so that the PDF reports embed a 2 MB font instead of a 10 MB one.

    npm pack @expo-google-fonts/noto-sans-sc && tar xzf expo-google-fonts-noto-sans-sc-*.tgz
    python scripts/subset_font.py package/400Regular/NotoSansSC_400Regular.ttf

Needs fontTools (pip install fonttools). Noto Sans SC is under the SIL Open Font License 1.1
(app/reports/NotoSansSC-OFL.txt); the npm package ships Google Fonts' TrueType build.
"""

import contextlib
import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).parents[1]
RANGES = [(0x20, 0x7F), (0xA0, 0x250), (0x2000, 0x2070), (0x3000, 0x3040), (0xFF00, 0xFFF0)]


def characters() -> str:
    chars = {chr(c) for lo, hi in RANGES for c in range(lo, hi)}
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([first, second]).decode("gb2312"))
    for path in (ROOT / "graph_model" / "reference_data").iterdir():
        if path.suffix in {".json", ".csv", ".md", ".geojson"}:
            chars |= set(path.read_text(encoding="utf-8"))
    return "".join(sorted(chars))


def main(source: str) -> None:
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = True
    options.drop_tables += ["vhea", "vmtx", "BASE", "STAT", "GPOS", "GSUB", "GDEF"]
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters())
    subsetter.subset(font)
    out = ROOT / "app" / "reports" / "NotoSansSC-subset.ttf"
    subset.save_font(font, str(out), options)
    print(f"{out}: {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
