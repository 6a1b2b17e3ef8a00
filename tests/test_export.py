"""Tests of siting.export: contents, encodings, GDAL readability, atomic folder, determinism."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import platform
import shutil
import sqlite3
import subprocess
import zipfile
from contextlib import closing
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from _fixtures import NASTY_NAME, small_plan_result
from _planning_fixtures import planning_plan_result
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import Point

from siting import dbf, export, summary_pdf
from siting._errors import InputDataError
from siting._warnings import SitingWarning
from siting.results import PlanResult

EXPECTED_GEOMETRY = {
    "stations": "Point",
    "piles": "Point",
    "terminals": "Point",
    "demand": "Polygon",
    "counties": "MultiPolygon",
    "candidates": "Point",
}
PLANNING_GEOMETRY = {
    "substations": "Point",
    "corridor_trips": "LineString",
    "stations_by_stage": "Point",
    "roads": "MultiLineString",
    "worst_served": "Polygon",
}


def _shp(layer: str) -> str:
    """The Shapefile of a layer of a synthetic plan: one zipped Shapefile, ``shapefiles/<layer>.shp.zip``."""
    return export.shapefile_name(layer, synthetic=True)


@pytest.fixture(scope="module")
def result() -> PlanResult:
    return small_plan_result()


@pytest.fixture(scope="module")
def written(result: PlanResult, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return export.write_outputs(result, tmp_path_factory.mktemp("plan") / "out")


@pytest.fixture(scope="module")
def planning() -> PlanResult:
    return planning_plan_result()


@pytest.fixture(scope="module")
def planning_written(planning: PlanResult, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return export.write_outputs(planning, tmp_path_factory.mktemp("planning") / "out", map_html=False)


def _columns(gdf: pd.DataFrame) -> list[str]:
    """The columns a layer of a synthetic plan is written with: its own, then ``data_source``."""
    return [c for c in gdf.columns if c != "geometry"] + [export.SOURCE_COLUMN]


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _demand_with_bad_column(result: PlanResult) -> PlanResult:
    demand = result.demand.copy()
    demand["bad"] = [{"not": "writable"}] * len(demand)
    return dataclasses.replace(result, demand=demand)


# --- contents ------------------------------------------------------------------------------------
def test_every_file_is_written_and_returned(written: dict[str, Path]) -> None:
    out = written["plan.gpkg"].parent
    expected = {"plan.gpkg", "kpis.csv", "kpis_by_county.csv", "stations.csv", "map.html", "report.html"}
    expected |= {"manifest.json", "shapefiles/FIELDS.csv"}
    expected |= {_shp(layer) for layer in export.LAYERS}
    expected |= {"summary.pdf"} if summary_pdf.pdf_available() else set()
    expected |= {f"geojson/{layer}.geojson" for layer in export.LAYERS}
    assert set(written) == expected
    assert set(_tree(out)) == expected
    assert all(path == out / name for name, path in written.items())


def test_geopackage_layers_counts_crs_and_values_round_trip(
    written: dict[str, Path], result: PlanResult
) -> None:
    gpkg = written["plan.gpkg"]
    layers = dict(pyogrio.list_layers(gpkg).tolist())
    assert layers == EXPECTED_GEOMETRY | {"layer_styles": None}  # the QGIS styles table (siting.styles)
    for name in export.LAYERS:
        original: gpd.GeoDataFrame = getattr(result, name)
        back = pyogrio.read_dataframe(gpkg, layer=name)
        assert len(back) == len(original)
        assert back.crs.to_epsg() == 4326
        assert list(back.columns) == [*_columns(original), "geometry"]
        assert set(back.pop(export.SOURCE_COLUMN)) == {"synthetic road network"}
        assert_geodataframe_equal(back, original, check_dtype=False, check_less_precise=True)
    stations = pyogrio.read_dataframe(gpkg, layer="stations")
    assert stations["name"].tolist()[4] == NASTY_NAME
    assert stations["county_name"].tolist()[0] == "广安区"
    assert stations["existing"].dtype == bool


def test_geopackage_timestamp_is_the_data_date_not_the_clock(written: dict[str, Path]) -> None:
    with closing(sqlite3.connect(written["plan.gpkg"])) as db:
        stamps = {row[0] for row in db.execute("SELECT last_change FROM gpkg_contents")}
    assert stamps == {"2024-01-01T00:00:00.000Z"}  # data_source.date of the fixture
    assert pyogrio.get_gdal_config_option("OGR_CURRENT_DATE") is None  # restored


def test_shapefiles_round_trip_chinese_with_short_fields_and_utf8_cpg(
    written: dict[str, Path], result: PlanResult
) -> None:
    for name in export.LAYERS:
        shp = written[_shp(name)]
        with zipfile.ZipFile(shp) as archive:  # the parts at the root, the UTF-8 code page among them
            assert archive.namelist() == [f"{name}{ext}" for ext in export.SHAPEFILE_PARTS]
            assert archive.read(f"{name}.cpg").decode("ascii").strip() == "UTF-8"
            assert archive.comment.decode("utf-8") == export.SYNTHETIC_ZIP_COMMENT
        info = pyogrio.read_info(shp)
        assert info["encoding"] == "UTF-8"
        assert info["features"] == len(getattr(result, name))
        assert all(len(field) <= 10 for field in info["fields"])
        assert len({f.lower() for f in info["fields"]}) == len(info["fields"])
    stations = pyogrio.read_dataframe(written[_shp("stations")])
    assert stations["name"].tolist() == result.stations["name"].tolist()
    assert stations["reason_zh"].tolist() == result.stations["reason_zh"].tolist()
    assert stations["county_nm"].tolist() == result.stations["county_name"].tolist()
    assert stations["fast_ev_cv"].tolist() == result.stations["fast_ev_covered"].tolist()
    counties = pyogrio.read_dataframe(written[_shp("counties")])
    assert counties["name_zh"].tolist() == ["广安区", "前锋区", "华蓥市"]


def test_shapefile_booleans_are_integers(written: dict[str, Path], result: PlanResult) -> None:
    info = pyogrio.read_info(written[_shp("stations")])
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert types["existing"] == types["locked"] == "OFTInteger"
    back = pyogrio.read_dataframe(written[_shp("stations")])
    assert back["existing"].tolist() == [int(v) for v in result.stations["existing"]]


def test_fields_csv_lists_every_mapping(written: dict[str, Path], result: PlanResult) -> None:
    fields = pd.read_csv(written["shapefiles/FIELDS.csv"], encoding="utf-8-sig", dtype=str)
    assert list(fields.columns) == [
        "layer",
        "field",
        "shapefile_field",
        "part",
        "shapefile",
        export.SOURCE_COLUMN,
    ]
    assert set(fields["shapefile"]) == {Path(_shp(name)).name for name in export.LAYERS}
    assert set(fields["part"]) == {"1"}  # the fixture's texts fit into one field
    for name in export.LAYERS:
        rows = fields[fields["layer"] == name]
        gdf = getattr(result, name)
        assert rows["field"].tolist() == _columns(gdf)
        assert rows["shapefile_field"].tolist() == pyogrio.read_info(written[_shp(name)])["fields"].tolist()


def test_field_name_mapping_covers_the_contract(result: PlanResult, planning: PlanResult) -> None:
    for name in export.LAYERS:
        columns = [c for c in getattr(result, name).columns if c != "geometry"]
        assert set(columns) <= set(export.FIELD_NAMES_SHP), name
        short = [export.FIELD_NAMES_SHP[c] for c in columns]
        assert len({s.lower() for s in short}) == len(short), name
    assert all(len(v) <= 10 for v in export.FIELD_NAMES_SHP.values())
    # the planning model's columns: listed, or per stage with a documented prefix
    for name in [*export.LAYERS, *export.PLANNING_LAYERS]:
        columns = [c for c in getattr(planning, name).columns if c != "geometry"]
        staged = [c for c in columns if c.startswith(tuple(export.STAGE_FIELD_PREFIXES_SHP))]
        assert set(columns) - set(staged) <= set(export.FIELD_NAMES_SHP), name
        names = dbf.field_names(columns)
        assert all(len(v) <= 10 for v in names.values()), names
        assert len({v.lower() for v in names.values()}) == len(columns), name
        for col in set(columns) - set(staged):
            assert names[col] == export.FIELD_NAMES_SHP[col]  # not renamed by the de-duplication
    assert dbf.field_names(["load_kw_2030", "headroom_used_2030", "covered_2030", "chargers_2030"]) == {
        "load_kw_2030": "load_2030",
        "headroom_used_2030": "used_2030",
        "covered_2030": "cov_2030",
        "chargers_2030": "chg_2030",
    }
    # long stage names are cut and made unique, deterministically
    long = dbf.field_names(["load_kw_phase_one", "load_kw_phase_two"])
    assert long == {"load_kw_phase_one": "load_phase", "load_kw_phase_two": "load_pha_1"}


def test_unknown_long_columns_get_unique_short_names() -> None:
    names = dbf.field_names(["a_very_long_column", "a_very_long_column_2", "fast_ev_covered"])
    assert names == {
        "a_very_long_column": "a_very_lon",
        "a_very_long_column_2": "a_very_l_1",
        "fast_ev_covered": "fast_ev_cv",
    }


def test_long_text_is_split_into_numbered_shapefile_fields_never_cut(
    tmp_path: Path, result: PlanResult
) -> None:
    long_reason = "覆盖客运站与高速公路服务区。" * 30  # 420 characters, 1,260 bytes
    spaced = ("word " * 120).strip()  # spaces at every possible cut
    stations = result.stations.copy()
    stations["reason_zh"] = long_reason
    stations["reason_en"] = [spaced] + ["short"] * (len(stations) - 1)
    stations["terminal_names"] = [["广安南站", "广安北站"]] + [[]] * (len(stations) - 1)
    with pytest.warns(SitingWarning, match=r"stations\.reason_zh → reason_zh1, reason_zh2, reason_zh3"):
        files = export.write_outputs(
            dataclasses.replace(result, stations=stations), tmp_path / "out", map_html=False
        )
    shp = pyogrio.read_dataframe(files[_shp("stations")])
    gpkg = pyogrio.read_dataframe(files["plan.gpkg"], layer="stations")
    fields = pd.read_csv(files["shapefiles/FIELDS.csv"], encoding="utf-8-sig", dtype=str)
    rows = fields[(fields["layer"] == "stations") & (fields["field"] == "reason_zh")]
    assert rows["shapefile_field"].tolist() == [f"reason_zh{k}" for k in range(1, 6)]
    assert rows["part"].tolist() == ["1", "2", "3", "4", "5"]
    for col in ("reason_zh", "reason_en"):
        parts = fields[(fields["layer"] == "stations") & (fields["field"] == col)]["shapefile_field"]
        for name in parts:
            assert shp[name].map(lambda v: len(v.encode("utf-8")) if isinstance(v, str) else 0).max() <= 254
        joined = shp[list(parts)].fillna("").agg("".join, axis=1)
        assert joined.tolist() == gpkg[col].tolist()
    assert gpkg["reason_zh"].iloc[0] == long_reason
    assert gpkg["terminal_names"].iloc[0] == "广安南站; 广安北站"
    geojson = pyogrio.read_dataframe(files["geojson/stations.geojson"])
    assert geojson["reason_zh"].iloc[0] == long_reason
    assert pd.read_csv(files["stations.csv"], encoding="utf-8-sig")["reason_zh"].iloc[0] == long_reason


@pytest.mark.parametrize(
    "text",
    ["覆盖客运站" * 100, "a" * 254, "a" * 255, "é" * 300, "ab " * 200, " " * 600, "x" + " " * 600 + "y", ""],
)
def test_split_utf8_joins_back_and_never_cuts_a_character(text: str) -> None:
    pieces = export.split_utf8(text)
    assert "".join(pieces) == text
    assert all(len(p.encode("utf-8")) <= export.SHP_TEXT_MAX_BYTES for p in pieces)
    if text.startswith("ab "):  # GDAL's DBF reader strips blanks at both ends: cut inside a word
        assert not any(p.endswith(" ") or p.startswith(" ") for p in pieces[1:-1])


def test_csv_tables_are_utf8_with_bom_and_stations_have_lon_lat(
    written: dict[str, Path], result: PlanResult
) -> None:
    for name in ("kpis.csv", "kpis_by_county.csv", "stations.csv", "shapefiles/FIELDS.csv"):
        data = written[name].read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert b"\r\n" not in data
    kpis = pd.read_csv(written["kpis.csv"], encoding="utf-8-sig")
    assert kpis["label_zh"].tolist() == result.kpis["label_zh"].tolist()
    by_county = pd.read_csv(written["kpis_by_county.csv"], encoding="utf-8-sig", dtype={"county_id": str})
    assert by_county["name_zh"].tolist() == ["广安区", "前锋区", "华蓥市"]
    stations = pd.read_csv(written["stations.csv"], encoding="utf-8-sig", keep_default_na=False)
    assert list(stations.columns) == [*_columns(result.stations), "lon", "lat"]
    assert stations["lon"].tolist() == result.stations.geometry.x.round(6).tolist()
    assert stations["lat"].tolist() == result.stations.geometry.y.round(6).tolist()
    assert stations["name"].tolist()[4] == NASTY_NAME


def test_manifest_lists_every_file_with_its_hash(written: dict[str, Path], result: PlanResult) -> None:
    text = written["manifest.json"].read_text(encoding="utf-8")
    manifest: dict[str, Any] = json.loads(text)
    assert text.endswith("\n") and "合成路网" in text  # ensure_ascii=False
    assert text == json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    for key in ("scenario", "data_source", "solver", "created", "synthetic", "versions"):
        assert manifest[key] == result.manifest[key]
    files = manifest["files"]
    assert set(files) == set(written) - {"manifest.json"}
    for name, entry in files.items():
        data = written[name].read_bytes()
        assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL command-line tools not installed")
def test_ogrinfo_opens_every_file(written: dict[str, Path]) -> None:
    for name in ["plan.gpkg", *(_shp(layer) for layer in export.LAYERS)]:
        run = subprocess.run(
            ["ogrinfo", "-ro", "-so", "-al", str(written[name])],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
        assert "successful" in run.stdout
        assert "Feature Count" in run.stdout
        assert "ERROR" not in run.stderr, run.stderr


def test_map_html_is_optional(tmp_path: Path, result: PlanResult) -> None:
    files = export.write_outputs(result, tmp_path / "out", map_html=False)
    assert "map.html" not in files
    assert not (tmp_path / "out" / "map.html").exists()


def test_same_inputs_give_identical_bytes(tmp_path: Path, result: PlanResult) -> None:
    export.write_outputs(result, tmp_path / "a")
    export.write_outputs(result, tmp_path / "b")
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


# --- the output folder ---------------------------------------------------------------------------
def test_existing_folder_without_overwrite_is_refused_before_writing(
    tmp_path: Path, result: PlanResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    calls: list[Any] = []
    monkeypatch.setattr(pyogrio, "write_dataframe", lambda *a, **k: calls.append(a))
    with pytest.raises(InputDataError, match="exists; pass --overwrite or choose another --out"):
        export.write_outputs(result, out)
    assert calls == []
    assert _listing(tmp_path) == ["out"]
    assert _listing(out) == ["notes.txt"]


def test_overwrite_replaces_an_earlier_output(tmp_path: Path, result: PlanResult) -> None:
    out = tmp_path / "out"
    export.write_outputs(result, out, map_html=False)
    (out / "stale.txt").write_text("from an old run", encoding="utf-8")
    files = export.write_outputs(result, out, overwrite=True)
    assert "map.html" in files
    assert not (out / "stale.txt").exists()
    assert _listing(tmp_path) == ["out"]


def test_overwrite_refuses_a_folder_that_is_not_an_output(tmp_path: Path, result: PlanResult) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(InputDataError, match="does not look like an earlier plan output"):
        export.write_outputs(result, out, overwrite=True)
    assert (out / "thesis.docx").read_bytes() == b"precious"
    assert _listing(tmp_path) == ["documents"]


def test_unwritable_column_mid_write_leaves_no_folder(tmp_path: Path, result: PlanResult) -> None:
    with pytest.raises(InputDataError, match="'demand' column 'bad' holds dict"):
        export.write_outputs(_demand_with_bad_column(result), tmp_path / "out")
    assert _listing(tmp_path) == []


def test_failure_with_overwrite_keeps_the_old_output(tmp_path: Path, result: PlanResult) -> None:
    out = tmp_path / "out"
    export.write_outputs(result, out, map_html=False)
    before = _tree(out)
    with pytest.raises(InputDataError):
        export.write_outputs(_demand_with_bad_column(result), out, overwrite=True)
    assert _tree(out) == before
    assert _listing(tmp_path) == ["out"]


def test_any_exception_mid_write_removes_the_temporary_folder(
    tmp_path: Path, result: PlanResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pyogrio.write_dataframe
    calls = []

    def flaky(*args: Any, **kwargs: Any) -> None:
        calls.append(args)
        if len(calls) == 9:  # third shapefile, after the whole GeoPackage
            raise RuntimeError("disk full")
        real(*args, **kwargs)

    monkeypatch.setattr(pyogrio, "write_dataframe", flaky)
    with pytest.raises(RuntimeError, match="disk full"):
        export.write_outputs(result, tmp_path / "out")
    assert len(calls) == 9
    assert _listing(tmp_path) == []


def test_failed_swap_puts_the_old_output_back(
    tmp_path: Path, result: PlanResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    export.write_outputs(result, out, map_html=False)
    before = _tree(out)
    real_rename = Path.rename

    def rename(self: Path, target: Any) -> Path:
        if ".tmp-" in self.name:
            raise OSError("rename failed")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    # a file-system error is reported as one clear error naming the output (siting._io.atomic_folder)
    with pytest.raises(InputDataError, match="rename failed"):
        export.write_outputs(result, out, overwrite=True)
    assert _tree(out) == before
    assert _listing(tmp_path) == ["out"]


def test_package_versions() -> None:
    versions = export.package_versions()
    required = {"python", "siting", "numpy", "scipy", "pandas", "geopandas", "shapely", "pyproj"}
    required |= {"pyogrio", "networkx", "osmnx", "osmium", "pyomo", "highspy", "folium"}
    assert required <= set(versions)
    assert versions["python"] == platform.python_version()
    assert versions["pyogrio"] == pyogrio.__version__
    assert all(isinstance(v, str) and v for v in versions.values())


def test_manifest_is_strict_json_and_gets_versions_when_missing(tmp_path: Path, result: PlanResult) -> None:
    manifest = {k: v for k, v in result.manifest.items() if k != "versions"}
    manifest["solver"] = {"status": "time_limit", "gap": float("nan"), "bound": float("inf")}
    manifest["inputs"] = {"osm_file": Path("/data/guangan.osm.pbf")}
    files = export.write_outputs(
        dataclasses.replace(result, manifest=manifest), tmp_path / "out", map_html=False
    )

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in manifest.json")

    back = json.loads(files["manifest.json"].read_text(encoding="utf-8"), parse_constant=refuse)
    assert back["solver"] == {"status": "time_limit", "gap": None, "bound": None}
    assert back["inputs"] == {"osm_file": "/data/guangan.osm.pbf"}
    assert back["versions"] == export.package_versions()


# --- GeoJSON, projected CRS and GDAL's own reader ---------------------------------------------------
def test_geojson_is_rfc7946_wgs84(written: dict[str, Path], result: PlanResult) -> None:
    import json as _json

    for layer in export.LAYERS:
        doc = _json.loads(written[f"geojson/{layer}.geojson"].read_text(encoding="utf-8"))
        assert doc["type"] == "FeatureCollection"
        assert "crs" not in doc  # RFC 7946: no crs member, WGS-84 implied
        assert len(doc["features"]) == len(getattr(result, layer))
    stations = _json.loads(written["geojson/stations.geojson"].read_text(encoding="utf-8"))
    lon, lat = stations["features"][0]["geometry"]["coordinates"][:2]
    assert 105 < lon < 108 and 29 < lat < 32
    assert stations["features"][0]["properties"]["county_name"] == "广安区"


def test_projected_crs_for_gis_layers(result: PlanResult, tmp_path: Path) -> None:
    paths = export.write_outputs(result, tmp_path / "cgcs", crs="EPSG:4544", map_html=False)
    info = pyogrio.read_info(paths["plan.gpkg"], layer="stations")
    assert info["crs"] == "EPSG:4544"
    shp = pyogrio.read_dataframe(paths[_shp("stations")])
    assert shp.crs.to_epsg() == 4544 and shp.geometry.x.min() > 100_000  # metres, not degrees
    geo = pyogrio.read_info(paths["geojson/stations.geojson"])
    assert geo["crs"] == "EPSG:4326"
    manifest = json.loads(paths["manifest.json"].read_text(encoding="utf-8"))
    assert manifest["gis_crs"] == "EPSG:4544"
    with pytest.raises(InputDataError, match="EPSG:4545"):
        export.write_outputs(result, tmp_path / "bad", crs="EPSG:999999")
    assert not (tmp_path / "bad").exists()


def test_stale_temporary_folders_of_a_killed_run_are_removed(result: PlanResult, tmp_path: Path) -> None:
    stale = tmp_path / ".out.tmp-dead"
    stale.mkdir()
    (stale / "plan.gpkg").write_bytes(b"half")
    export.write_outputs(result, tmp_path / "out", map_html=False)
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


OGRINFO = shutil.which("ogrinfo")


@pytest.mark.skipif(OGRINFO is None, reason="GDAL's ogrinfo is not installed (Debian package gdal-bin)")
def test_gdal_ogrinfo_reads_every_file_with_names_counts_fields_crs_and_chinese(
    written: dict[str, Path], result: PlanResult
) -> None:
    import subprocess

    def ogrinfo(*args: str) -> str:
        run = subprocess.run(
            [str(OGRINFO), "-ro", *args], capture_output=True, text=True, check=True, encoding="utf-8"
        )
        return run.stdout

    gpkg = written["plan.gpkg"]
    listing = ogrinfo(str(gpkg))
    for layer in export.LAYERS:
        assert f": {layer} (" in listing
    for layer in export.LAYERS:
        summary = ogrinfo("-so", str(gpkg), layer)
        assert f"Feature Count: {len(getattr(result, layer))}" in summary
        assert 'ID["EPSG",4326]' in summary
    stations = ogrinfo(str(gpkg), "stations", "-where", "site_id = 'S00'")
    assert "广安区" in stations  # Chinese attribute values round-trip through GDAL
    for layer in export.LAYERS:
        shp = written[_shp(layer)]
        summary = ogrinfo("-so", str(shp), layer)
        assert f"Feature Count: {len(getattr(result, layer))}" in summary
        fields = [line.split(":")[0].strip() for line in summary.splitlines() if ": " in line and "(" in line]
        assert all(len(f) <= 10 for f in fields if f and not f.startswith(("Layer", "Geometry", "Extent")))
    shp_stations = ogrinfo(str(written[_shp("stations")]), "stations")
    assert "广安区" in shp_stations and "county_nm (String)" in shp_stations
    geo = ogrinfo("-so", str(written["geojson/stations.geojson"]), "stations")
    assert f"Feature Count: {len(result.stations)}" in geo and "WGS 84" in geo


# --- layers and tables of the planning model ------------------------------------------------------
def test_planning_layers_and_tables_are_written(
    planning_written: dict[str, Path], planning: PlanResult
) -> None:
    out = planning_written["plan.gpkg"].parent
    names = [*export.LAYERS, *export.PLANNING_LAYERS]
    assert export.layers_to_write(planning) == names
    expected = {"plan.gpkg", "kpis.csv", "kpis_by_county.csv", "stations.csv", "report.html", "manifest.json"}
    expected |= {"kpis_by_stage.csv", "substations.csv", "worst_served.csv", "shapefiles/FIELDS.csv"}
    expected |= {_shp(layer) for layer in names}
    expected |= {"summary.pdf"} if summary_pdf.pdf_available() else set()
    expected |= {f"geojson/{layer}.geojson" for layer in names}
    assert set(planning_written) == expected == set(_tree(out))

    gpkg = planning_written["plan.gpkg"]
    listed = pyogrio.list_layers(gpkg).tolist()
    assert [name for name, _ in listed] == [*names, "layer_styles"]  # the documented order
    assert dict(listed) == EXPECTED_GEOMETRY | PLANNING_GEOMETRY | {"layer_styles": None}
    for name in export.PLANNING_LAYERS:
        original: gpd.GeoDataFrame = getattr(planning, name)
        back = pyogrio.read_dataframe(gpkg, layer=name)
        assert list(back.columns) == [*_columns(original), "geometry"]
        back = back.drop(columns=export.SOURCE_COLUMN)
        assert_geodataframe_equal(
            back, original[list(back.columns)], check_dtype=False, check_less_precise=True
        )
        doc = json.loads(planning_written[f"geojson/{name}.geojson"].read_text(encoding="utf-8"))
        assert len(doc["features"]) == len(original) and "crs" not in doc
    subs = pyogrio.read_dataframe(gpkg, layer="substations")
    assert subs["headroom_used_2025"].tolist() == [0.12, 0.96, 0.6, 0.0]
    trips = pyogrio.read_dataframe(gpkg, layer="corridor_trips")
    assert trips["covered_2030"].dtype == bool and trips["covered_2030"].tolist() == [True, True, False]
    assert trips["destination_zh"].tolist() == ["前锋区", "重庆", "达州"]
    stations = pyogrio.read_dataframe(gpkg, layer="stations")
    assert stations["chargers"].tolist() == planning.stations["chargers"].tolist()
    assert stations["substation_id"].tolist()[-1] in ("", None)
    with closing(sqlite3.connect(gpkg)) as db:
        styled = [row[0] for row in db.execute("SELECT f_table_name FROM layer_styles ORDER BY id")]
    assert styled == [*export.LAYERS, *export.PLANNING_LAYERS]  # siting.styles styles every layer


def test_planning_shapefiles_and_fields_csv(planning_written: dict[str, Path], planning: PlanResult) -> None:
    fields = pd.read_csv(planning_written["shapefiles/FIELDS.csv"], encoding="utf-8-sig", dtype=str)
    for name in export.PLANNING_LAYERS:
        rows = fields[fields["layer"] == name]
        gdf = getattr(planning, name)
        assert rows["field"].tolist() == _columns(gdf)
        info = pyogrio.read_info(planning_written[_shp(name)])
        assert rows["shapefile_field"].tolist() == info["fields"].tolist()
        assert info["features"] == len(gdf)
        # a Shapefile's arcs are LineString or MultiLineString alike: GDAL reports LineString
        assert info["geometry_type"] == PLANNING_GEOMETRY[name].removeprefix("Multi")
        assert all(len(f) <= 10 for f in info["fields"])
        assert len({f.lower() for f in info["fields"]}) == len(info["fields"])
    mapping = {(r.layer, r.field): r.shapefile_field for r in fields.itertuples()}
    assert mapping["substations", "headroom_used_2030"] == "used_2030"
    assert mapping["corridor_trips", "flow_ev_trips_per_day"] == "flow_day"
    assert mapping["stations_by_stage", "chargers_2030"] == "chg_2030"
    assert mapping["stations", "corridor_flow_critical_per_day"] == "crit_flow"
    assert mapping["worst_served", "fast_ev_unserved"] == "fast_ev_us"
    subs = pyogrio.read_dataframe(planning_written[_shp("substations")])
    assert subs["name"].tolist() == planning.substations["name"].tolist()  # Chinese round-trips
    assert subs["load_2030"].tolist() == planning.substations["load_kw_2030"].tolist()
    trips = pyogrio.read_dataframe(planning_written[_shp("corridor_trips")])
    assert trips["cov_2025"].tolist() == [1, 0, 0]  # booleans as integers
    later = pyogrio.read_dataframe(planning_written[_shp("stations_by_stage")])
    assert later["opened_in"].tolist() == ["2025"] * 10 + ["2030"] * 3


def test_planning_csv_tables(planning_written: dict[str, Path], planning: PlanResult) -> None:
    for name in ("kpis_by_stage.csv", "substations.csv", "worst_served.csv"):
        data = planning_written[name].read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" not in data
    stages = pd.read_csv(planning_written["kpis_by_stage.csv"], encoding="utf-8-sig", dtype={"stage": str})
    pd.testing.assert_frame_equal(
        stages.drop(columns=export.SOURCE_COLUMN), planning.kpis_by_stage, check_dtype=False
    )
    subs = pd.read_csv(planning_written["substations.csv"], encoding="utf-8-sig")
    assert list(subs.columns) == [*_columns(planning.substations), "lon", "lat"]
    assert subs["lon"].tolist() == planning.substations.geometry.x.round(6).tolist()
    assert subs["name"].tolist()[0] == "广安220kV变电站"
    worst = pd.read_csv(planning_written["worst_served.csv"], encoding="utf-8-sig")
    assert list(worst.columns) == [*_columns(planning.worst_served), "lon", "lat"]
    assert worst["rank"].tolist() == list(range(1, len(planning.worst_served) + 1))
    assert worst["demand_id"].tolist() == planning.worst_served["demand_id"].tolist()
    zones = planning.worst_served.geometry
    for lon, lat, zone in zip(worst["lon"], worst["lat"], zones, strict=True):
        assert zone.buffer(1e-6).contains(Point(lon, lat))  # a point inside the zone
    stations = pd.read_csv(planning_written["stations.csv"], encoding="utf-8-sig", keep_default_na=False)
    assert stations["chargers"].tolist() == planning.stations["chargers"].tolist()


def test_base_model_plan_writes_only_the_base_layers_and_worst_served(
    tmp_path: Path, result: PlanResult
) -> None:
    assert export.layers_to_write(result) == list(export.LAYERS)
    worst = planning_plan_result().worst_served
    files = export.write_outputs(
        dataclasses.replace(result, worst_served=worst), tmp_path / "out", map_html=False
    )
    assert "worst_served.csv" in files and "geojson/worst_served.geojson" in files
    assert not any(
        k in files for k in ("kpis_by_stage.csv", "substations.csv", "geojson/substations.geojson")
    )
    assert [n for n, _ in pyogrio.list_layers(files["plan.gpkg"]).tolist()] == [
        *export.LAYERS,
        "worst_served",
        "layer_styles",
    ]


def test_planning_outputs_are_byte_identical(tmp_path: Path, planning: PlanResult) -> None:
    export.write_outputs(planning, tmp_path / "a")
    export.write_outputs(planning, tmp_path / "b")
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert a.keys() == b.keys()
    assert {"map.html", "kpis_by_stage.csv", _shp("corridor_trips"), _shp("roads")} <= a.keys()
    assert [name for name in a if a[name] != b[name] and name != "manifest.json"] == []


@pytest.mark.skipif(OGRINFO is None, reason="GDAL's ogrinfo is not installed (Debian package gdal-bin)")
def test_gdal_ogrinfo_reads_the_planning_layers(
    planning_written: dict[str, Path], planning: PlanResult
) -> None:
    def ogrinfo(*args: str) -> str:
        run = subprocess.run(
            [str(OGRINFO), "-ro", *args], capture_output=True, text=True, check=True, encoding="utf-8"
        )
        assert "ERROR" not in run.stderr, run.stderr
        return run.stdout

    gpkg = str(planning_written["plan.gpkg"])
    listing = ogrinfo(gpkg)
    for k, name in enumerate([*export.LAYERS, *export.PLANNING_LAYERS], start=1):
        kind = {
            "LineString": "Line String",
            "MultiPolygon": "Multi Polygon",
            "MultiLineString": "Multi Line String",
        }.get((EXPECTED_GEOMETRY | PLANNING_GEOMETRY)[name], (EXPECTED_GEOMETRY | PLANNING_GEOMETRY)[name])
        assert f"{k}: {name} ({kind})" in listing
    for name, fields in {
        "substations": [
            "substation_id: String",
            "load_kw_2025: Real",
            "stations_2030: Integer",
            "headroom_used_2030: Real",
        ],
        "corridor_trips": [
            "flow_ev_trips_per_day: Real",
            "covered_2025: Integer(Boolean)",
            "origin_zh: String",
        ],
        "stations_by_stage": ["opened_in: String", "chargers_2030: Integer"],
        "worst_served": ["rank: Integer", "fast_ev_unserved: Real"],
    }.items():
        summary = ogrinfo("-so", gpkg, name)
        assert f"Feature Count: {len(getattr(planning, name))}" in summary
        assert 'ID["EPSG",4326]' in summary
        for field in fields:
            assert field in summary, (name, field)
        shp = ogrinfo("-so", str(planning_written[_shp(name)]), name)
        assert f"Feature Count: {len(getattr(planning, name))}" in shp
    assert "重庆" in ogrinfo(gpkg, "corridor_trips", "-where", "trip_id = 'Q2'")
    shp = ogrinfo("-so", str(planning_written[_shp("substations")]), "substations")
    assert "used_2025: Real" in shp and "headrm_kw: Real" in shp


def _files_without(word: bytes, folder: Path) -> list[str]:
    """``grep -r -L -i word folder`` in Python: every file (any format, as bytes) not holding ``word``."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and word.lower() not in p.read_bytes().lower()
    )


