"""Fixed specifications of the synthetic city.

Labels, population shares, and the hand-drawn (invented) expressway and corridor routes that follow
FACTS.md's route table roughly.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Label carried by the graph (graph attribute ``source_label``) into every map title and manifest.
SOURCE_LABEL = "synthetic road network (not real roads)"


#: Chinese label (graph attribute ``source_label_zh``).
SOURCE_LABEL_ZH = "合成路网（非真实道路）"


#: Metric CRS the generator works in (UTM zone 48N).
METRIC_CRS = "EPSG:32648"


#: Share of each county's 2020 census population living in its seat's built-up area.  Invented,
#: but anchored where a figure exists: Qianfeng's urban population 91,133 of 232,255 = 0.39;
#: Linshui's seat (鼎屏镇) had 239,523 of 707,537 = 0.34.  The city seat and Huaying are taken
#: as more urban, Yuechi and Wusheng as less.
SEAT_SHARE: dict[str, float] = {
    "511602": 0.42,  # Guang'an District (city seat)
    "511603": 0.39,  # Qianfeng District
    "511621": 0.30,  # Yuechi County
    "511622": 0.30,  # Wusheng County
    "511623": 0.34,  # Linshui County
    "511681": 0.38,  # Huaying City
}


#: Share of each county's population living in its township seats (invented).  Seats plus towns hold
#: 45.3 % of the city, close to the 45.32 % urbanisation rate of 2022.
TOWN_SHARE: dict[str, float] = {
    "511602": 0.08,
    "511603": 0.08,
    "511621": 0.12,
    "511622": 0.12,
    "511623": 0.11,
    "511681": 0.10,
}


_DENSITY_SEAT_PER_KM2 = 9000.0


_DENSITY_TOWN_PER_KM2 = 5500.0


_TOWN_KM2_PER_TOWN = 60.0  # about one township seat per 60 km², 10-30 per county


_CARRIAGEWAY_OFFSET_M = 12.0


_BOUNDARY_INSET_M = 150.0


_GRID_CLEAR_OF_EXPRESSWAY_M = 250.0


_REF_NODES = 40_000  # node count the spacings below are tuned for


@dataclass(frozen=True)
class _ExpresswaySpec:
    """One expressway: waypoints (lon, lat), how each end finishes, and where it has exits."""

    ref: str | None
    name: str
    waypoints: tuple[tuple[float, float], ...]
    #: bearing (degrees clockwise from north) of the ray from the first/last waypoint to the city
    #: boundary, or None when that end is a terminus joined to local roads
    start_bearing: float | None
    end_bearing: float | None
    #: exits that must exist: county ids (seat) or anchored-town keys
    exits: tuple[str, ...]
    maxspeed: str | None


_EXPRESSWAYS: tuple[_ExpresswaySpec, ...] = (
    _ExpresswaySpec(
        ref="G42",
        name="沪蓉高速",
        waypoints=(
            (106.545, 30.660),
            (106.600, 30.590),
            (106.665, 30.532),
            (106.760, 30.520),
            (106.850, 30.470),
            (106.930, 30.445),
            (107.000, 30.420),
            (107.015, 30.330),
            (107.055, 30.300),
        ),
        start_bearing=330.0,  # towards Nanchong
        end_bearing=80.0,  # towards Dazhou / Chongqing
        exits=("511602", "511603", "shizi", "511623"),
        maxspeed="120",
    ),
    _ExpresswaySpec(
        ref="G65",
        name="包茂高速",
        waypoints=(
            (107.085, 30.445),
            (107.045, 30.390),
            (106.935, 30.295),
            (106.930, 30.200),
            (106.945, 30.110),
        ),
        start_bearing=35.0,  # towards Dazhou
        end_bearing=185.0,  # towards Chongqing
        exits=("511623",),
        maxspeed="100",
    ),
    _ExpresswaySpec(
        ref="G75",
        name="兰海高速",
        waypoints=(
            (106.400, 30.660),
            (106.455, 30.600),
            (106.480, 30.545),
            (106.445, 30.470),
            (106.380, 30.420),
            (106.325, 30.375),
            (106.300, 30.290),
            (106.270, 30.235),
        ),
        start_bearing=345.0,  # towards Nanchong
        end_bearing=195.0,  # Jiezi, then Chongqing
        exits=("511621", "511622", "jiezi"),
        maxspeed="120",
    ),
    _ExpresswaySpec(
        ref="G85",
        name="巴广渝高速",
        waypoints=(
            (106.735, 30.700),
            (106.700, 30.610),
            (106.620, 30.545),
            (106.575, 30.480),
            (106.560, 30.400),
            (106.555, 30.330),
        ),
        start_bearing=355.0,  # towards Bazhong (through Nanchong)
        end_bearing=190.0,  # towards Chongqing
        exits=("511602",),
        maxspeed="100",
    ),
    _ExpresswaySpec(
        ref=None,
        name="遂广高速",
        waypoints=(
            (106.190, 30.520),
            (106.260, 30.515),
            (106.350, 30.490),
            (106.440, 30.476),
            (106.520, 30.478),
            (106.595, 30.468),
        ),
        start_bearing=265.0,  # towards Suining
        end_bearing=None,  # ends at Guang'an
        exits=("qifu",),
        maxspeed=None,
    ),
    _ExpresswaySpec(
        ref="渝广支线",
        name="渝广高速支线",
        waypoints=(
            (106.700, 30.560),
            (106.790, 30.560),
            (106.860, 30.545),
            (106.935, 30.510),
            (106.905, 30.420),
            (106.830, 30.375),
            (106.800, 30.300),
            (106.760, 30.220),
            (106.735, 30.120),
        ),
        start_bearing=None,  # starts at Guang'an
        end_bearing=200.0,  # towards Hechuan (Chongqing)
        exits=(),
        maxspeed="100",
    ),
)


#: Towns placed by hand next to an expressway exit (key, county, lon, lat); named like any town.
_ANCHORED_TOWNS: tuple[tuple[str, str, float, float], ...] = (
    ("shizi", "511623", 107.018, 30.432),  # stands in for Shizi (T09, G42 exit)
    ("qifu", "511621", 106.255, 30.535),  # stands in for Qifu on the Suining-Guang'an expressway
    ("jiezi", "511622", 106.252, 30.252),  # stands in for Jiezi at the end of G75
)


@dataclass(frozen=True)
class _CorridorSpec:
    """A numbered road through seats (county ids) and ``"gw:<county id>:<bearing>"`` gateways.

    A gateway is where the ray from that county's seat at that bearing meets the city boundary.
    """

    ref: str
    name: str
    highway: str
    stops: tuple[str, ...]


_CORRIDORS: tuple[_CorridorSpec, ...] = (
    _CorridorSpec("G212", "212国道", "trunk", ("gw:511621:330", "511621", "511622", "gw:511622:190")),
    _CorridorSpec(
        "G318", "318国道", "trunk", ("gw:511621:265", "511621", "511602", "511603", "gw:511603:40")
    ),
    _CorridorSpec("G210", "210国道", "trunk", ("gw:511623:25", "511623", "gw:511623:200")),
    _CorridorSpec("G350", "350国道", "trunk", ("511602", "511681", "511623", "gw:511623:95")),
    _CorridorSpec("S205", "205省道", "primary", ("gw:511602:0", "511602", "gw:511602:205")),
    _CorridorSpec("S304", "304省道", "primary", ("511622", "511602")),
    _CorridorSpec("S203", "203省道", "primary", ("511681", "gw:511681:195")),
    _CorridorSpec("S307", "307省道", "primary", ("511603", "511681")),
    _CorridorSpec("S308", "308省道", "primary", ("511622", "gw:511622:275")),
)


_HIGHWAY_RANK: dict[str, int] = {"trunk": 0, "primary": 1, "secondary": 2, "tertiary": 3}


#: Where each terminal goes: (county whose seat grid holds it, offset from the seat centre in
#: units of the grid radius), or ``"edge"`` for the railway-side hub at the grid's edge, or
#: ``"exit:<key>"`` next to the exit of an anchored town.
_TERMINAL_PLACEMENT: dict[str, tuple[str, tuple[float, float] | str]] = {
    "T01": ("511602", (0.0, -0.55)),  # south part of the Guang'an District seat
    "T02": ("511602", (0.05, 0.55)),  # north part
    "T03": ("511603", (0.2, -0.1)),
    "T04": ("511681", (-0.15, 0.2)),
    "T05": ("511621", (0.1, 0.1)),
    "T06": ("511621", "edge"),  # by the synthetic railway station
    "T07": ("511622", (0.2, -0.3)),
    "T08": ("511623", (-0.1, -0.2)),
    "T09": ("511623", "exit:shizi"),  # next to the synthetic G42 exit standing in for Shizi
}
