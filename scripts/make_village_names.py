"""Write src/kg/data/village_names.bin: every 社区 and 村 name of the register, as a sorted set of CRC-32s.

    .venv/bin/python scripts/make_village_names.py

Extraction asks whether a 社区 or 村 named by a common word (和平村, but not 产生村) is a name some unit in
China has. The 300k distinct names of the 620k units, in the form articles use (`kg.gazetteer.canonical`),
are kept as 32-bit CRCs (little-endian, sorted, unique): 1.2 MB, read in a millisecond, searched by
bisection; a name that is none shares a CRC with one about once in 14,000 look-ups. The same register
gives the same bytes.
"""
from __future__ import annotations

import sys
import zlib
from array import array
from pathlib import Path

from kg.gazetteer import canonical, default_register

OUT = Path(__file__).resolve().parent.parent / "src" / "kg" / "data" / "village_names.bin"


def main() -> int:
    register = default_register()
    districts = sorted({line.split("\t")[0] for line in register._by_code if len(line.split("\t")[0]) == 6})
    names = {canonical(d.name) for code in districts for d in register.villages(code)}
    crcs = array("I", sorted({zlib.crc32(n.encode("utf-8")) for n in names}))
    if sys.byteorder != "little":
        crcs.byteswap()
    OUT.write_bytes(crcs.tobytes())
    print(f"{OUT}: {len(crcs)} CRCs of {len(names)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