def test_every_output_of_a_synthetic_plan_says_synthetic(
    written: dict[str, Path], planning_written: dict[str, Path], result: PlanResult
) -> None:
    assert result.synthetic
    for files in (written, planning_written):
        folder = files["manifest.json"].parent
        assert _files_without(b"synthetic", folder) == []  # every file, binary ones included
        if shutil.which("grep"):
            grep = subprocess.run(
                ["grep", "-r", "-L", "-i", "synthetic", str(folder)],
                capture_output=True,
                text=True,
                check=False,
            )
            assert grep.stdout == ""
    # a column in every table and layer, metadata in the GeoPackage
    for name in export.LAYERS:
        gpkg = pyogrio.read_dataframe(written["plan.gpkg"], layer=name)
        assert set(gpkg[export.SOURCE_COLUMN]) == {"synthetic road network"}, name
        assert set(pyogrio.read_dataframe(written[_shp(name)])["data_src"]) == {"synthetic road network"}
        info = pyogrio.read_info(written["plan.gpkg"], layer=name)
        assert "synthetic" in info["layer_metadata"]["DESCRIPTION"]
    assert (
        "synthetic"
        in pyogrio.read_info(written["plan.gpkg"], layer="stations")["dataset_metadata"]["WARNING"]
    )
    with closing(sqlite3.connect(written["plan.gpkg"])) as db:
        metadata = " ".join(row[0] for row in db.execute("SELECT metadata FROM gpkg_metadata"))
    assert "synthetic road network" in metadata
    for name in ("kpis.csv", "kpis_by_county.csv", "stations.csv", "shapefiles/FIELDS.csv"):
        table = pd.read_csv(written[name], encoding="utf-8-sig")
        assert set(table[export.SOURCE_COLUMN]) == {"synthetic road network"}, name


def test_a_plan_on_real_data_gets_no_source_column(tmp_path: Path) -> None:
    real = small_plan_result(synthetic=False)
    files = export.write_outputs(real, tmp_path / "out", map_html=False)
    # real data: plain Shapefile sets, as every GIS (ArcGIS too) opens them without unzipping
    assert {f"shapefiles/stations{ext}" for ext in export.SHAPEFILE_PARTS} <= files.keys()
    assert not any(name.endswith(".zip") for name in files)
    assert export.SOURCE_COLUMN not in pd.read_csv(files["stations.csv"], encoding="utf-8-sig").columns
    assert (
        "OpenStreetMap"
        in pyogrio.read_info(files["plan.gpkg"], layer="stations")["dataset_metadata"]["DATA_SOURCE"]
    )
