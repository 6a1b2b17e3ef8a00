"""Write a plan to an output folder: GeoPackage, Shapefiles, CSV tables, map and manifest.

:func:`write_outputs` builds the whole folder next to its final place and renames it into place,
so a reader never sees a half-written folder and a failure leaves nothing behind.  The folder holds:

===============================  ==================================================================
file                             content
===============================  ==================================================================
``plan.gpkg``                    layers stations, piles, terminals, demand, counties, candidates
                                 (:data:`LAYERS`, always) and, when the plan has them (not empty),
                                 substations, corridor_trips, stations_by_stage, roads (the major
                                 roads of the network planned on), worst_served
                                 (:data:`PLANNING_LAYERS`); EPSG:4326, full column names and full
                                 text, and a default QGIS style per layer (:mod:`siting.styles`)
``shapefiles/<layer>.shp``       the same layers as ESRI Shapefiles (+ .shx .dbf .prj .cpg), UTF-8,
                                 field names shortened with :data:`FIELD_NAMES_SHP` and
                                 :data:`STAGE_FIELD_PREFIXES_SHP`; from the synthetic city each
                                 layer is one zipped Shapefile ``<layer>.shp.zip`` instead
                                 (:func:`zip_shapefile`; GDAL >= 3.1 and QGIS open it directly,
                                 ArcGIS users unzip it) whose archive comment says "synthetic road
                                 network - not a real plan": the parts .shp/.shx/.prj/.cpg have no
                                 place for that label, and every output file says it
``shapefiles/FIELDS.csv``        layer, field, shapefile_field, part, shapefile: how names were
                                 shortened, which numbered fields hold the parts of a long text, and
                                 the file holding the layer (``stations.shp`` or ``stations.shp.zip``)
``geojson/<layer>.geojson``      the same layers as GeoJSON (RFC 7946: WGS-84 lon/lat, always)
``kpis.csv``                     KPI table
``kpis_by_county.csv``           KPIs per county
``stations.csv``                 opened stations with ``lon``/``lat`` columns, for spreadsheets
``kpis_by_stage.csv``            KPIs per rollout stage (planning model only)
``kpis_by_island.csv``           KPIs per road island (only when ``--keep-components`` kept several)
``substations.csv``              substations with load and headroom used per stage, ``lon``/``lat``
                                 (planning model with grid headroom only)
``worst_served.csv``             the demand zones with most EVs left without fast charging, with
                                 ``lon``/``lat`` of a point inside the zone (when there are any)
``map.html``                     interactive map (:mod:`siting.maps`), unless ``map_html=False``
``report.html``                  self-contained bilingual report (:mod:`siting.report`): KPIs, counties,
                                 charts, solver report, sources and licences (print CSS for A4)
``summary.pdf``                  the report's one-page summary as an A4 PDF, when the optional
                                 WeasyPrint is installed (extra ``[pdf]``; :mod:`siting.summary_pdf`)
``manifest.json``                the plan's manifest plus ``files``: sha256 and size of every other
                                 file; ``versions`` (:func:`package_versions`) is added when the
                                 manifest has none, and NaN/infinite numbers are written as null
===============================  ==================================================================

Encodings
    CSV files are UTF-8 *with* a byte-order mark (``utf-8-sig``) and ``\\n`` line ends: Excel (also
    the Chinese editions, which otherwise assume GBK) then shows Chinese text correctly, and pandas,
    R and GIS tools read the BOM transparently.  Shapefile attributes are UTF-8 with a ``.cpg`` file
    saying so.  JSON and HTML are UTF-8 without BOM.

Shapefile limits
    Field names are at most 10 characters (see :data:`FIELD_NAMES_SHP`; per-stage columns such as
    ``load_kw_2030`` are shortened with :data:`STAGE_FIELD_PREFIXES_SHP` to ``load_2030``; other
    columns are truncated; names are then made unique per layer, and every mapping is listed in
    ``FIELDS.csv``).  Booleans are written as integers 1/0.  A DBF text field holds 254 bytes (about 84
    Chinese characters): a longer text column is split, at character boundaries, into numbered fields
    (``reason_zh`` → ``reason_z1``, ``reason_z2``, …; ``part`` 1, 2, … in ``FIELDS.csv``) whose values
    joined in order give the whole text, and a warning names every column split.  No text is cut; the
    GeoPackage, GeoJSON and CSV files hold every text whole in one field.

Coordinate reference system
    GeoJSON is always WGS-84 (RFC 7946).  The GeoPackage and the Shapefiles are EPSG:4326 unless
    ``crs`` names another CRS, e.g. ``EPSG:4545`` (CGCS2000 / 3-degree Gauss-Kruger CM 108°E, the zone
    of Guang'an's centroid at 106.66°E; Yuechi and Wusheng lie west of 106.5°E, in EPSG:4544) for
    measuring in metres in QGIS or ArcGIS.

Reproducibility
    Planning the same inputs twice gives byte-identical GeoPackage, Shapefiles, GeoJSON and CSV files
    (with the same library versions).  The timestamps that GDAL would otherwise take from the clock are
    pinned to ``SOURCE_DATE_EPOCH`` when that environment variable is set, else to the date of the
    input data (``manifest["data_source"]["date"]``), else to 1970-01-01: the GeoPackage
    ``gpkg_contents.last_change`` through GDAL's ``OGR_CURRENT_DATE`` configuration option and the DBF
    header date through the ``DBF_DATE_LAST_UPDATE`` layer creation option.  ``manifest.json`` records
    when the plan was made, so it differs between runs.
    Different GDAL, SQLite, pandas or folium versions may still change bytes; file modification
    times on disk are not controlled.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import importlib.metadata
import io
import json
import math
import os
import platform
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj

from siting import dbf, maps, report, styles, summary_pdf
from siting._errors import InputDataError
from siting._io import atomic_folder, check_output_folder, stage_file, write_file_atomic
from siting._io import remove_stale_temporaries as remove_stale_temporaries
from siting._warnings import warn
from siting.dbf import FIELD_NAMES_SHP as FIELD_NAMES_SHP
from siting.dbf import SHP_TEXT_MAX_BYTES as SHP_TEXT_MAX_BYTES
from siting.dbf import STAGE_FIELD_PREFIXES_SHP as STAGE_FIELD_PREFIXES_SHP
from siting.dbf import split_utf8 as split_utf8
from siting.layers import LAYERS as LAYER_REGISTRY
from siting.layers import layer, layers_for
from siting.results import PlanResult

__all__ = [
    "FIELD_NAMES_SHP",
    "LAYERS",
    "PLANNING_LAYERS",
    "SHAPEFILE_PARTS",
    "STAGE_FIELD_PREFIXES_SHP",
    "SYNTHETIC_ZIP_COMMENT",
    "check_crs",
    "check_table",
    "file_info",
    "json_ready",
    "layers_to_write",
    "package_versions",
    "remove_stale_temporaries",
    "shapefile_name",
    "split_utf8",
    "write_csv",
    "write_manifest",
    "write_outputs",
    "zip_shapefile",
]

#: Layers always written to ``plan.gpkg``, ``shapefiles/`` and ``geojson/``, in this order (the
#: registry :data:`siting.layers.LAYERS` decides).
LAYERS: tuple[str, ...] = tuple(item.name for item in LAYER_REGISTRY if not item.optional)

#: Layers written after :data:`LAYERS` (in this order) only when not empty: the planning families',
#: ``roads`` and ``worst_served``.
PLANNING_LAYERS: tuple[str, ...] = tuple(item.name for item in LAYER_REGISTRY if item.optional)


_CSV_ENCODING = "utf-8-sig"

#: GeoPackage version written: 1.2 is read without warnings by GDAL >= 2.2 (QGIS 3, ArcGIS Pro);
#: GDAL 3.12 would otherwise write 1.4, which older GDAL versions report as "partially supported".
_GPKG_VERSION = "1.2"

#: Distributions reported by :func:`package_versions` (key → distribution name).
_DISTRIBUTIONS = {
    "siting": "guangan-ev-siting",
    "numpy": "numpy",
    "scipy": "scipy",
    "pandas": "pandas",
    "geopandas": "geopandas",
    "shapely": "shapely",
    "pyproj": "pyproj",
    "pyogrio": "pyogrio",
    "networkx": "networkx",
    "osmnx": "osmnx",
    "osmium": "osmium",
    "pyomo": "pyomo",
    "highspy": "highspy",
    "folium": "folium",
}


# ----------------------------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------------------------
def write_outputs(
    result: PlanResult,
    out_dir: str | os.PathLike[str],
    *,
    map_html: bool = True,
    overwrite: bool = False,
    map_options: dict[str, Any] | None = None,
    crs: str | None = None,
    map_copy: str | os.PathLike[str] | None = None,
) -> dict[str, Path]:
    """Write every output file of a plan into a new folder, atomically.

    The files are written into a temporary folder beside ``out_dir`` that is renamed into place
    (:func:`siting._io.atomic_folder`): with ``overwrite``, an existing ``out_dir`` is swapped out and
    deleted only once the new folder is in place.  On any error the temporary folder is removed and
    ``out_dir`` is left as it was.

    Parameters
    ----------
    result
        The plan.
    out_dir
        Folder to create.  Its parent folders are created when missing.
    map_html
        Also write ``map.html``.
    overwrite
        Replace an existing ``out_dir``.  For safety only a folder that holds a ``manifest.json``
        (an earlier output) or nothing at all is replaced.
    map_options
        Keyword arguments for :func:`siting.maps.map_from_result` (``tiles``, ``inline_assets``,
        ``language``, ``tianditu_key``); with ``inline_assets=False`` the folder also gets
        ``siting-assets/``.
    crs
        CRS of the GeoPackage and Shapefiles (anything pyproj accepts, e.g. ``"EPSG:4545"``);
        default WGS-84.  GeoJSON stays WGS-84.
    map_copy
        Also copy ``map.html`` to this file (e.g. ``maps/<scenario>.html``), as part of the atomic
        output: the copy is written beside its target before the folder is moved into place and renamed
        onto the target after it, and removed when anything fails.

    Returns
    -------
    dict of str to pathlib.Path
        Every file written, by its path relative to ``out_dir`` (e.g. ``"shapefiles/piles.shp"``).

    Raises
    ------
    InputDataError
        ``out_dir`` exists and ``overwrite`` is False (raised before anything is written),
        ``out_dir`` is not a replaceable folder, or a layer holds values that cannot be written.
    """
    out = Path(out_dir).absolute()
    check_output_folder(out, overwrite=overwrite)
    target_crs = check_crs(crs)
    staged: Path | None = None
    try:
        with atomic_folder(out, overwrite=overwrite) as tmp:
            names = _write_all(result, tmp, map_html=map_html, map_options=map_options or {}, crs=target_crs)
            if map_copy is not None and map_html:
                staged = stage_file(map_copy, (tmp / "map.html").read_bytes())
        if staged is not None:
            staged.replace(Path(map_copy or ""))
    except BaseException:
        if staged is not None:
            staged.unlink(missing_ok=True)
        raise
    return {name: out / name for name in names}


def layers_to_write(result: PlanResult) -> list[str]:
    """Names of the GIS layers :func:`write_outputs` writes for ``result``, in order.

    Every name of :data:`LAYERS`, then those of :data:`PLANNING_LAYERS` that the result has and that
    hold at least one row (a base-model plan has none of them, except ``worst_served`` when some
    demand is left unserved); :func:`siting.layers.layers_for` decides.
    """
    rows = {item.name: _n_rows(getattr(result, item.name, None)) for item in LAYER_REGISTRY}
    return [item.name for item in layers_for(rows)]


def _n_rows(table: Any) -> int:
    return len(table) if isinstance(table, pd.DataFrame) else 0


def package_versions() -> dict[str, str]:
    """Return the versions of Python, GDAL and the packages a plan depends on.

    Returns
    -------
    dict of str to str
        Keys ``python``, ``siting``, ``numpy``, ``scipy``, ``pandas``, ``geopandas``, ``shapely``,
        ``pyproj``, ``pyogrio``, ``networkx``, ``osmnx``, ``osmium``, ``pyomo``, ``highspy``,
        ``folium`` and ``gdal`` (the GDAL inside pyogrio, which decides the GeoPackage and Shapefile
        bytes); ``"not installed"`` for a missing package.
    """
    versions = {"python": platform.python_version()}
    for key, dist in _DISTRIBUTIONS.items():
        try:
            versions[key] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[key] = "not installed"
    versions["gdal"] = str(pyogrio.__gdal_version_string__)
    return versions


def check_crs(crs: str | None) -> str | None:
    """Return ``crs`` normalised by pyproj, or raise :class:`InputDataError` naming it and the fix."""
    if crs is None:
        return None
    try:
        parsed = pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError as exc:
        raise InputDataError(
            f"--crs {crs!r} is not a coordinate reference system pyproj knows ({exc}); "
            "give an EPSG code such as EPSG:4545 (CGCS2000 / 3-degree Gauss-Kruger CM 108E)."
        ) from exc
    return parsed.to_string()


def _write_all(
    result: PlanResult,
    folder: Path,
    *,
    map_html: bool,
    map_options: dict[str, Any],
    crs: str | None = None,
) -> list[str]:
    """Write every file into ``folder``; return their relative names (manifest last)."""
    stamp = _timestamp(result.manifest)
    layers = {
        name: _with_source(_wgs84(getattr(result, name), name), result) for name in layers_to_write(result)
    }
    gis_layers = {name: gdf.to_crs(crs) for name, gdf in layers.items()} if crs else layers

    gpkg_date = stamp.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    with _gdal_config({"OGR_CURRENT_DATE": gpkg_date}):
        gpkg = folder / "plan.gpkg"
        for name, gdf in gis_layers.items():
            _write_layer(
                _gpkg_frame(gdf, name),
                gpkg,
                name,
                driver="GPKG",
                dataset_options={"VERSION": _GPKG_VERSION},
                **_source_metadata(result, name),
            )
    # default QGIS styles (table layer_styles), stamped with the same time as the layers
    styles.write_layer_styles(gpkg, gis_layers, timestamp=gpkg_date)

    shp_dir = folder / "shapefiles"
    shp_dir.mkdir()
    field_rows: list[list[Any]] = []
    for name, gdf in gis_layers.items():
        frame, fields = _shapefile_frame(gdf, name)
        _write_layer(
            frame,
            shp_dir / f"{name}.shp",
            name,
            driver="ESRI Shapefile",
            encoding="UTF-8",
            layer_options={"DBF_DATE_LAST_UPDATE": stamp.strftime("%Y-%m-%d")},
        )
        if result.synthetic:
            zip_shapefile(shp_dir / f"{name}.shp", stamp=stamp, comment=SYNTHETIC_ZIP_COMMENT)
        file = Path(shapefile_name(name, synthetic=result.synthetic)).name
        field_rows += [[name, col, short, part, file] for col, short, part in fields]
    _warn_split_fields(field_rows)
    write_csv(
        _with_source(pd.DataFrame(field_rows, columns=[*_FIELDS_COLUMNS, "shapefile"]), result),
        shp_dir / "FIELDS.csv",
    )

    geojson_dir = folder / "geojson"
    geojson_dir.mkdir()
    for name, gdf in layers.items():
        _write_layer(
            _gpkg_frame(gdf, name),
            geojson_dir / f"{name}.geojson",
            name,
            driver="GeoJSON",
            layer_options={"RFC7946": "YES", "WRITE_NAME": "NO"},
        )

    write_csv(_with_source(check_table(result.kpis, "kpis"), result), folder / "kpis.csv")
    write_csv(
        _with_source(check_table(result.kpis_by_county, "kpis_by_county"), result),
        folder / "kpis_by_county.csv",
    )
    write_csv(_stations_table(layers["stations"]), folder / "stations.csv")
    by_stage = getattr(result, "kpis_by_stage", None)
    if isinstance(by_stage, pd.DataFrame) and len(by_stage):
        write_csv(_with_source(check_table(by_stage, "kpis_by_stage"), result), folder / "kpis_by_stage.csv")
    by_island = getattr(result, "kpis_by_island", None)
    if isinstance(by_island, pd.DataFrame) and len(by_island):
        by_island = _with_source(check_table(by_island, "kpis_by_island"), result)
        write_csv(by_island, folder / "kpis_by_island.csv")
    for name in (item.name for item in LAYER_REGISTRY if item.csv):
        if name in layers:
            write_csv(_points_table(layers[name], name), folder / f"{name}.csv")

    report.save_report(result, folder / "report.html")
    if summary_pdf.pdf_available():
        summary_pdf.save_summary_pdf(result, folder / "summary.pdf")
    if map_html:
        maps.save_map(maps.map_from_result(result, **map_options), folder / "map.html")

    manifest = dict(result.manifest)
    manifest.setdefault("versions", package_versions())
    manifest["gis_crs"] = crs or "EPSG:4326"
    return write_manifest(folder, manifest)


#: Columns of ``shapefiles/FIELDS.csv`` before ``shapefile`` (the file holding the layer).
_FIELDS_COLUMNS = ["layer", "field", "shapefile_field", "part"]
#: Parts of a Shapefile, in the order they are zipped.
SHAPEFILE_PARTS: tuple[str, ...] = (".shp", ".shx", ".dbf", ".prj", ".cpg")
#: Comment of every zipped Shapefile written from a plan on synthetic data.
SYNTHETIC_ZIP_COMMENT = "synthetic road network - not a real plan"


def shapefile_name(layer_name: str, *, synthetic: bool) -> str:
    """Path of a layer's Shapefile in the output folder.

    ``shapefiles/<layer>.shp.zip`` for a plan on synthetic data (GDAL's single-file zipped Shapefile,
    which GDAL >= 3.1 and QGIS open directly; the archive's comment says "synthetic"), else
    ``shapefiles/<layer>.shp`` (with its .shx, .dbf, .prj and .cpg beside it).
    """
    return f"shapefiles/{layer_name}.shp" + (".zip" if synthetic else "")


def zip_shapefile(shp: Path, *, stamp: dt.datetime, comment: str) -> Path:
    """Replace the parts of the Shapefile ``shp`` by one ``<name>.shp.zip`` beside it (deterministic bytes).

    The parts are stored at the archive's root (as GDAL's ``/vsizip/`` reader of ``.shp.zip`` expects),
    deflated, dated ``stamp`` (at the earliest 1980-01-01, the first date a ZIP can hold), and the archive
    carries ``comment`` (UTF-8), which a text search such as ``grep -i`` finds.
    """
    target = shp.with_name(shp.name + ".zip")
    parts = [shp.with_suffix(ext) for ext in SHAPEFILE_PARTS if shp.with_suffix(ext).exists()]
    when = max(stamp.astimezone(dt.UTC).replace(tzinfo=None), dt.datetime(1980, 1, 1))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.comment = comment.encode("utf-8")
        for part in parts:
            info = zipfile.ZipInfo(part.name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, part.read_bytes())
    write_file_atomic(target, buffer.getvalue())
    for part in parts:
        part.unlink()
    return target


_Frame = TypeVar("_Frame", bound=pd.DataFrame)

#: Column added to every table and layer written from a plan on synthetic data (:func:`_with_source`).
SOURCE_COLUMN = "data_source"


def _with_source(df: _Frame, result: PlanResult) -> _Frame:
    """``df`` with a last column :data:`SOURCE_COLUMN` naming the synthetic data source, when synthetic.

    Plans on real data are left as they are (their source is in ``manifest.json`` and the titles).
    """
    if not result.synthetic:
        return df
    out = df.copy()
    out[SOURCE_COLUMN] = pd.Series([result.source_label] * len(out), index=out.index, dtype=object)
    if isinstance(out, gpd.GeoDataFrame):  # keep the geometry column last, as pyogrio writes it
        geom = out.geometry.name
        out = out[[c for c in out.columns if c != geom] + [geom]]
    return out


def _source_metadata(result: PlanResult, name: str) -> dict[str, dict[str, str]]:
    """GDAL metadata of a GeoPackage layer and the dataset (written to ``gpkg_metadata`` by GDAL)."""
    info = {
        "DATA_SOURCE": result.source_label,
        "PLAN_TITLE": result.title_en,
        "PLAN_TITLE_ZH": result.title_zh,
    }
    if result.synthetic:
        info["WARNING"] = "synthetic road network: not real roads; for demonstration only"
    return {
        "dataset_metadata": info,
        "layer_metadata": {**info, "DESCRIPTION": f"{layer(name).title_en} ({result.source_label})"},
    }


def _write_layer(frame: gpd.GeoDataFrame, path: Path, name: str, *, driver: str, **options: Any) -> None:
    geometry_type = None if len(frame) else layer(name).geometry
    pyogrio.write_dataframe(frame, path, layer=name, driver=driver, geometry_type=geometry_type, **options)


@contextmanager
def _gdal_config(options: dict[str, str]) -> Iterator[None]:
    """Set GDAL configuration options for the duration of a block, then restore them.

    GDAL configuration is process-wide: concurrent writers in other threads see these values too.
    """
    previous = {key: pyogrio.get_gdal_config_option(key) for key in options}
    pyogrio.set_gdal_config_options(options)
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(previous)


def _timestamp(manifest: dict[str, Any]) -> dt.datetime:
    """Timestamp written into GIS files: SOURCE_DATE_EPOCH, else the data date, else 1970-01-01.

    Never the clock, so that planning the same inputs twice gives the same bytes.
    """
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    source_epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if source_epoch.isdigit():
        return dt.datetime.fromtimestamp(int(source_epoch), tz=dt.UTC)
    data_source = manifest.get("data_source")
    raw = data_source.get("date") if isinstance(data_source, dict) else None
    if isinstance(raw, dt.datetime):
        stamp = raw
    elif isinstance(raw, str):
        try:
            stamp = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return epoch
    else:
        return epoch
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone(dt.UTC)


# ----------------------------------------------------------------------------------------------
# tables
# ----------------------------------------------------------------------------------------------
def _wgs84(gdf: gpd.GeoDataFrame, name: str) -> gpd.GeoDataFrame:
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise InputDataError(f"plan layer {name!r} is a {type(gdf).__name__}, not a GeoDataFrame")
    return maps.data.wgs84(gdf)


def _gpkg_frame(gdf: gpd.GeoDataFrame, name: str) -> gpd.GeoDataFrame:
    """Layer ready for the GeoPackage: object columns checked, lists joined, flags as booleans."""
    out = gdf.reset_index(drop=True).copy()
    for col in out.columns:
        if col == out.geometry.name:
            continue
        out[col] = _clean_column(out[col], name, str(col))
    return out


def _shapefile_frame(gdf: gpd.GeoDataFrame, name: str) -> tuple[gpd.GeoDataFrame, list[tuple[str, str, int]]]:
    """Layer ready for a Shapefile: short field names, booleans as 1/0, long text split into parts.

    Returns the frame and its field mapping ``(column, shapefile field, part)``: a text column whose
    longest value exceeds :data:`dbf.SHP_TEXT_MAX_BYTES` bytes becomes numbered fields (``reason_zh`` →
    ``reason_z1``, ``reason_z2``, …, parts 1, 2, …) that join back to the whole text
    (:func:`split_utf8`); every other column is one field, part 1.
    """
    out = _gpkg_frame(gdf, name)
    geom = out.geometry.name
    columns = [str(c) for c in out.columns if c != geom]
    pieces: dict[str, pd.Series] = {}
    for col in columns:
        series = out[col]
        if pd.api.types.is_bool_dtype(series.dtype):
            out[col] = series.astype("Int32" if series.hasnans else "int32")
        elif pd.api.types.is_string_dtype(series.dtype):
            split = series.map(lambda v: dbf.split_utf8(str(v)), na_action="ignore")
            if split.dropna().map(len).max() > 1:
                pieces[col] = split
    n_parts = {col: int(split.dropna().map(len).max()) for col, split in pieces.items()}
    wanted = [(col, k) for col in columns for k in range(1, n_parts.get(col, 1) + 1)]
    keys = [f"{col}#{k}" if col in pieces else col for col, k in wanted]
    names = dbf.field_names(keys)
    if len(keys) > dbf.SHP_MAX_FIELDS:
        raise InputDataError(
            f"plan layer {name!r} needs {len(keys)} Shapefile fields (long text is split into "
            f"{dbf.SHP_TEXT_MAX_BYTES}-byte parts) but a DBF holds at most {dbf.SHP_MAX_FIELDS}; "
            "shorten the text or use plan.gpkg, which keeps it whole"
        )
    data: dict[str, Any] = {}
    for (col, part), key in zip(wanted, keys, strict=True):
        if col in pieces:
            piece = pieces[col].map(lambda p, i=part - 1: p[i] if i < len(p) else "", na_action="ignore")
            data[names[key]] = piece.astype(out[col].dtype)
        else:
            data[names[key]] = out[col]
    frame = gpd.GeoDataFrame(data, geometry=out.geometry, crs=out.crs)
    return frame, [(col, names[key], part) for (col, part), key in zip(wanted, keys, strict=True)]


def _warn_split_fields(rows: list[list[str]]) -> None:
    """One warning naming every text column split over several Shapefile fields."""
    split: dict[tuple[str, str], list[str]] = {}
    for layer_name, col, short, *_rest in rows:
        split.setdefault((layer_name, col), []).append(short)
    long = [
        f"{layer_name}.{col} → {', '.join(shorts)}"
        for (layer_name, col), shorts in split.items()
        if len(shorts) > 1
    ]
    if long:
        warn(
            f"Shapefiles: text longer than {dbf.SHP_TEXT_MAX_BYTES} bytes is split into numbered fields "
            f"(join them in order for the whole text; shapefiles/FIELDS.csv lists them): {'; '.join(long)}"
        )


_SCALARS = (str, bool, int, float, np.generic, Decimal, dt.date, dt.datetime, pd.Timestamp)


def _clean_column(series: pd.Series, layer: str, col: str) -> pd.Series:
    """Check an attribute column; join list values with "; " and type object-held flags as booleans.

    pyogrio writes any other Python object as its ``str()``, which would put memory addresses into
    the files, so such values are refused.
    """
    if series.dtype != object:
        return series
    present = [v for v in series if not _missing(v)]
    bad = [v for v in present if not isinstance(v, (*_SCALARS, list, tuple))]
    bad += [v for v in present if isinstance(v, list | tuple) and not all(isinstance(x, _SCALARS) for x in v)]
    if bad:
        raise InputDataError(
            f"plan layer {layer!r} column {col!r} holds {type(bad[0]).__name__} values "
            f"(e.g. {str(bad[0])[:60]!r}) that cannot be written to a GIS file; "
            "convert them to text or numbers"
        )
    if present and all(isinstance(v, bool | np.bool_) for v in present):
        return series.astype("boolean")
    if any(isinstance(v, list | tuple) for v in present):
        return series.map(lambda v: "; ".join(str(x) for x in v) if isinstance(v, list | tuple) else v)
    return series


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return value is pd.NA or value is pd.NaT


def check_table(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """``df`` ready for a CSV: every object column checked (:class:`InputDataError` naming table
    ``name`` and the column), lists joined with ``"; "``, object-held flags typed as booleans."""
    out = df.reset_index(drop=True).copy()
    for col in out.columns:
        out[col] = _clean_column(out[col], name, str(col))
    return out


def _stations_table(stations: gpd.GeoDataFrame) -> pd.DataFrame:
    """Stations without geometry, plus ``lon`` and ``lat`` (6 decimals, ≈ 0.1 m)."""
    return _points_table(stations, "stations")


def _points_table(gdf: gpd.GeoDataFrame, name: str) -> pd.DataFrame:
    """A layer without geometry, plus ``lon`` and ``lat`` (6 decimals, ≈ 0.1 m) of a point on each
    feature (a point's own position, a point inside a polygon); empty geometries give empty cells."""
    out = check_table(pd.DataFrame(gdf.drop(columns=gdf.geometry.name)), name)
    geoms = gdf.geometry.reset_index(drop=True)
    present = (geoms.notna() & ~geoms.is_empty).to_numpy()
    lon = np.full(len(gdf), np.nan)
    lat = np.full(len(gdf), np.nan)
    if present.any():
        reps = geoms[present].representative_point()
        lon[present] = np.round(reps.x.to_numpy(dtype=float), 6)
        lat[present] = np.round(reps.y.to_numpy(dtype=float), 6)
    out["lon"] = lon
    out["lat"] = lat
    return out


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write ``df`` to ``path`` as UTF-8 CSV with a byte-order mark (Excel shows Chinese correctly)."""
    buffer = io.StringIO()
    df.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    path.write_bytes(buffer.getvalue().encode(_CSV_ENCODING))


# ----------------------------------------------------------------------------------------------
# manifest
# ----------------------------------------------------------------------------------------------
def write_manifest(folder: Path, manifest: Mapping[str, Any]) -> list[str]:
    """Write ``manifest.json`` into ``folder`` with the size and sha256 of every file already there.

    Parameters
    ----------
    folder
        The (temporary) output folder, written completely but for the manifest.
    manifest
        What the manifest says; a ``"files"`` entry is added.  NaN and infinities become ``null``.

    Returns
    -------
    list of str
        Every file of the folder by its relative path, ``manifest.json`` last.
    """
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    content = {**manifest, "files": {name: file_info(folder / name) for name in files}}
    text = json.dumps(
        json_ready(content),
        sort_keys=True,
        indent=2,
        ensure_ascii=False,
        default=_json_default,
        allow_nan=False,
    )
    write_file_atomic(folder / "manifest.json", text + "\n")
    return [*files, "manifest.json"]


def file_info(path: Path) -> dict[str, Any]:
    """Size and sha256 of a file (the manifest's ``files`` entries)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return {"sha256": digest.hexdigest(), "size": path.stat().st_size}


def json_ready(obj: Any) -> Any:
    """Replace NaN and infinities (which JSON cannot hold) by None, recursively."""
    if isinstance(obj, float | np.floating):
        return float(obj) if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {key: json_ready(value) for key, value in obj.items()}
    if isinstance(obj, list | tuple):
        return [json_ready(value) for value in obj]
    return obj


def _json_default(obj: Any) -> Any:
    """JSON form of values that :mod:`json` does not know (NumPy scalars, paths, dates, sets)."""
    if isinstance(obj, np.generic):
        return json_ready(obj.item())
    if isinstance(obj, np.ndarray):
        return json_ready(obj.tolist())
    if isinstance(obj, os.PathLike):
        return os.fspath(obj)
    if isinstance(obj, dt.datetime | dt.date):
        return obj.isoformat()
    if isinstance(obj, set | frozenset):
        return sorted(obj, key=str)
    if isinstance(obj, Decimal):
        return json_ready(float(obj))
    raise TypeError(f"manifest value of type {type(obj).__name__} is not JSON-serialisable")
