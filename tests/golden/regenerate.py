"""Golden outputs: what the planner writes for two small scenarios, stored as text to catch any change.

Two scenarios (``base.toml``: the base model alone; ``planning.toml``: every planning family, two stages)
are planned on the same small study area: the synthetic Guang'an road network (seed 0, scale 0.3) clipped to
two of its counties, Qianfeng District and Huaying City.  For each, the stored text is:

``<name>/*.csv``
    every CSV table of the output folder (numbers rounded to 10 significant digits);
``<name>/model.mps``
    the model handed to HiGHS (``--write-model``), numbers rounded the same way;
``<name>/manifest.json``
    the manifest with volatile values masked (creation time, run times, package versions, checksums,
    absolute paths);
``<name>/map.txt``, ``<name>/report.txt``
    the visible text of ``map.html`` and ``report.html`` (one line per block) followed, for the map, by
    every JSON payload of its scripts (the data of each layer), canonically printed.  Markup and script
    formatting may change; what a reader sees and the data drawn may not.

Run ``python tests/golden/regenerate.py`` to rewrite the stored files after a deliberate change, and explain
the change in its commit.  ``tests/test_golden.py`` plans the same scenarios and compares.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np

GOLDEN = Path(__file__).resolve().parent
REPO = GOLDEN.parents[1]
SCENARIOS = ("base", "planning")
#: The study area: the synthetic city clipped to these counties (Qianfeng District, Huaying City).
COUNTIES = ("511603", "511681")
SYNTHETIC_SEED = 0
SYNTHETIC_SCALE = 0.3
SIGNIFICANT_DIGITS = 10
MASK = "<masked>"

_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")


def study_inputs(scenario: Any) -> Any:
    """The synthetic Guang'an clipped to :data:`COUNTIES`, as the pipeline's study inputs."""
    from siting import network
    from siting.study import StudyInputs
    from siting.synthetic import SOURCE_LABEL, SOURCE_LABEL_ZH, synthetic_guangan

    city = synthetic_guangan(seed=SYNTHETIC_SEED, scale=SYNTHETIC_SCALE)
    counties = city.counties[city.counties["county_id"].astype(str).isin(COUNTIES)].reset_index(drop=True)
    area = counties.union_all()
    G = city.graph
    xy = np.array([(d["x"], d["y"]) for _, d in G.nodes(data=True)], dtype=np.float64)
    inside = gpd.GeoSeries(gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=4326).within(area).to_numpy()
    G = G.subgraph([n for n, keep in zip(G.nodes, inside, strict=True) if keep]).copy()
    G = network.add_travel_times(G)
    G, report = network.largest_strong_component(G)
    return StudyInputs(
        graph=G,
        net=network.road_network_from_graph(G),
        features=city.features[city.features.intersects(area)].reset_index(drop=True),
        study_area=area,
        counties=counties,
        terminals=city.terminals[city.terminals.within(area)].reset_index(drop=True),
        data_source={
            "kind": "synthetic",
            "label": SOURCE_LABEL,
            "label_zh": SOURCE_LABEL_ZH,
            "date": None,
            "path": None,
            "seed": SYNTHETIC_SEED,
            "scale": SYNTHETIC_SCALE,
        },
        component_report=report,
    )


def _round_number(match: re.Match[str]) -> str:
    text = match.group(0)
    if re.fullmatch(r"[-+]?\d+", text):
        return text
    value = float(text)
    if not math.isfinite(value) or value == 0:
        return "0" if value == 0 else text
    return f"{value:.{SIGNIFICANT_DIGITS}g}"


def round_numbers(text: str) -> str:
    """Every decimal number in ``text`` rounded to :data:`SIGNIFICANT_DIGITS` (integers kept)."""
    return _NUMBER.sub(_round_number, text)


#: Output files written only when an optional extra is installed: ``summary.pdf`` (WeasyPrint, ``[pdf]``).
OPTIONAL_FILES = frozenset({"summary.pdf"})


def _mask_manifest(obj: Any, key: str = "") -> Any:
    if isinstance(obj, dict):
        out: dict[str, Any] = {}
        for k, v in obj.items():
            if k in ("created", "versions", "timings_s") or k.startswith("time_"):
                out[k] = MASK
            elif k == "files":  # less the files an optional extra writes (same goldens with or without it)
                out[k] = sorted(name for name in v if name not in OPTIONAL_FILES)
            elif k == "solver" and isinstance(v, str):
                out[k] = re.sub(r"\d+\.\d+\.\d+", "x.y.z", v)
            else:
                out[k] = _mask_manifest(v, k)
        return out
    if isinstance(obj, list):
        return [_mask_manifest(v, key) for v in obj]
    if isinstance(obj, str) and str(REPO) in obj:
        return obj.replace(str(REPO), "<repo>")
    if isinstance(obj, float):
        return float(f"{obj:.{SIGNIFICANT_DIGITS}g}") if math.isfinite(obj) else obj
    return obj


_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "text", "title", "tr", "ul", "svg", "g",
    "label", "option", "select", "button", "legend", "fieldset", "tspan",
}  # fmt: skip
_CELL_TAGS = {"td", "th"}


class _Text(HTMLParser):
    """Visible text (one line per block, cells separated by ' | ') and the scripts' bodies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.scripts: list[str] = []
        self._raw: str | None = None

    def _flush(self) -> None:
        line = re.sub(r"\s+", " ", "".join(self.current)).strip(" |")
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._raw = tag
            self.scripts.append("") if tag == "script" else None
        elif tag in _BLOCK_TAGS:
            self._flush()
        elif tag in _CELL_TAGS:
            self.current.append(" | ")
        for name, value in attrs:  # titles and alt texts are what a reader sees too
            if name in ("title", "alt", "aria-label") and value:
                self.current.append(f" [{name}: {value}] ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._raw = None
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._raw == "script":
            self.scripts[-1] += data
        elif self._raw is None:
            self.current.append(data)


def _json_payloads(script: str) -> list[Any]:
    """Every JSON object or array literal of more than 40 characters in ``script``, outermost only."""
    decoder = json.JSONDecoder()
    found: list[Any] = []
    i = 0
    while i < len(script):
        ch = script[i]
        if ch in "{[":
            try:
                value, end = decoder.raw_decode(script, i)
            except ValueError:
                i += 1
                continue
            if end - i > 40 and isinstance(value, dict | list):
                found.append(value)
                i = end
                continue
        i += 1
    return found


def _is_vendored(script: str) -> bool:
    head = script.lstrip()[:300]
    return any(key in head for key in ("@preserve", "Leaflet", "simpleheat", "!function(e,t)", "(c) 20"))


def html_text(path: Path, *, payloads: bool) -> str:
    """The visible text of an HTML page, then (``payloads``) the JSON data of its own scripts."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    parser._flush()
    lines = list(parser.lines)
    if payloads:
        for script in parser.scripts:
            if _is_vendored(script):
                continue
            for value in _json_payloads(script):
                lines.append(json.dumps(_mask_manifest(value), ensure_ascii=False, sort_keys=True))
    return "\n".join(lines) + "\n"


def _mask_text(text: str) -> str:
    text = re.sub(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\+00:00|Z| UTC)?", "<time>", text)
    text = re.sub(r"\b\d+(\.\d+)? s\b", "<seconds> s", text)
    text = re.sub(r"\b(highs|pyomo|python|numpy|scipy|pandas|geopandas|shapely|folium|osmnx|pyproj|networkx|"
                  r"pyogrio|gdal|osmium|highspy|siting)( |: |=)v?\d+(\.\d+)+\b", r"\1\2x.y.z", text,
                  flags=re.IGNORECASE)  # fmt: skip
    return text.replace(str(REPO), "<repo>")


def golden_files(name: str, work: Path) -> dict[str, str]:
    """Plan scenario ``name`` in ``work`` and return its golden text files by relative path."""
    from siting import export
    from siting import pipeline as plan_mod
    from siting.scenario import scenario_from_toml

    scenario = scenario_from_toml(GOLDEN / f"{name}.toml")
    mps = work / f"{name}.mps"
    result = plan_mod.plan(scenario, study_inputs(scenario), write_model=mps)
    out = work / name
    export.write_outputs(result, out, map_options={"tiles": []})
    files: dict[str, str] = {}
    for csv in sorted(out.rglob("*.csv")):
        text = csv.read_text(encoding="utf-8-sig")
        files[csv.relative_to(out).as_posix()] = round_numbers(text.replace("\r\n", "\n"))
    files["model.mps"] = round_numbers(mps.read_text(encoding="utf-8"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files["manifest.json"] = json.dumps(_mask_manifest(manifest), ensure_ascii=False, indent=1) + "\n"
    files["map.txt"] = _mask_text(html_text(out / "map.html", payloads=True))
    files["report.txt"] = _mask_text(html_text(out / "report.html", payloads=False))
    return files


def stored_files(name: str) -> dict[str, str]:
    """The golden files stored for scenario ``name``."""
    folder = GOLDEN / name
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def main() -> int:
    """Rewrite every stored golden file."""
    with tempfile.TemporaryDirectory() as tmp:
        for name in SCENARIOS:
            files = golden_files(name, Path(tmp))
            folder = GOLDEN / name
            shutil.rmtree(folder, ignore_errors=True)
            for rel, text in files.items():
                path = folder / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            print(f"{folder.relative_to(REPO)}: {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
