"""Robust plans under uncertainty on dask.distributed: :func:`run_robust` (``siting robust``).

The steps
    1. read the scenario and its ``[uncertainty]`` table (:mod:`siting.uncertainty`) and draw ``K`` futures
       by Latin hypercube sampling (``futures.csv``);
    2. prepare the study area once per distinct set of prepare keys (only ``ev_per_1000_people`` and
       ``slow_share`` among the uncertain keys are prepare keys; the cache is :mod:`siting.batch.cache`'s),
       then plan every future with the normal pipeline on the Dask cluster
       (:func:`siting.batch.tasks.result_from_prepared`, HiGHS one thread per task), each into
       ``futures/<k>/`` written atomically; a future's ``county_ev_factor_<county>`` multiplies the fast and
       slow EV demand of that county's zones (zones in no county keep theirs);
    3. evaluate every future's stations in every future (K × K, fixed sites): the coverage is the plan's
       ``fast_ev_covered`` KPI, the EVs of the zones within ``fast_minutes`` of an open station;
    4. each future's optimum :math:`O_k` is the *best coverage known* for it: the larger of the
       coverage-only optimum (the max-coverage MIP with ``n_stations`` stations and the same station rules,
       :func:`siting.minmax.solve_robust` with that future alone, warm-started with its own plan) and the best
       coverage any of the K plans reaches in it (a full plan also places piles, so it need not maximise
       coverage; the MIP may stop at its time limit);
    5. the max-min relative coverage MIP (:func:`siting.minmax.solve_robust`) with the plan's station rules
       (locked sites, terminal quota, county minimums), warm-started with the single-future plan whose worst
       ratio is best, so the robust plan's worst ratio is never below any single-future plan's;
    6. the robust plan as a normal plan folder ``robust/``: the pipeline run on the scenario as given (its own
       EV demand, no future's factors) with the robust stations locked and ``n_stations`` their number.

Outputs of ``OUT``
    ``futures.csv`` (the futures), ``futures/<k>/`` (each future's plan), ``regret.csv`` (every plan in every
    future), ``robust.csv`` (the robust plan in every future), ``regret.svg`` (worst and mean ratios),
    ``robust/`` (the robust plan folder) and ``cache/`` (prepared inputs).

Limits
    Later stages are dropped (the robust plan is one stage).  The planning families' other station rules
    (county caps, rural minimums, grid reach) are not in the robust MIP: when they bind, the robust plan
    folder may fail with an infeasible error naming them.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp
from distributed import Client, Future

from siting import export
from siting._errors import InputDataError, ScenarioError, SolverError
from siting._warnings import collect
from siting.batch.cache import load_prepared, prepare_key
from siting.batch.run import batch_client, make_output_folders
from siting.batch.spec import Area
from siting.batch.tasks import error_text, prepare_task, quiet_logs, result_from_prepared
from siting.minmax import regret_table, solve_robust
from siting.model.robust import StationRules, coverage_by_future
from siting.prepare import build_model_data
from siting.render.charts import svg_bar_chart
from siting.scenario import Scenario, scenario_from_toml
from siting.study import Prepared
from siting.uncertainty import county_column, draw_futures, uncertainty_from_toml

__all__ = ["RobustRun", "county_key", "future_prepared", "plan_task", "run_robust"]

Echo = Callable[[str], None]

#: ``regret.csv`` and ``robust.csv``: the optimum column says which optimum it is.
OPTIMUM_COLUMN = "optimum_best_known_ev"


@dataclass
class RobustRun:
    """What :func:`run_robust` wrote, as tables.

    Attributes
    ----------
    futures
        ``futures.csv``: one row per future, one column per uncertain input.
    regret
        ``regret.csv``: ``plan`` (the future whose plan it is), ``future``, ``coverage_ev``,
        ``optimum_best_known_ev``, ``ratio``, ``regret_ev``.
    robust
        ``robust.csv``: the robust plan in every future (same columns without ``plan``).
    worst_ratio
        The robust plan's worst ratio.
    best_single_worst_ratio
        The best worst ratio of a single-future plan.
    out
        The output folder.
    """

    futures: pd.DataFrame
    regret: pd.DataFrame
    robust: pd.DataFrame
    worst_ratio: float
    best_single_worst_ratio: float
    out: Path


def _stderr(message: str) -> None:
    print(message, flush=True)


def county_key(value: Any) -> str:
    """A county id as text: ``511603`` for 511603, 511603.0 (a column with gaps) and "511603"; NaN is ""."""
    if isinstance(value, float | np.floating):
        return "" if math.isnan(value) else str(int(value)) if float(value).is_integer() else str(value)
    return "" if value is None else str(value)


def future_prepared(prepared: Prepared, factors: dict[str, float], locked_ids: list[str]) -> Prepared:
    """``prepared`` with each county's EV demand times its factor and the sites ``locked_ids`` locked.

    ``factors`` maps county ids to factors; zones in no listed county keep their demand.  The tables are
    copies; the matrices are shared.
    """
    demand = prepared.demand.copy()
    if factors:
        factor = demand["county_id"].map(county_key).map(factors).fillna(1.0).to_numpy(dtype=np.float64)
        for column in ("fast_demand_ev", "slow_demand_ev"):
            demand[column] = demand[column].to_numpy(dtype=np.float64) * factor
    candidates = prepared.candidates
    if locked_ids:
        candidates = candidates.copy()
        candidates["locked"] = (
            candidates["locked"].to_numpy(dtype=bool)
            | candidates["site_id"].astype(str).isin(locked_ids).to_numpy()
        )
    return dc_replace(prepared, demand=demand, candidates=candidates)


def plan_task(
    prepared: dict[str, Any],
    scenario: Scenario,
    factors: dict[str, float],
    locked_ids: list[str],
    folder: str,
) -> dict[str, Any]:
    """Plan one future (or the robust plan) from a prepared cache folder into ``folder``, atomically.

    Returns ``ok``, ``folder`` and ``error`` (the message of a failure; the task never raises).
    """
    if not prepared["ok"]:
        return {
            "ok": False,
            "folder": folder,
            "error": f"preparing the study area failed: {prepared['error']}",
        }
    try:
        with quiet_logs():
            started = time.perf_counter()
            inputs, prep, meta = load_prepared(Path(prepared["folder"]))
            prep = future_prepared(prep, factors, locked_ids)
            result = result_from_prepared(
                scenario, inputs, prep, prepare_warnings=meta["warnings"], started=started
            )
            export.write_outputs(result, Path(folder), overwrite=True)
    except Exception as exc:
        return {"ok": False, "folder": folder, "error": error_text(exc)}
    return {"ok": True, "folder": folder, "error": ""}


def _future_scenario(scenario: Scenario, row: pd.Series, keys: list[str]) -> Scenario:
    changes = {k: float(row[k]) for k in keys}
    return scenario.replace(name=f"{scenario.name}-future-{int(row['future'])}", **changes)


def _factors(row: pd.Series, county_ids: list[str]) -> dict[str, float]:
    return {c: float(row[county_column(c)]) for c in county_ids if county_column(c) in row.index}


def _open_sites(folder: Path, site_ids: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """The candidates a plan folder opened (its ``stations.csv``), in candidate order."""
    stations = pd.read_csv(folder / "stations.csv", encoding="utf-8-sig", dtype={"site_id": str})
    return np.asarray(pd.Series(site_ids).astype(str).isin(stations["site_id"].astype(str)).to_numpy())


def _rules(scenario: Scenario, prepared: Prepared) -> StationRules:
    """The station rules of the plan: locked sites, terminal quota, county minimums."""
    with collect(show=False):
        data, _ = build_model_data(scenario, prepared)
    return StationRules(
        locked=data.station_locked,
        terminal_reach=data.terminal_dist_m,
        terminal_quota=data.terminal_quota,
        site_county=data.station_county,
        county_min=data.county_min_stations,
    )


def _padded(open_site: npt.NDArray[np.bool_], n_stations: int) -> npt.NDArray[np.bool_]:
    """``open_site`` with closed sites opened (first ones first) up to ``n_stations``: coverage only grows."""
    out = open_site.copy()
    closed = np.flatnonzero(~out)
    out[closed[: max(n_stations - int(out.sum()), 0)]] = True
    return out


def _labelled(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`siting.minmax.regret_table` columns with their units (EVs within the fast-charging time)."""
    out = table.rename(columns={"coverage": "coverage_ev", "optimum": OPTIMUM_COLUMN, "regret": "regret_ev"})
    rounded = ["coverage_ev", OPTIMUM_COLUMN, "regret_ev", "ratio"]
    out[rounded] = out[rounded].round(6) + 0.0  # + 0.0: no "-0.0" where a plan meets the optimum
    return out


