"""Bounded multi-source travel times: ours (compiled bounded Dijkstra) against networkx.

Sources are candidate-like road nodes, targets every node; the cutoff is the fast-charging
threshold (10 min).  networkx runs ``single_source_dijkstra_path_length(G, s, cutoff=...)`` per
source on the same directed graph (the osmnx way); it is timed on a sample of the sources and
scaled to all of them.  Both results are compared on the sample.  ``--candidates`` also times, in
the same run, what was measured before choosing ours: SciPy's ``dijkstra(limit=...)`` on source
chunks (the previous implementation, compared pair for pair with ours on all sources) and, when
installed, igraph, rustworkx, networkit and pandana (on the sample, scaled).

Working memory is measured two ways: tracemalloc (what NumPy allocates) and the growth of the
process's peak resident memory during the call (which also sees the compiled kernels' own arrays;
Linux, reset through ``/proc/self/clear_refs``).  The first call compiles the kernels (numba, cached
on disk afterwards); it is timed apart and not counted in ``time_s``.

Uses ``../shared/osm/rnv.osm.pbf`` when present (read through :mod:`siting.osm`), else the
synthetic network.  Usage: ``python benchmarks/travel_times.py [--runs 3] [--sources 5000]
[--candidates]``.  Last line: ``time_s=... baseline_time_s=... speedup=...
paired_speedup=... cpu_speedup=... peak_mib=... work_mib=... work_rss_mib=...`` (medians;
``speedup`` is the ratio of the medians, ``paired_speedup`` the median ratio of the run pairs,
``cpu_speedup`` the same for CPU seconds (ours counts both threads); the candidates' ``..._time_s``
added with ``--candidates``).  Ours and networkx run alternately, so that on a shared machine each
pair of runs sees about the same load.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _instances import peak_mib
from _results import add_record_option, write_record

from siting.matrices import _bounded_paths
from siting.network import RoadNetwork

CLEAR_REFS = Path("/proc/self/clear_refs")

SHARED_PBF = Path(__file__).resolve().parents[2] / "shared" / "osm" / "rnv.osm.pbf"


def load_network(tiny: bool) -> tuple[RoadNetwork, str]:
    """The rnv extract when present (and not ``tiny``), else the synthetic Guang'an."""
    from siting.pipeline import inputs_from_osm_file, inputs_from_synthetic
    from siting.scenario import scenario_from_toml

    scenario = scenario_from_toml(None)
    if SHARED_PBF.exists() and not tiny:
        inputs = inputs_from_osm_file(scenario, SHARED_PBF)
        return inputs.net, f"OSM extract {SHARED_PBF.name}"
    inputs = inputs_from_synthetic(scenario, scale=0.1 if tiny else 1.0)
    return inputs.net, "synthetic road network"


def ours(net: RoadNetwork, sources: np.ndarray, cutoff_s: float) -> sp.csr_matrix:
    """Times from every node to each source within the cutoff (targets x sources)."""
    targets = np.arange(len(net.node_ids))
    return _bounded_paths(
        net.time_s.T.tocsr(),
        sources,
        targets,
        limit=cutoff_s,
        source_extra=np.zeros(sources.size),
        target_extra=np.zeros(targets.size),
        directed=True,
    )


def baseline(net: RoadNetwork, sources: np.ndarray, cutoff_s: float) -> list[dict[int, float]]:
    """networkx, one bounded Dijkstra per source on the reversed graph (time *to* the source)."""
    coo = net.time_s.T.tocoo()
    G = nx.DiGraph()
    G.add_weighted_edges_from(zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True))
    return [nx.single_source_dijkstra_path_length(G, int(s), cutoff=cutoff_s) for s in sources.tolist()]


def scipy_chunks(net: RoadNetwork, sources: np.ndarray, cutoff_s: float, chunk: int) -> sp.csr_matrix:
    """The previous implementation's search: SciPy ``dijkstra(limit=...)`` filling a dense chunk x nodes
    block per call, reached pairs picked with NumPy (targets x sources CSR, same values as ours)."""
    from scipy.sparse.csgraph import dijkstra  # deferred: only with --candidates

    graph = net.time_s.T.tocsr()
    rows, cols, vals = [], [], []
    for lo in range(0, sources.size, chunk):
        block = dijkstra(graph, directed=True, indices=sources[lo : lo + chunk], limit=cutoff_s)
        s, t = np.nonzero(block <= cutoff_s)
        rows.append(t)
        cols.append(s + lo)
        vals.append(np.maximum(block[s, t], 1e-6))
        del block
    shape = (len(net.node_ids), sources.size)
    coo = sp.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=shape)
    return coo.tocsr()


