#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Is FILE a well-formed chart file?  Exit 0 if so, 1 with a message if not.

    valid.py svg|pdf|csv FILE

svg: parses as XML with an <svg> root holding drawn paths or shapes.
pdf: %PDF- header, an xref table or stream whose startxref points into
     the file, %%EOF at the end, at least one page object.
csv: at least one data row; every non-comment row split by commas.
"""
import re
import sys
import xml.etree.ElementTree as ET


def svg(path):
    root = ET.parse(path).getroot()
    if not root.tag.endswith("svg"):
        return "root is <%s>, not <svg>" % root.tag
    drawn = [e for e in root.iter() if e.tag.split("}")[-1] in ("path", "rect", "polyline", "line", "text")]
    return None if len(drawn) > 5 else "only %d drawn elements" % len(drawn)


def pdf(path):
    data = open(path, "rb").read()
    if not data.startswith(b"%PDF-"):
        return "no %PDF- header"
    if not data.rstrip().endswith(b"%%EOF"):
        return "no %%EOF at the end"
    m = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    if not m or int(m.group(1)) >= len(data):
        return "startxref missing or past the end"
    off = int(m.group(1))
    if not (data[off:off + 4] == b"xref" or re.match(rb"\d+ \d+ obj", data[off:off + 20])):
        return "startxref %d does not point at an xref" % off
    if not re.search(rb"/Type\s*/Page[^s]", data):
        return "no page object"
    return None


def csv(path):
    rows = [l for l in open(path).read().split("\n") if l.strip() and not l.startswith("#")]
    data = [r for r in rows if "," in r]
    return None if data else "no data row"


def main():
    kind, path = sys.argv[1], sys.argv[2]
    try:
        err = {"svg": svg, "pdf": pdf, "csv": csv}[kind](path)
    except Exception as e:  # a parse error is the answer
        err = str(e)
    if err:
        print("%s: not a valid %s: %s" % (path, kind, err))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