def _chart(regret: pd.DataFrame, robust: pd.DataFrame, samples: int) -> str:
    """``regret.svg``: each plan's worst ratio (bar) and mean ratio (under it), the robust plan marked."""
    by_plan = regret.groupby("plan")["ratio"]
    worst = [*by_plan.min().tolist(), float(robust["ratio"].min())]
    mean = [*by_plan.mean().tolist(), float(robust["ratio"].mean())]
    labels = [*(f"F{k}" for k in range(1, samples + 1)), "robust"]
    return str(
        svg_bar_chart(
            labels,
            worst,
            title="Worst-future ratio per plan: EVs covered / best-known optimum",
            x_label="plan of future Fk, and the robust plan (marked); under each bar: its mean ratio",
            y_label="worst ratio (%)",
            sublabels=[f"mean {m:.1%}" for m in mean],
            highlight=[False] * samples + [True],
            percent=True,
            width=max(640, 60 * (samples + 1)),
        )
    )


def _submit_prepare(
    client: Client, prepares: dict[str, Future[dict[str, Any]]], area: Area, scenario: Scenario, cache: Path
) -> tuple[str, Future[dict[str, Any]]]:
    """One prepare task per distinct cache key (shared by every future with that key)."""
    key = prepare_key(area, scenario)
    if key not in prepares:
        prepares[key] = client.submit(
            prepare_task, area, scenario, str(cache), key, key=f"robust-prepare-{key}-{uuid.uuid4().hex[:8]}"
        )
    return key, prepares[key]


