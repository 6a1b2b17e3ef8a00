"""The one palette: the colour of every output layer, shared by the web map and the QGIS / SLD styles.

:mod:`siting.maps` draws with these colours and :mod:`siting.styles` writes them into the GeoPackage's
default QGIS styles, so a layer looks the same in the browser and in QGIS.  Where the two used to differ
the web map's colour was kept (it is what decision makers see): stations are blue, uncovered terminals
red and substations magenta in QGIS too.  Colours are ``#rrggbb`` text (ColorBrewer schemes);
:func:`rgba` gives the integer form QGIS uses.
"""

from __future__ import annotations

__all__ = [
    "ACCENT",
    "ADDED_EDGE",
    "AREA",
    "CANDIDATE",
    "CORRIDOR",
    "CORRIDOR_FLOW",
    "COUNTY",
    "COVERAGE",
    "DEMAND_COVERED",
    "DEMAND_INTENSITY",
    "DEMAND_UNCOVERED",
    "DROPPED_EDGE",
    "HEADROOM",
    "LABEL",
    "MARKER_EDGE",
    "NEUTRAL",
    "OUTLINE",
    "PILE",
    "ROAD",
    "ROAD_WEIGHTS",
    "SCENARIOS",
    "SQUARE_EDGE",
    "STATION",
    "STATION_LATER",
    "SUBSTATION",
    "TERMINAL",
    "WARNING",
    "WORST",
    "legend_colours",
    "lighter",
    "rgba",
    "scenario_colour",
]

#: Stations by status (ColorBrewer "Paired"): new, existing, locked.  Sites opened in a later stage are
#: outlined in the colour of new stations.
STATION: dict[str, str] = {"new": "#1f78b4", "existing": "#6a3d9a", "locked": "#ff7f00"}
#: Stations opened in a later stage (e.g. 2030): the light tone of the new stations' blue (ColorBrewer
#: "Paired" pairs a light and a dark tone of each hue), so the hue keeps one meaning, "new station", and the
#: tone tells the stage: dark = first stage, light = later.
STATION_LATER = "#a6cee3"
#: Major roads drawn from the plan's own road network (the map reads without tiles): a light grey under
#: everything else, and the line width (px) of each class on the web map.
ROAD = "#a3a3a3"
ROAD_WEIGHTS: dict[str, float] = {"motorway": 3.0, "trunk": 2.5, "primary": 1.8, "secondary": 1.2}
#: Pile sites.
PILE = "#0e7c86"
#: Passenger terminals, by whether a station lies within the radius.
TERMINAL: dict[str, str] = {"covered": "#1a9850", "uncovered": "#d73027"}
#: Candidate station sites.
CANDIDATE = "#7f7f7f"
#: County boundaries and their labels.
COUNTY = "#333333"
#: Coverage areas of the stations.
COVERAGE = STATION["new"]
#: Substations without planning data (e.g. OSM ``power=substation``); the QGIS style's one colour.
SUBSTATION = "#e7298a"
#: Worst-served demand zones.
WORST = "#67001f"
#: Demand zones on the web map, five classes of fast-charging EVs: within reach of a station (greens) or
#: not (reds).
DEMAND_COVERED: tuple[str, ...] = ("#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c")
DEMAND_UNCOVERED: tuple[str, ...] = ("#fcbba1", "#fc9272", "#fb6a4a", "#de2d26", "#a50f15")
#: Demand zones in QGIS, classified on the demand alone (the QGIS style does not split by coverage):
#: ColorBrewer YlOrRd, 5 classes.
DEMAND_INTENSITY: tuple[str, ...] = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
#: Substations of the planning model by the share of their headroom used in the first stage:
#: (upper bound, colour, zh, en); a share of 0 (or missing) means no station is connected.
HEADROOM: tuple[tuple[float, str, str, str], ...] = (
    (0.0, "#bdbdbd", "未接入", "no station"),
    (0.5, "#1a9850", "< 50%", "< 50 %"),
    (0.8, "#fee08b", "50–80%", "50–80 %"),
    (0.95, "#fc8d59", "80–95%", "80–95 %"),
    (float("inf"), "#d73027", "≥ 95%", "≥ 95 %"),
)
#: Intercity trips on the web map by state in the first stage: possible for an EV, not possible, needing
#: no charging.
CORRIDOR: dict[str, str] = {"covered": "#1a9850", "uncovered": "#d73027", "short": "#969696"}
#: Intercity trips in QGIS, graduated by daily flow only (the QGIS style does not classify by state).
CORRIDOR_FLOW = "#e66101"
#: Edge of the substation squares (and of their legend swatches).
SQUARE_EDGE = "#333333"
#: Comparison map: edge of a station added against the baseline, and the dashed edge of a dropped one.
ADDED_EDGE = "#111111"
DROPPED_EDGE = "#555555"
#: Warning text (synthetic data) and the accent of the page (active language, popup highlight).
WARNING = "#a50f15"
ACCENT = STATION["new"]
#: Outline of markers and text halos.
OUTLINE = "#ffffff"
#: Dark edge of terminals and substation squares.
MARKER_EDGE = "#222222"
#: Label text.
LABEL = "#2d2d2d"
#: Neutral grey of the comparison map's legend (a station of any scenario).
NEUTRAL = "#8a8a8a"
#: Colour of each scenario on the comparison map and page (ColorBrewer "Paired", dark tones; cycled).
SCENARIOS: tuple[str, ...] = (
    "#1f78b4",
    "#e31a1c",
    "#33a02c",
    "#ff7f00",
    "#6a3d9a",
    "#b15928",
    "#a6761d",
    "#666666",
)


def scenario_colour(i: int) -> str:
    """Colour of the ``i``-th scenario (cycled beyond :data:`SCENARIOS`)."""
    return SCENARIOS[i % len(SCENARIOS)]


def lighter(colour: str, amount: float = 0.45) -> str:
    """``colour`` mixed with white (``amount`` of white)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def rgba(colour: str, alpha: int = 255) -> tuple[int, int, int, int]:
    """``"#rrggbb"`` as ``(r, g, b, alpha)`` integers, the form QGIS styles use."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16), alpha


def legend_colours() -> dict[str, object]:
    """The colours the map legend shows, by name (for the legend template)."""
    return {
        "station_new": STATION["new"],
        "station_existing": STATION["existing"],
        "station_locked": STATION["locked"],
        "station_later": STATION_LATER,
        "road": ROAD,
        "pile": PILE,
        "terminal_covered": TERMINAL["covered"],
        "terminal_uncovered": TERMINAL["uncovered"],
        "demand_covered": DEMAND_COVERED,
        "demand_uncovered": DEMAND_UNCOVERED,
        "corridor_covered": CORRIDOR["covered"],
        "corridor_uncovered": CORRIDOR["uncovered"],
        "corridor_short": CORRIDOR["short"],
        "coverage": COVERAGE,
        "worst": WORST,
        "worst_fill": "rgba({},{},{},0.15)".format(*rgba(WORST)[:3]),
        "substation": SUBSTATION,
        "candidate": CANDIDATE,
        "square_edge": SQUARE_EDGE,
        "outline": OUTLINE,
    }


#: Study areas of a batch overview map (Tableau 10, cycled): one colour per area, so that neighbouring
#: prefectures' stations stay apart.
AREA: tuple[str, ...] = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
