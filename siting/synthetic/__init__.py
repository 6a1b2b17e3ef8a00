"""Deterministic synthetic Guang'an: road graph, POI features, settlements and terminals.

The offline demo and the city-scale test bed.  It looks like the city in *structure* (six
county-level divisions, a county seat in each, township seats, many villages, expressways with
interchanges and service areas, national and provincial roads, county and township roads, town
street grids, rural roads) but **every road, town, village and point of interest in it is
invented**.  It must never be presented as real data: the graph's ``source_label`` is
``"synthetic road network (not real roads)"`` (``source_label_zh`` =
``"合成路网（非真实道路）"``) and every map, table or file made from it must carry that label.

:func:`synthetic_city` (:mod:`siting.synthetic.generic`) builds the same kind of city for any boundary and
population (no expressways, synthetic districts instead of counties); the Sichuan batch uses it.

What is real (read from ``geodata/``; sources in ``geodata/README.md`` and
``shared/guangan/FACTS.md``)
    * the city boundary and the six county boundaries (``guangan_boundary.geojson``,
      ``guangan_counties.geojson``) and each county's 2020 census population: the settlements'
      populations add up *exactly* to it;
    * the approximate county-seat coordinates and the seats' names (``guangan_seats.csv``);
    * the expressways' numbers and names (G42 沪蓉, G65 包茂, G75 兰海, G85 巴广渝, 遂广, the
      渝广 branch or east ring), the counties they pass and the directions in which they leave
      the city (Nanchong north-west, Dazhou north-east, Suining west, Chongqing south and east);
      the national road numbers G210, G212, G318 and G350;
    * the nine named highway passenger terminals and their counties (``guangan_terminals.csv``).

What is invented
    * all geometry: the expressway alignments (hand-drawn waypoints that follow the route table
      only roughly), interchange and service-area positions, every other road, the street grids,
      towns and villages, and every point of interest (parking, fuel, the few existing charging
      stations, malls, supermarkets, bus stations, town halls, hospitals, schools, offices,
      land-use polygons, substations, a railway station);
    * which national or provincial road number runs along which corridor, and all S/X numbers;
    * the terminals' positions (no coordinates are published): each lies on the street grid of
      its synthetic seat, and T09 next to the synthetic G42 exit that stands in for Shizi;
    * the names of towns, villages and points of interest: ``"示例镇 007"`` /
      ``"Synthetic town 007"``, ``"示例停车场 012"`` / ``"Synthetic parking 012"`` and so on.
      Only the six county seats and the nine terminals carry real names;
    * the seat and town shares of each county's population (:data:`SEAT_SHARE`,
      :data:`TOWN_SHARE`).

Population
    Each county's census population is split into its seat (:data:`SEAT_SHARE`), its towns
    (:data:`TOWN_SHARE`, Zipf-like sizes) and its villages (hamlets: the remainder, log-normal
    sizes).  Seats plus towns hold 45.3 % of the city, close to the 45.32 % urbanisation rate
    of 2022.

Method
    Work is done in UTM zone 48N (EPSG:32648) and converted to WGS-84 at the end.  Expressways
    are Catmull-Rom splines through waypoints, built as two opposing one-way carriageways that
    meet the local network only through ``motorway_link`` ramps: interchanges near seats and
    towns, hub interchanges where two expressways cross, service areas every 30-50 km.  Where a
    route leaves the city its carriageways are joined by a short turnaround edge standing for
    the road beyond.  Seats and towns get jittered, rotated street grids sized by population
    (with one-way pairs in big seats).  The other roads follow a Gabriel graph over seats and
    towns: corridors between seats and towards the neighbouring cities are trunk/primary, the
    rest of a minimum spanning tree secondary, most other Gabriel edges tertiary.  Villages are
    sampled with a smooth random "valley" density and tied to the nearest roads by a minimum
    spanning forest of ``unclassified`` roads.  Every road is curved (random low-order sine
    offsets plus jitter) with intermediate nodes every 100-400 m; the rural spacing is
    calibrated so that the graph has about ``target_nodes * scale`` nodes.  All randomness comes
    from one ``numpy.random.default_rng(seed)``: the same seed gives identical node ids,
    coordinates, edges, attributes and features.
"""

from __future__ import annotations

from siting.osm_schema import FEATURE_COLUMNS as FEATURE_COLUMNS
from siting.synthetic.city import SyntheticCity as SyntheticCity
from siting.synthetic.city import synthetic_guangan as synthetic_guangan
from siting.synthetic.generic import synthetic_city as synthetic_city
from siting.synthetic.specs import METRIC_CRS as METRIC_CRS
from siting.synthetic.specs import SEAT_SHARE as SEAT_SHARE
from siting.synthetic.specs import SOURCE_LABEL as SOURCE_LABEL
from siting.synthetic.specs import SOURCE_LABEL_ZH as SOURCE_LABEL_ZH
from siting.synthetic.specs import TOWN_SHARE as TOWN_SHARE

__all__ = [
    "FEATURE_COLUMNS",
    "METRIC_CRS",
    "SEAT_SHARE",
    "SOURCE_LABEL",
    "SOURCE_LABEL_ZH",
    "TOWN_SHARE",
    "SyntheticCity",
    "synthetic_city",
    "synthetic_guangan",
]
