"""The one catalogue of bilingual (中文 / English) labels shared by the report and the comparison page.

Each label is a pair ``(zh, en)`` (section anchors are ``(anchor, zh, en)``).  Tables show a column's
label when it has one and its own name otherwise.  Templates and :mod:`siting.report` /
:mod:`siting.comparison` read these; they keep no label lists of their own.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "COMPARE_COUNTY_HEADERS",
    "COMPARE_COUNTY_METRICS",
    "COMPARE_DIFFERENCE",
    "COMPARE_KPI_HEADERS",
    "COMPARE_KPI_TAIL",
    "CORRIDOR_HEADERS",
    "CORRIDOR_STAGE_HEADER",
    "COUNTY_COLUMNS",
    "CURVE_TABLE_HEADERS",
    "PLANNING_SECTION",
    "SCENARIO_LABELS",
    "SECTIONS",
    "SOLVER_KEYS",
    "STAGE_COLUMNS",
    "STATION_HEADERS",
    "SUBSTATION_HEADERS",
    "SUBSTATION_STAGE_HEADERS",
    "TIME_LABELS",
    "WORST_SERVED_HEADERS",
    "label",
    "stage_label",
]

Label = tuple[str, str]

#: Sections of the report, in order: anchor, Chinese, English.
SECTIONS: list[tuple[str, str, str]] = [
    # anchor, Chinese, English
    ("kpis", "关键指标", "Key indicators"),
    ("counties", "分区县指标", "Indicators by county"),
    ("stations", "主要充电站", "Main stations"),
    ("charts", "图表", "Charts"),
    ("solver", "附录：求解报告", "Appendix: solver report"),
    ("warnings", "警告", "Warnings"),
    ("scenario", "情景参数", "Scenario parameters"),
    ("sources", "数据来源与许可", "Data sources and licences"),
]

#: The planning section (only for plans of the planning model), placed after "stations".
PLANNING_SECTION: tuple[str, str, str] = (
    "planning",
    "分阶段规划、电网与城际线路",
    "Planning: stages, grid and corridors",
)

#: Bilingual headers of the per-county table (columns not listed keep their own name).
COUNTY_COLUMNS: dict[str, Label] = {
    "county_id": ("区划代码", "County code"),
    "name_zh": ("区县", "County (Chinese)"),
    "name_en": ("区县（英文）", "County"),
    "population": ("人口", "Population"),
    "stations": ("充电站", "Stations"),
    "piles": ("充电桩", "Piles"),
    "fast_demand_ev": ("快充需求（辆）", "Fast-charging EVs"),
    "fast_ev_covered": ("已覆盖（辆）", "EVs covered"),
    "fast_covered_share": ("快充覆盖率", "Fast coverage share"),
    "slow_demand_ev": ("慢充需求（辆）", "EVs needing a pile"),
    "slow_ev_served": ("已服务（辆）", "EVs served by piles"),
    "slow_served_share": ("慢充满足率", "Slow served share"),
    "terminals": ("客运站", "Terminals"),
    "terminals_covered": ("已覆盖客运站", "Terminals covered"),
    "population_fast_covered_share": ("人口快充可达率", "Population share within reach"),
    "mean_access_min": ("平均车程（分钟）", "Mean drive time (min)"),
    "p95_access_min": ("95% 车程（分钟）", "95th percentile drive time (min)"),
}

#: Bilingual headers of the stage KPI table (``kpis_by_stage``; other columns keep their own name).
STAGE_COLUMNS: dict[str, Label] = {
    "stage": ("阶段", "Stage"),
    "stations": ("充电站", "Stations"),
    "stations_target": ("充电站目标", "Station target"),
    "piles": ("充电桩", "Piles"),
    "piles_target": ("充电桩目标", "Pile target"),
    "chargers": ("快充桩", "Fast chargers"),
    "power_mw": ("快充功率（MW）", "Power (MW)"),
    "fast_demand_ev": ("快充需求（辆）", "Fast-charging EVs"),
    "fast_ev_served": ("满足排队目标（辆）", "EVs served within the wait target"),
    "fast_served_share": ("快充服务率", "Served share"),
    "rural_stations": ("农村站点", "Rural stations"),
    "corridor_flow_per_day": ("城际出行（车次/日）", "Intercity EV trips/day"),
    "corridor_flow_covered_per_day": ("可完成（车次/日）", "Possible trips/day"),
    "objective": ("目标函数值", "Objective"),
}

#: Bilingual labels of the solver report keys shown first, in this order.
SOLVER_KEYS: list[tuple[str, str, str]] = [
    ("status", "状态", "Status"),
    ("termination", "求解器终止信息", "Solver termination"),
    ("plan_source", "方案来源", "Plan from"),
    ("objective", "目标函数值", "Objective"),
    ("best_bound", "最优界", "Best bound"),
    ("gap", "最优性间隙", "Gap"),
    ("bound_source", "界的来源", "Bound source"),
    ("greedy_objective", "贪心方案目标值", "Greedy objective"),
    ("start_objective", "初始方案目标值", "Start objective"),
    ("n_variables", "变量数", "Variables"),
    ("n_constraints", "约束数", "Constraints"),
    ("n_nonzeros", "非零元数", "Nonzeros"),
    ("solver", "求解器", "Solver"),
]

TIME_LABELS: dict[str, Label] = {
    "time_check_s": ("可行性检查", "feasibility checks"),
    "time_reduce_s": ("精确约简", "exact reductions"),
    "time_greedy_s": ("贪心", "greedy"),
    "time_local_search_s": ("局部搜索", "local search"),
    "time_bound_s": ("自有界", "own bounds"),
    "time_improve_s": ("改进方案", "improving the start"),
    "time_build_s": ("建模", "model build"),
    "time_load_s": ("载入求解器", "load into HiGHS"),
    "time_solve_s": ("求解", "HiGHS solve"),
    "time_total_s": ("合计", "total"),
}

#: Bilingual labels of common scenario keys (other keys are shown with their own name).
SCENARIO_LABELS: dict[str, Label] = {
    "name": ("情景名称", "Scenario name"),
    "title_en": ("英文标题", "Title (English)"),
    "title_zh": ("中文标题", "Title (Chinese)"),
    "n_stations": ("充电站数量", "Stations to open"),
    "n_piles": ("充电桩数量", "Piles to place"),
    "terminal_share": ("须覆盖客运站比例", "Share of terminals to cover"),
    "terminal_radius_m": ("客运站覆盖半径（米）", "Terminal radius (m)"),
    "fast_minutes": ("快充可达时间（分钟）", "Fast-charging reach (min)"),
    "walk_m": ("步行距离（米）", "Walking distance (m)"),
    "walk_detour": ("步行绕行系数", "Walking detour factor"),
    "grid_cell_m": ("需求网格（米）", "Demand grid cell (m)"),
    "ev_per_1000_people": ("每千人电动汽车", "EVs per 1,000 people"),
    "slow_share": ("需公共慢充比例", "Share needing a public pile"),
    "evs_per_pile": ("每桩服务车辆", "EVs per pile"),
    "county_min_share": ("区县最低份额", "County minimum share"),
    "county_min_stations": ("区县最低充电站数", "County minimum stations"),
    "county_min_piles": ("区县最低充电桩数", "County minimum piles"),
    "lock_existing": ("保留既有站点", "Lock existing sites"),
    "candidate_spacing_m": ("候选点间距（米）", "Candidate spacing (m)"),
    "time_limit_s": ("求解时限（秒）", "Time limit (s)"),
    "mip_rel_gap": ("相对间隙", "Relative gap"),
    "seed": ("随机种子", "Seed"),
    "size_chargers": ("按排队配置快充桩", "Size chargers by queueing"),
    "session_min": ("单次充电时长（分钟）", "Charging session (min)"),
    "charger_kw": ("单桩功率（kW）", "Charger power (kW)"),
    "max_wait_min": ("等待时间目标（分钟）", "Wait target (min)"),
    "wait_probability": ("允许超时等待概率", "Allowed P(wait > target)"),
    "min_chargers": ("每站最少快充桩", "Minimum chargers per station"),
    "max_chargers": ("每站最多快充桩", "Maximum chargers per station"),
    "grid_mode": ("电网约束方式", "Grid mode"),
    "max_grid_distance_m": ("最大接网距离（米）", "Maximum grid distance (m)"),
    "county_max_share": ("区县上限份额", "County maximum share"),
    "rural_min_share_stations": ("农村站点最低比例", "Rural minimum share of stations"),
    "rural_min_share_piles": ("农村充电桩最低比例", "Rural minimum share of piles"),
    "stage_name": ("首阶段名称", "First stage"),
    "later_stages": ("后续阶段", "Later stages"),
    "later_stage_stations": ("后续阶段充电站数", "Stations in later stages"),
    "later_stage_piles": ("后续阶段充电桩数", "Piles in later stages"),
    "corridors": ("城际线路", "Intercity corridors"),
    "range_km": ("续航里程（公里）", "EV range (km)"),
}

#: Headers of the report's stations table (the chargers column only for plans that sized chargers).
STATION_HEADERS: tuple[Label, ...] = (
    ("编号", "Site"),
    ("名称", "Name"),
    ("区县", "County"),
    ("覆盖（辆）", "EVs covered"),
    ("仅本站覆盖", "Only this station"),
    ("客运站", "Terminals"),
    ("快充桩", "Chargers"),
    ("选址理由", "Reason"),
)

#: Headers of the most loaded substations, then per stage (``{stage}`` is the stage's name).
SUBSTATION_HEADERS: tuple[Label, ...] = (
    ("编号", "Id"),
    ("名称", "Name"),
    ("电压（kV）", "Voltage (kV)"),
    ("可用容量（kW）", "Headroom (kW)"),
)
SUBSTATION_STAGE_HEADERS: tuple[Label, ...] = (
    ("{stage} 负荷（kW）", "{stage} load (kW)"),
    ("{stage} 利用率", "{stage} headroom used"),
    ("{stage} 接入充电站", "{stage} stations"),
)

#: Headers of the corridor trips, then one per stage.
CORRIDOR_HEADERS: tuple[Label, ...] = (
    ("编号", "Trip"),
    ("起点 → 终点", "Origin → destination"),
    ("每日电动车出行", "EV trips per day"),
    ("里程（公里）", "Length (km)"),
)
CORRIDOR_STAGE_HEADER: Label = ("{stage} 可完成", "{stage} possible")

#: Headers of the worst-served demand zones.
WORST_SERVED_HEADERS: tuple[Label, ...] = (
    ("排名", "Rank"),
    ("需求区", "Zone"),
    ("区县", "County"),
    ("人口", "Population"),
    ("快充需求（辆）", "Fast-charging EVs"),
    ("未获服务（辆）", "EVs not served"),
    ("车程（分钟）", "Drive time (min)"),
)

#: Headers of the comparison page's tables: KPIs (before and after the scenario columns), counties.
COMPARE_KPI_HEADERS: tuple[str, str] = ("指标", "Indicator")
COMPARE_DIFFERENCE: Label = ("差值", "Difference")
COMPARE_KPI_TAIL: tuple[Label, ...] = (("单位", "Unit"), ("代码", "Key"))
COMPARE_COUNTY_HEADERS: tuple[Label, ...] = (("区县", "County (Chinese)"), ("区县（英文）", "County"))

#: Per-county figures of the comparison page (``compare_counties`` columns ``<metric> (<scenario>)``).
COMPARE_COUNTY_METRICS: dict[str, Label] = {
    "stations": ("充电站", "Stations"),
    "piles": ("充电桩", "Piles"),
    "fast_covered_share": ("快充覆盖率", "Fast coverage share"),
}

#: Headers of the coverage-curve table of the comparison page.
CURVE_TABLE_HEADERS: tuple[Label, ...] = (
    ("情景", "Scenario"),
    ("充电站数量", "Stations"),
    ("已覆盖（辆）", "EVs covered"),
    ("快充覆盖率", "Share of EVs"),
    ("最优性间隙", "Gap"),
    ("状态", "Status"),
)


def stage_label(pattern: Label, stage: str) -> Label:
    """A per-stage label: ``{stage}`` in ``pattern`` replaced by the stage's name."""
    return pattern[0].replace("{stage}", stage), pattern[1].replace("{stage}", stage)


def label(labels: Mapping[str, Label], key: str) -> Label:
    """The label of ``key`` in ``labels``, or ``(key, key)`` when it has none."""
    return labels.get(key, (key, key))