def _result(future: Future[dict[str, Any]]) -> dict[str, Any]:
    row: dict[str, Any] = future.result()
    return row


def _plan_futures(
    client: Client,
    area: Area,
    scenarios: list[Scenario],
    factors: list[dict[str, float]],
    out: Path,
    echo: Echo,
) -> list[str]:
    """Prepare per distinct key and plan every future into ``futures/<k>``; return each future's cache key."""
    prepares: dict[str, Future[dict[str, Any]]] = {}
    keys, plans = [], []
    for k, (scenario, f) in enumerate(zip(scenarios, factors, strict=True), start=1):
        key, prepared = _submit_prepare(client, prepares, area, scenario, out / "cache")
        keys.append(key)
        folder = str(out / "futures" / str(k))
        plans.append(
            client.submit(plan_task, prepared, scenario, f, [], folder, key=f"robust-plan-{k}-{key}")
        )
    echo(f"{len(prepares)} prepare task(s) and {len(plans)} future plan(s) submitted")
    failed = []
    for k, future in enumerate(plans, start=1):
        row = _result(future)
        echo(f"future {k}: {'ok' if row['ok'] else 'failed: ' + row['error']}")
        if not row["ok"]:
            failed.append(f"future {k}: {row['error']}")
    if failed:
        raise SolverError(*failed, "every future needs a plan; fix the scenario or the [uncertainty] ranges.")
    return keys


def _weights(
    keys: list[str], cache: Path, factors: list[dict[str, float]], site_ids: npt.NDArray[Any]
) -> tuple[npt.NDArray[np.float64], sp.csr_matrix]:
    """Zones × futures fast EV demand, and the zone–site reach (the same for every cache key)."""
    loaded: dict[str, Prepared] = {}
    columns = []
    reach: sp.csr_matrix | None = None
    for key, f in zip(keys, factors, strict=True):
        if key not in loaded:
            _, prep, _ = load_prepared(cache / key)
            same = np.array_equal(prep.candidates["site_id"].astype(str).to_numpy(), site_ids.astype(str))
            if not same or (reach is not None and prep.fast_time_min.shape != reach.shape):
                raise InputDataError(
                    "the sampled prepare keys changed the candidate sites or demand zones; remove them from "
                    "[uncertainty] (the robust plan needs the same places in every future)."
                )
            loaded[key] = prep
            reach = prep.fast_time_min if reach is None else reach
        demand = future_prepared(loaded[key], f, []).demand
        columns.append(demand["fast_demand_ev"].to_numpy(dtype=np.float64))
    assert reach is not None
    return np.column_stack(columns), reach


