"""Background tiles of the web maps: the providers offered and how a ``tiles`` argument resolves to them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from siting import render
from siting.render import format as fmt

__all__ = ["DEFAULT_TILES", "OSM_ATTRIBUTION_HTML", "TILE_PROVIDERS", "tile_providers"]

#: Attribution required wherever OpenStreetMap data or tiles are shown (same text as the OSM tiles,
#: so that Leaflet shows it once; ``templates/map/osm_attribution.html``).
OSM_ATTRIBUTION_HTML: str = render.render("map/osm_attribution.html").strip()

#: Background tile providers: name (zh, en), URL template, attribution, and whether the tiles are
#: GCJ-02 (then the vector layers are shifted to match).  ``{key}`` is the Tianditu key.
TILE_PROVIDERS: dict[str, dict[str, Any]] = {
    "osm": {
        "zh": "OpenStreetMap 地图",
        "en": "OpenStreetMap",
        "urls": ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"],
        "attribution": OSM_ATTRIBUTION_HTML,
        "max_zoom": 19,
        "gcj02": False,
    },
    "amap": {
        "zh": "高德地图 (GCJ-02)",
        "en": "AMap / Gaode (GCJ-02)",
        "urls": [
            "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}"
        ],
        "subdomains": "1234",
        "attribution": "&copy; 高德地图 AutoNavi",
        "max_zoom": 18,
        "gcj02": True,
    },
    "tianditu": {
        "zh": "天地图",
        "en": "Tianditu",
        "urls": [
            "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec"
            "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
            "https://t{s}.tianditu.gov.cn/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cva"
            "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
        ],
        "subdomains": "01234567",
        "attribution": "&copy; 天地图 Tianditu",
        "max_zoom": 18,
        "gcj02": False,
    },
}

#: Base layers offered by default (Tianditu is added when a key is given).
DEFAULT_TILES: tuple[str, ...] = ("osm", "amap")

_CUSTOM: dict[str, Any] = {
    "key": "custom",
    "zh": "自定义底图",
    "en": "Custom tiles",
    "attribution": "",
    "max_zoom": 19,
    "gcj02": False,
}


def tile_providers(tiles: str | Sequence[str] | None, tianditu_key: str | None) -> list[dict[str, Any]]:
    """Resolve a ``tiles`` argument to provider dicts (``key``, names, bilingual ``label``, URLs ...).

    Parameters
    ----------
    tiles
        Keys of :data:`TILE_PROVIDERS`, ``"OpenStreetMap"`` (same as ``"osm"``) or tile URL templates
        with ``{x}``, ``{y}``, ``{z}``; None: no tiles.
    tianditu_key
        Tianditu API key; adds the Tianditu base layer.

    Raises
    ------
    ValueError
        An unknown provider, or Tianditu without a key.
    """
    if tiles is None:
        return []
    names = [tiles] if isinstance(tiles, str) else list(tiles)
    if tianditu_key and "tianditu" not in names:
        names.append("tianditu")
    out: list[dict[str, Any]] = []
    for raw in names:
        name = "osm" if raw.lower() in ("openstreetmap", "osm") else raw
        if name in TILE_PROVIDERS:
            provider = dict(TILE_PROVIDERS[name], key=name)
            if name == "tianditu":
                if not tianditu_key:
                    raise ValueError("the Tianditu base layer needs a key (tianditu_key or TIANDITU_KEY)")
                provider["urls"] = [u.replace("{key}", tianditu_key) for u in provider["urls"]]
        elif "{x}" in name and "{y}" in name and "{z}" in name:
            provider = dict(_CUSTOM, urls=[name])
        else:
            known = ", ".join(TILE_PROVIDERS)
            raise ValueError(f"unknown tile provider {raw!r}: use one of {known} or a URL template")
        provider["label"] = fmt.bi(provider["zh"], provider["en"])
        out.append(provider)
    return out
