"""The ``layer_styles`` table of a GeoPackage, as QGIS creates it through GDAL."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

from siting.styles.style import layer_style

__all__ = ["write_layer_styles"]

_TABLE = "layer_styles"
_DESCRIPTION = "Default style written by guangan-ev-siting / 默认样式 (guangan-ev-siting 生成)"


def write_layer_styles(gpkg: Path, layers: Iterable[str], *, timestamp: str) -> list[str]:
    """Create or replace the ``layer_styles`` table of a GeoPackage with a default style per layer.

    One transaction: drops an existing ``layer_styles`` table (and its ``gpkg_contents`` and
    ``gpkg_ogr_contents`` rows), creates it with QGIS's layout, registers it as an ``attributes``
    table and inserts one row per styled layer, with ids 1, 2, ... in the order of ``layers``.

    Parameters
    ----------
    gpkg
        An existing GeoPackage (written by GDAL), not open elsewhere for writing.
    layers
        Names of the layers to style; names without a style in :data:`STYLED_LAYERS`, names that are
        not a spatial table of ``gpkg`` and repeated names are skipped.
    timestamp
        ISO 8601 time written as ``update_time`` and ``gpkg_contents.last_change``, e.g. the
        ``OGR_CURRENT_DATE`` GDAL wrote the layers with (``"2024-01-01T00:00:00.000Z"``); a time
        without zone is taken as UTC.  Never taken from the clock, so output is reproducible.

    Returns
    -------
    list of str
        The layers that got a default style, in row order.

    Raises
    ------
    ValueError
        ``timestamp`` is not an ISO 8601 time.
    FileNotFoundError
        ``gpkg`` does not exist.
    sqlite3.DatabaseError
        ``gpkg`` is not a GeoPackage (no ``gpkg_contents``) or cannot be written.
    """
    stamp = _gpkg_timestamp(timestamp)
    path = Path(gpkg)
    if not path.is_file():
        raise FileNotFoundError(f"GeoPackage {path} does not exist")
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        if not _has_table(db, "gpkg_contents"):
            raise sqlite3.DatabaseError(f"{path} is not a GeoPackage: it has no gpkg_contents table")
        geometry_columns = {
            str(name): (str(column), str(gtype))
            for name, column, gtype in (
                db.execute("SELECT table_name, column_name, geometry_type_name FROM gpkg_geometry_columns")
                if _has_table(db, "gpkg_geometry_columns")
                else []
            )
        }
        rows: list[tuple[str, str, str, str]] = []
        seen: set[str] = set()
        for layer in layers:
            if layer in seen or layer not in geometry_columns:
                continue
            seen.add(layer)
            column, gtype = geometry_columns[layer]
            style = layer_style(layer, _TableFields(db, layer, exclude=column), geometry=gtype)
            if style is not None:
                rows.append((layer, column, style.qml, style.sld))
        db.execute("BEGIN IMMEDIATE")
        try:
            _replace_table(db, rows, stamp)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return [row[0] for row in rows]


# ----------------------------------------------------------------------------------------------
# the layer_styles table
# ----------------------------------------------------------------------------------------------
#: The layout QGIS creates through GDAL (``QgsOgrProviderMetadata::saveStyle``), as GDAL spells it.
_CREATE_TABLE = (
    'CREATE TABLE "layer_styles" ('
    ' "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,'
    ' "f_table_catalog" TEXT(256),'
    ' "f_table_schema" TEXT(256),'
    ' "f_table_name" TEXT(256),'
    ' "f_geometry_column" TEXT(256),'
    ' "styleName" TEXT(30),'
    ' "styleQML" TEXT,'
    ' "styleSLD" TEXT,'
    ' "useAsDefault" BOOLEAN,'
    ' "description" TEXT,'
    ' "owner" TEXT(30),'
    ' "ui" TEXT(30),'
    " \"update_time\" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
)
#: GDAL's triggers that keep ``gpkg_ogr_contents.feature_count`` right when other tools add styles.
_CREATE_TRIGGERS = (
    'CREATE TRIGGER "trigger_insert_feature_count_layer_styles" AFTER INSERT ON "layer_styles" '
    "BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count + 1 "
    "WHERE lower(table_name) = lower('layer_styles'); END",
    'CREATE TRIGGER "trigger_delete_feature_count_layer_styles" AFTER DELETE ON "layer_styles" '
    "BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count - 1 "
    "WHERE lower(table_name) = lower('layer_styles'); END",
)


def _replace_table(db: sqlite3.Connection, rows: Sequence[tuple[str, str, str, str]], stamp: str) -> None:
    ogr_contents = _has_table(db, "gpkg_ogr_contents")
    db.execute(f'DROP TABLE IF EXISTS "{_TABLE}"')  # its triggers go with it
    for meta in ("gpkg_contents", "gpkg_ogr_contents", "gpkg_extensions"):
        if _has_table(db, meta):
            db.execute(f"DELETE FROM {meta} WHERE lower(table_name) = ?", (_TABLE,))
    db.execute(_CREATE_TABLE)
    # GDAL registers attribute tables with srs_id 0 ("undefined geographic SRS"), when that row exists
    srs = db.execute("SELECT srs_id FROM gpkg_spatial_ref_sys WHERE srs_id = 0").fetchone()
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id) "
        "VALUES (?, 'attributes', ?, '', ?, ?)",
        (_TABLE, _TABLE, stamp, srs[0] if srs else None),
    )
    db.executemany(
        f'INSERT INTO "{_TABLE}" (id, f_table_catalog, f_table_schema, f_table_name, f_geometry_column, '
        "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) "
        "VALUES (?, '', '', ?, ?, ?, ?, ?, 1, ?, '', NULL, ?)",
        [
            (i, layer, column, layer, qml, sld, _DESCRIPTION, stamp)
            for i, (layer, column, qml, sld) in enumerate(rows, start=1)
        ],
    )
    if ogr_contents:
        db.execute(
            "INSERT INTO gpkg_ogr_contents (table_name, feature_count) VALUES (?, ?)", (_TABLE, len(rows))
        )
        for trigger in _CREATE_TRIGGERS:
            db.execute(trigger)


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return found is not None


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _TableFields(Mapping[str, Sequence[Any]]):
    """The attribute fields of a GeoPackage table; values are read only when asked for."""

    def __init__(self, db: sqlite3.Connection, table: str, *, exclude: str) -> None:
        self._db = db
        self._table = table
        info = db.execute(f"PRAGMA table_info({_quote_identifier(table)})").fetchall()
        self._names = [str(row[1]) for row in info if not row[5] and str(row[1]) != exclude]  # row[5]: pk
        self._cache: dict[str, list[Any]] = {}

    def __getitem__(self, name: str) -> Sequence[Any]:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._cache:
            query = f"SELECT {_quote_identifier(name)} FROM {_quote_identifier(self._table)}"
            self._cache[name] = [row[0] for row in self._db.execute(query)]
        return self._cache[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _gpkg_timestamp(timestamp: str) -> str:
    """``timestamp`` as GeoPackage writes times: UTC, milliseconds, ``Z``."""
    try:
        stamp = dt.datetime.fromisoformat(timestamp.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"timestamp {timestamp!r} is not an ISO 8601 time") from exc
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