def library_pairs(
    name: str, net: RoadNetwork, sample: np.ndarray, cutoff_s: float
) -> tuple[sp.csr_matrix, float] | None:
    """(targets x sample) times within the cutoff from one library and the seconds its searches took
    (graph building not counted), or None when the library is not installed.

    igraph, rustworkx and networkit have no cutoff in their Python APIs: each search covers the whole
    network and the pairs within the cutoff are kept afterwards.  pandana's ``nodes_in_range`` is bounded.
    """
    coo = net.time_s.T.tocoo()
    n = len(net.node_ids)
    s_idx: list[np.ndarray] = []
    t_idx: list[np.ndarray] = []
    cost: list[np.ndarray] = []
    try:
        if name == "igraph":
            import igraph  # deferred: optional candidate

            g = igraph.Graph(
                n=n, edges=list(zip(coo.row.tolist(), coo.col.tolist(), strict=True)), directed=True
            )
            tick = time.perf_counter()
            block = np.asarray(g.distances(source=sample.tolist(), weights=coo.data.tolist(), mode="out"))
            s, t = np.nonzero(block <= cutoff_s)
            s_idx, t_idx, cost = [s], [t], [block[s, t]]
        elif name == "rustworkx":
            import rustworkx  # deferred: optional candidate

            rg = rustworkx.PyDiGraph()
            rg.add_nodes_from(range(n))
            rg.add_edges_from(list(zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True)))
            tick = time.perf_counter()
            for i, src in enumerate(sample.tolist()):
                got = rustworkx.digraph_dijkstra_shortest_path_lengths(rg, src, edge_cost_fn=float)
                d = {int(k): float(v) for k, v in got.items() if v <= cutoff_s}
                d[src] = 0.0
                s_idx.append(np.full(len(d), i))
                t_idx.append(np.fromiter(d.keys(), dtype=np.int64, count=len(d)))
                cost.append(np.fromiter(d.values(), dtype=np.float64, count=len(d)))
        elif name == "networkit":
            import networkit  # deferred: optional candidate

            kg = networkit.Graph(n, weighted=True, directed=True)
            kg.addEdges((coo.data, (coo.row.astype(np.uint64), coo.col.astype(np.uint64))))
            tick = time.perf_counter()
            for i, src in enumerate(sample.tolist()):
                dj = networkit.distance.Dijkstra(kg, src, storePaths=False)
                dj.run()
                d = np.asarray(dj.getDistances())
                hit = np.nonzero(d <= cutoff_s)[0]
                s_idx.append(np.full(hit.size, i))
                t_idx.append(hit)
                cost.append(d[hit])
        elif name == "pandana":
            import pandana  # deferred: optional candidate
            import pandas as pd

            pnet = pandana.Network(
                pd.Series(np.zeros(n)),
                pd.Series(np.zeros(n)),
                pd.Series(coo.row),
                pd.Series(coo.col),
                pd.DataFrame({"time_s": coo.data}),
                twoway=False,
            )
            tick = time.perf_counter()
            found = pnet.nodes_in_range(sample.tolist(), cutoff_s)
            slot = {int(x): i for i, x in enumerate(sample.tolist())}
            s_idx = [found.iloc[:, 0].map(slot).to_numpy()]
            t_idx = [found.iloc[:, 1].to_numpy()]
            cost = [found.iloc[:, 2].to_numpy(dtype=np.float64)]
    except ImportError:
        return None
    seconds = time.perf_counter() - tick
    vals = np.maximum(np.concatenate(cost), 1e-6)
    rows, cols = np.concatenate(t_idx), np.concatenate(s_idx)
    return sp.coo_matrix((vals, (rows, cols)), shape=(n, sample.size)).tocsr(), seconds


def rss_mib(field: str) -> float:
    """``VmRSS`` or ``VmHWM`` of this process from ``/proc/self/status``, MiB (0 where there is none)."""
    status = Path("/proc/self/status")
    if not status.exists():
        return 0.0
    for line in status.read_text().splitlines():
        if line.startswith(field + ":"):
            return float(line.split()[1]) / 1024.0
    return 0.0