def _optimum(
    reach: sp.csr_matrix,
    weights: npt.NDArray[np.float64],
    plans: npt.NDArray[np.bool_],
    p: int,
    rules: StationRules,
    *,
    seed: int,
    time_limit_s: float,
) -> npt.NDArray[np.float64]:
    """Each future's best-known coverage: its max-coverage MIP (warm-started), or a better K × K plan."""
    best = np.array([coverage_by_future(reach, weights, plan) for plan in plans]).max(axis=0)
    for k in range(weights.shape[1]):
        try:
            own = solve_robust(
                reach, weights[:, [k]], [1.0], p, rules=rules, start=_padded(plans[k], p),
                seed=seed, time_limit_s=time_limit_s,
            )  # fmt: skip
        except (SolverError, ValueError):
            continue  # the K plans' best stands
        best[k] = max(best[k], float(own.table["coverage"].iloc[0]))
    return np.asarray(best, dtype=np.float64)


def run_robust(
    scenario_file: str | Path,
    samples: int,
    out: str | Path,
    *,
    seed: int = 0,
    osm_file: str | Path | None = None,
    boundary: str | Path | None = None,
    synthetic_seed: int = 0,
    synthetic_scale: float = 1.0,
    scheduler: str | None = None,
    n_workers: int | None = None,
    time_limit_s: float | None = None,
    echo: Echo = _stderr,
) -> RobustRun:
    """Plan ``samples`` futures of the scenario's ``[uncertainty]`` table and the robust plan over them.

    Parameters
    ----------
    scenario_file
        A scenario TOML with an ``[uncertainty]`` table (:mod:`siting.uncertainty`).
    samples
        Number of futures ``K`` (Latin hypercube).
    out
        Output folder (module docstring); existing future and robust folders in it are replaced.
    seed
        Seed of the Latin hypercube (the solver's seed is the scenario's).
    osm_file, boundary
        A local OSM extract and a polygon that clips the study area; without ``osm_file`` the synthetic
        Guang'an (``synthetic_seed``, ``synthetic_scale``), clipped to ``boundary`` when given.
    scheduler, n_workers
        A running Dask scheduler's address (default ``$SITING_SCHEDULER``), else a LocalCluster of
        ``n_workers`` single-threaded processes (:func:`siting.batch.run.batch_client`).
    time_limit_s
        Solver time limit of each plan and each robust MIP (default: the scenario's ``time_limit_s``).
    echo
        Where progress and the summary go.

    Raises
    ------
    ScenarioError
        A bad scenario or ``[uncertainty]`` table (nothing is run).
    SitingError
        A future that cannot be planned, or the robust plan folder failing (with the reason).
    """
    file = Path(scenario_file)
    scenario = scenario_from_toml(file, time_limit_s=time_limit_s)
    uncertainty = uncertainty_from_toml(file, scenario)
    if scenario.later_stages:
        echo(f"the robust plan is one stage: later stages {', '.join(scenario.later_stages)} are dropped")
        scenario = scenario.first_stage_only()
    if samples < 2:
        raise ScenarioError(f"--samples {samples}: give at least 2 futures (8 or more is usual).")
    area = Area(
        "robust",
        file.absolute(),
        osm_file=Path(osm_file).absolute() if osm_file is not None else None,
        seed=synthetic_seed,
        scale=synthetic_scale,
        boundary=Path(boundary).absolute() if boundary is not None else None,
    )
    out_dir = Path(out).absolute()
    make_output_folders(out_dir, out_dir / "cache")
    with batch_client(scheduler, n_workers=n_workers, echo=echo) as client:
        _, nominal = _submit_prepare(client, {}, area, scenario, out_dir / "cache")
        prepared = _result(nominal)
        if not prepared["ok"]:
            raise InputDataError(f"preparing the study area failed: {prepared['error']}")
        _, base, _ = load_prepared(Path(prepared["folder"]))
        county_ids = [] if base.counties is None else [county_key(c) for c in base.counties["county_id"]]
        futures = draw_futures(uncertainty, samples, seed=seed, county_ids=county_ids)
        futures.to_csv(out_dir / "futures.csv", index=False, encoding="utf-8")
        echo(f"{samples} futures of {', '.join(uncertainty.keys)} drawn: {out_dir / 'futures.csv'}")
        rows = [row for _, row in futures.iterrows()]
        scenarios = [_future_scenario(scenario, r, list(uncertainty.ranges)) for r in rows]
        factors = [_factors(r, county_ids) for r in rows]
        keys = _plan_futures(client, area, scenarios, factors, out_dir, echo)
        site_ids = base.candidates["site_id"].to_numpy()
        weights, reach = _weights(keys, out_dir / "cache", factors, site_ids)
        plans = np.array([_open_sites(out_dir / "futures" / str(k), site_ids) for k in range(1, samples + 1)])
        run = _robust(client, scenario, base, prepared, reach, weights, plans, out_dir, echo)
    return dc_replace(run, futures=futures)


