"""The vendored Leaflet files: inlined into a map page or copied beside it; folium's CDN links dropped."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path
from typing import Any, cast

import folium
from branca.element import Element, Figure
from markupsafe import Markup

from siting import render

__all__ = ["ASSETS_DIR", "ASSETS_FOLDER_NAME", "VendoredAssets", "copy_assets", "use_vendored_assets"]

#: Folder of the vendored Leaflet files (see its README.md for versions and licences).
ASSETS_DIR = Path(__file__).resolve().parents[1] / "assets"

#: Name of the folder written beside the map when the assets are not inlined.
ASSETS_FOLDER_NAME = "siting-assets"

#: (file, kind) of the vendored assets, in load order.
_ASSETS: tuple[tuple[str, str], ...] = (
    ("leaflet.css", "css"),
    ("MarkerCluster.css", "css"),
    ("MarkerCluster.Default.css", "css"),
    ("leaflet.js", "js"),
    ("leaflet.markercluster.js", "js"),
    ("leaflet-heat.js", "js"),
)


def copy_assets(folder: Path) -> None:
    """Copy the vendored files (scripts, styles, images, licences) into ``folder`` (created)."""
    folder.mkdir(exist_ok=True)
    for src in sorted(ASSETS_DIR.rglob("*")):
        if src.is_file() and src.suffix in (".js", ".css", ".png", ".txt"):
            dest = folder / src.relative_to(ASSETS_DIR)
            dest.parent.mkdir(exist_ok=True)
            shutil.copyfile(src, dest)


def _data_uri(match: re.Match[str]) -> str:
    image = ASSETS_DIR / match.group(1)
    if not image.is_file():
        return "none"  # an image we do not ship (e.g. marker shadow): drawn without it
    return "url(data:image/png;base64," + base64.b64encode(image.read_bytes()).decode("ascii") + ")"


def _asset_text(name: str) -> Markup:
    """A vendored file as text for inlining: source-map comments dropped, CSS images as data URIs."""
    text = (ASSETS_DIR / name).read_text(encoding="utf-8")
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)
    if name.endswith(".css"):
        text = re.sub(r"url\((images/[\w.-]+\.png)\)", _data_uri, text)
    # "</" cannot occur in the vendored files' code paths we inline; guard anyway
    return Markup(text.replace("</script", "<\\/script").replace("</style", "<\\/style"))


class VendoredAssets(Element):
    """Leaflet and plugins in the page header: inlined, or linked from ``siting-assets/``."""

    def __init__(self, *, inline: bool) -> None:
        super().__init__()
        self._name = "SitingAssets"
        assets = [
            {"name": name, "kind": kind, "body": _asset_text(name) if inline else None}
            for name, kind in _ASSETS
        ]
        self.html = render.render("map/assets.html", assets=assets, folder=ASSETS_FOLDER_NAME)

    def render(self, **kwargs: Any) -> str:
        """The tags, verbatim (no template: the libraries contain braces)."""
        return self.html


def use_vendored_assets(m: folium.Map, *, inline: bool) -> None:
    """Drop folium's CDN links from every element and put the vendored files in the header."""
    seen: set[int] = set()

    def visit(el: Element) -> None:
        if id(el) in seen:
            return
        seen.add(id(el))
        if hasattr(el, "default_js"):
            el.default_js = []
            el.default_css = []  # type: ignore[attr-defined]
        for child in el._children.values():
            visit(child)

    visit(m)
    root = cast(Figure, m.get_root())
    root.header.add_child(VendoredAssets(inline=inline), name="siting_assets", index=0)
    m._siting_assets_beside = not inline  # type: ignore[attr-defined]