def measured(run: Any) -> tuple[Any, float, float, float, float]:
    """Call ``run()``; return its result, wall seconds, tracemalloc peak MiB, peak-RSS growth MiB and
    CPU seconds (all threads of the process)."""
    gc.collect()
    if CLEAR_REFS.exists():
        CLEAR_REFS.write_text("5")  # resets VmHWM to the current resident size
    before = rss_mib("VmRSS")
    tracemalloc.start()
    cpu, tick = time.process_time(), time.perf_counter()
    result = run()
    seconds, cpu = time.perf_counter() - tick, time.process_time() - cpu
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, seconds, traced, max(0.0, rss_mib("VmHWM") - before), cpu


def same_pairs(got: sp.csr_matrix, want: sp.csr_matrix) -> bool:
    """Same pattern and times within 1e-6 s (both targets x sources)."""
    got, want = got.tocsr(), want.tocsr()
    got.sort_indices()
    want.sort_indices()
    return bool(
        got.shape == want.shape
        and np.array_equal(got.indptr, want.indptr)
        and np.array_equal(got.indices, want.indices)
        and np.allclose(got.data, want.data, rtol=0.0, atol=1e-6)
    )


def candidates(
    net: RoadNetwork,
    sources: np.ndarray,
    sample: np.ndarray,
    cutoff_s: float,
    ours_result: sp.csr_matrix,
    runs: int,
) -> dict[str, Any]:
    """Time the alternatives measured before choosing ours (medians of ``runs``) and check their pairs."""
    figures: dict[str, Any] = {}
    n = len(net.node_ids)
    for chunk in (max(1, 25_000_000 // n), 20):
        times, works = [], []
        for _ in range(runs):
            res, sec, _, rss, _ = measured(lambda c=chunk: scipy_chunks(net, sources, cutoff_s, c))
            times.append(sec)
            works.append(rss)
        ok = same_pairs(res, ours_result)
        del res
        key = f"scipy_chunk{chunk}"
        figures[f"{key}_time_s"] = statistics.median(times)
        figures[f"{key}_work_rss_mib"] = statistics.median(works)
        print(
            f"  SciPy dijkstra(limit) in chunks of {chunk} sources, one thread: "
            f"{statistics.median(times):.2f} s (runs {', '.join(f'{x:.2f}' for x in times)}), "
            f"peak-RSS growth {statistics.median(works):.0f} MiB; pairs and times identical to ours: {ok}"
        )
    times = []
    previous = os.environ.get("SITING_THREADS")
    os.environ["SITING_THREADS"] = "1"
    try:
        for _ in range(runs):
            times.append(measured(lambda: ours(net, sources, cutoff_s))[1])
    finally:
        if previous is None:
            del os.environ["SITING_THREADS"]
        else:
            os.environ["SITING_THREADS"] = previous
    figures["ours_one_thread_time_s"] = statistics.median(times)
    print(
        f"  ours on one thread: {statistics.median(times):.2f} s "
        f"(runs {', '.join(f'{x:.2f}' for x in times)})"
    )
    want = ours_result[:, : sample.size]
    for name in ("igraph", "rustworkx", "networkit", "pandana"):
        found = library_pairs(name, net, sample, cutoff_s)
        if found is None:
            print(f"  {name}: not installed")
            continue
        got, seconds = found
        scaled = seconds * sources.size / sample.size
        diff = ((got != 0) != (want != 0)).nnz
        figures[f"{name}_time_s"] = scaled
        print(
            f"  {name}: {scaled:.1f} s scaled to {sources.size} sources (one run on {sample.size}, "
            f"graph building not counted); pairs differing from ours: {diff}"
            + ("" if diff else f", largest time difference {abs(got - want).max():.2g} s")
        )
    return figures


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark; print the figures and the final key=value line; return them."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sources", type=int, default=5000)
    ap.add_argument("--sample", type=int, default=200, help="sources timed with networkx")
    ap.add_argument("--cutoff-min", type=float, default=10.0)
    ap.add_argument("--tiny", action="store_true")
    ap.add_argument("--candidates", action="store_true", help="also time SciPy and the other libraries")
    add_record_option(ap, "travel_times")
    args = ap.parse_args(argv)
    net, label = load_network(args.tiny)
    n = len(net.node_ids)
    rng = np.random.default_rng(0)
    sources = np.sort(rng.choice(n, size=min(args.sources, n), replace=False))
    cutoff_s = args.cutoff_min * 60.0
    tick = time.perf_counter()
    ours(net, sources[:1], cutoff_s)  # compiles the kernels (or loads them from numba's disk cache)
    compile_s = time.perf_counter() - tick
    times: list[float] = []
    cpus: list[float] = []
    peaks: list[float] = []
    works: list[float] = []
    sample = sources[: min(args.sample, sources.size)]
    base_times: list[float] = []
    base_cpus: list[float] = []
    ref: list[dict[int, float]] = []
    result = sp.csr_matrix((0, 0))
    for _ in range(args.runs):  # ours and networkx alternate, so that each pair of runs sees the same load
        result = sp.csr_matrix((0, 0))  # the previous run's matrix is not counted in this run's memory
        result, seconds, traced, rss, cpu = measured(lambda: ours(net, sources, cutoff_s))
        cpus.append(cpu)
        times.append(seconds)
        peaks.append(traced)
        works.append(rss)
        cpu, tick = time.process_time(), time.perf_counter()
        ref = baseline(net, sample, cutoff_s)
        base_times.append((time.perf_counter() - tick) * sources.size / sample.size)
        base_cpus.append((time.process_time() - cpu) * sources.size / sample.size)
    csc = result.tocsc()
    for col, dist in enumerate(ref):  # same pairs and times on the sample
        got = dict(
            zip(
                csc.indices[csc.indptr[col] : csc.indptr[col + 1]].tolist(),
                csc.data[csc.indptr[col] : csc.indptr[col + 1]].tolist(),
                strict=True,
            )
        )
        want = {k: max(v, 1e-6) for k, v in dist.items()}
        assert got.keys() == want.keys() and all(abs(got[k] - want[k]) < 1e-6 for k in want), col
    del csc
    t, tb = statistics.median(times), statistics.median(base_times)
    work, work_rss = statistics.median(peaks), statistics.median(works)
    paired = statistics.median(b / o for b, o in zip(base_times, times, strict=True))
    cpu_ratio = statistics.median(b / o for b, o in zip(base_cpus, cpus, strict=True))
    print(
        f"{label}: {n:,} nodes, {sources.size:,} sources, cutoff {args.cutoff_min:g} min, "
        f"{result.nnz:,} pairs; "
        f"ours {t:.2f} s (runs {', '.join(f'{x:.2f}' for x in times)}; CPU "
        f"{', '.join(f'{x:.2f}' for x in cpus)} s; first call with compiling {compile_s:.2f} s), networkx "
        f"{tb:.1f} s (timed on {sample.size} sources, scaled; runs "
        f"{', '.join(f'{x:.1f}' for x in base_times)}; CPU "
        f"{', '.join(f'{x:.1f}' for x in base_cpus)} s), results identical on the sample; ratio "
        f"of each run pair {paired:.1f} (median), of CPU seconds {cpu_ratio:.1f}; working memory of "
        f"ours {work:.0f} MiB (tracemalloc), {work_rss:.0f} MiB (peak-RSS growth; output "
        f"{(result.data.nbytes + result.indices.nbytes + result.indptr.nbytes) / 2**20:.0f} MiB); "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    figures: dict[str, Any] = {
        "nodes": n,
        "sources": int(sources.size),
        "cutoff_min": args.cutoff_min,
        "pairs": int(result.nnz),
        "time_s": t,
        "baseline_time_s": tb,
        "speedup": tb / t,
        "paired_speedup": paired,
        "cpu_speedup": cpu_ratio,
        "peak_mib": peak_mib(),
        "work_mib": work,
        "work_rss_mib": work_rss,
        "compile_s": compile_s,
    }
    if args.candidates:
        figures |= candidates(net, sources, sample, cutoff_s, result, args.runs)
    extra = "".join(
        f" {k}={v:.2f}" for k, v in figures.items() if k.endswith("_time_s") and k != "baseline_time_s"
    )
    print(
        f"time_s={t:.2f} baseline_time_s={tb:.1f} speedup={tb / t:.1f} paired_speedup={paired:.1f} "
        f"cpu_speedup={cpu_ratio:.1f} peak_mib={peak_mib():.0f} "
        f"work_mib={work:.0f} work_rss_mib={work_rss:.0f}" + extra
    )
    write_record("travel_times", args, argv, figures)
    return figures


if __name__ == "__main__":
    main()