def _robust(
    client: Client,
    scenario: Scenario,
    base: Prepared,
    prepared: dict[str, Any],
    reach: sp.csr_matrix,
    weights: npt.NDArray[np.float64],
    plans: npt.NDArray[np.bool_],
    out: Path,
    echo: Echo,
) -> RobustRun:
    """Optima, regret table, robust MIP, robust plan folder, ``robust.csv``, chart and summary."""
    p, samples = scenario.n_stations, weights.shape[1]
    rules = _rules(scenario, base)
    limit = scenario.time_limit_s
    optimum = _optimum(reach, weights, plans, p, rules, seed=scenario.seed, time_limit_s=limit)
    raw = regret_table(reach, weights, plans, optimum)
    regret = _labelled(raw)
    regret.to_csv(out / "regret.csv", index=False, encoding="utf-8")
    worst = raw.groupby("plan")["ratio"].min()  # unrounded: the robust plan is compared with these
    best_plan = int(worst.index[int(np.argmax(worst.to_numpy()))])
    echo(
        f"single-future plans: worst ratios {worst.min():.1%} .. {worst.max():.1%} (best: future {best_plan})"
    )
    start = _padded(plans[best_plan - 1], p)
    robust = solve_robust(
        reach, weights, optimum, p, rules=rules, start=start, seed=scenario.seed, time_limit_s=limit
    )
    open_site = robust.open_site if robust.worst_ratio >= worst.max() else start
    ids = [str(s) for s in base.candidates["site_id"].to_numpy()[open_site]]
    echo(f"robust MIP: {robust.status}, worst ratio {robust.worst_ratio:.1%}, gap {robust.gap:.2%}")
    row = _result(
        client.submit(
            plan_task, prepared, scenario.replace(n_stations=len(ids)), {}, ids, str(out / "robust"),
            key=f"robust-plan-robust-{uuid.uuid4().hex[:8]}",
        )
    )  # fmt: skip
    if not row["ok"]:
        raise SolverError(f"the robust plan folder could not be planned: {row['error']}")
    final = _open_sites(out / "robust", base.candidates["site_id"].to_numpy())
    table = _labelled(regret_table(reach, weights, final[None, :], optimum)).drop(columns="plan")
    table.to_csv(out / "robust.csv", index=False, encoding="utf-8")
    (out / "regret.svg").write_text(_chart(regret, table, samples), encoding="utf-8")
    result = RobustRun(
        futures=pd.DataFrame(),
        regret=regret,
        robust=table,
        worst_ratio=float(table["ratio"].min()),
        best_single_worst_ratio=float(worst.max()),
        out=out,
    )
    echo(
        f"robust plan: worst ratio {result.worst_ratio:.1%}, mean {table['ratio'].mean():.1%} over {samples} "
        f"futures (best single-future plan: worst {result.best_single_worst_ratio:.1%}); "
        f"{len(ids)} stations in {out / 'robust'}"
    )
    return result
