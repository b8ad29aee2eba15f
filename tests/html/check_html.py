#!/usr/bin/env python3
"""The HTML run report, rendered by a real browser (Debian's chromium, headless).

For a few runs and a sweep: the page is self-contained (no scripts, nothing fetched), chromium's DOM
has one lane per party and one arrow group per round with the report's bits, the verdict
beside the bound, the witness table; and a screenshot is a real picture (a valid PNG of the
window's size with more than a handful of colours). The screenshots stay in the build
directory to be looked at. Usage: check_html.py CCSIM_BINARY OUTDIR
"""

import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib

CCSIM, OUT = sys.argv[1], sys.argv[2]
CHROMIUM = shutil.which("chromium")
RUNS = {
    "truncated": ["disj_truncated", "n=4", "k=2"],  # below the bound: a witness
    "hop": ["hop_transformer", "n=4", "k=2"],  # seven alternating rounds
    "nof": ["match3_nof"],  # three parties on a blackboard
}


class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.lanes, self.rounds, self.tags, self.ids = [], [], [], {}
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "g" and a.get("class") == "lane":
            self.lanes.append(a["data-party"])
        if tag == "g" and a.get("class") == "round":
            self.rounds.append(int(a["data-bits"]))
        if "id" in a:
            self.ids[a["id"]] = tag
        for key in ("src", "href"):
            if key in a and not a[key].startswith("url(#"):
                raise AssertionError(f"<{tag} {key}={a[key]}>: the page must fetch nothing")

    def handle_data(self, data):
        self.text.append(data)


def png_colours(path):
    """(width, height, distinct pixel values) of an 8-bit RGB(A) PNG, decoded here."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, idat, width = 8, b"", 0
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels + 1
    pixels = set()
    for row in range(0, height, 7):  # a sample of rows (filters ignored: distinctness only)
        line = raw[row * stride + 1:(row + 1) * stride]
        pixels.update(line[i:i + channels] for i in range(0, len(line), channels * 5))
    return width, height, len(pixels)


def main():
    assert CHROMIUM, "chromium is not installed (scripts/setup --test installs it)"
    os.makedirs(OUT, exist_ok=True)
    failures = 0
    for name, words in RUNS.items():
        page = os.path.join(OUT, f"{name}.html")
        shot = os.path.join(OUT, f"{name}.png")
        subprocess.run([CCSIM, "run", *words, "--report", "html", "-o", page],
                       check=False, capture_output=True)
        report = json.loads(subprocess.run([CCSIM, "run", *words, "--report", "json"],
                                           check=False, capture_output=True, text=True).stdout)
        text = open(page, encoding="utf-8").read()
        try:
            assert "<script" not in text and "<link" not in text and "@import" not in text
            dom_text = subprocess.run(
                [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--dump-dom",
                 "file://" + page], check=True, capture_output=True, text=True,
                timeout=120).stdout
            dom = Dom()
            dom.feed(dom_text)
            parties = [p["party"] for p in report["communication"]["parties"]]
            assert dom.lanes == parties, (dom.lanes, parties)
            rounds = [r["charged_bits"] for r in report["protocol"]["rounds"]]
            assert dom.rounds == rounds, (dom.rounds, rounds)
            assert dom.ids.get("verdict") == "div" and dom.ids.get("bound") == "div"
            body = " ".join(dom.text)
            assert report["verdict"]["outcome"] in body
            if report["witness"]["runs"]:
                assert dom.ids.get("witness") == "table"
                for run in report["witness"]["runs"]:
                    assert run["transcript"] in body, run["transcript"]
            subprocess.run(
                [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
                 "--hide-scrollbars", "--window-size=1280,1400", f"--screenshot={shot}",
                 "file://" + page], check=True, capture_output=True, timeout=120)
            width, height, colours = png_colours(shot)
            assert (width, height) == (1280, 1400), (width, height)
            assert colours > 20, f"only {colours} colours: a blank page?"
            print(f"ok {name}: {len(dom.lanes)} lanes, {len(dom.rounds)} rounds, {shot}")
        except (AssertionError, subprocess.SubprocessError, KeyError) as e:
            failures += 1
            print(f"FAILED {name}: {e!r}")
    failures += check_sweep()
    sys.exit(1 if failures else 0)


def check_sweep():
    """A sweep page: the figure inline as SVG, one table row per grid point."""
    words = ["disj_qsa", "q=2..4", "precision=fp16,fp32"]
    page = os.path.join(OUT, "sweep.html")
    shot = os.path.join(OUT, "sweep.png")
    subprocess.run([CCSIM, "sweep", *words, "--report", "html", "-o", page], check=False,
                   capture_output=True)
    report = json.loads(subprocess.run([CCSIM, "sweep", *words, "--report", "json"],
                                       check=False, capture_output=True, text=True).stdout)
    try:
        text = open(page, encoding="utf-8").read()
        assert "<script" not in text and "<link" not in text and "<image" not in text
        dom_text = subprocess.run(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--dump-dom",
             "file://" + page], check=True, capture_output=True, text=True, timeout=120).stdout
        dom = Dom()
        dom.feed(dom_text)
        assert dom.ids.get("figure") == "div" and dom.ids.get("points") == "table"
        figure = dom_text[dom_text.index('id="figure"'):]
        assert figure.index("<svg") < figure.index("</div>"), "the figure is inline SVG"
        table = dom_text[dom_text.index('id="points"'):dom_text.index("</table>",
                                                                   dom_text.index('id="points"'))]
        assert table.count("<tr>") == len(report["rows"]) + 1, table.count("<tr>")
        subprocess.run(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--window-size=1280,1400", f"--screenshot={shot}", "file://" + page], check=True,
            capture_output=True, timeout=120)
        width, height, colours = png_colours(shot)
        assert (width, height) == (1280, 1400) and colours > 20, (width, height, colours)
        print(f"ok sweep: {len(report['rows'])} points, figure inline, {shot}")
        return 0
    except (AssertionError, subprocess.SubprocessError, KeyError, ValueError) as e:
        print(f"FAILED sweep: {e!r}")
        return 1


if __name__ == "__main__":
    main()
