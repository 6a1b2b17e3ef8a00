"""Bounded multi-source travel times: ours (SciPy Dijkstra in chunks) against networkx.

Sources are candidate-like road nodes, targets every node; the cutoff is the fast-charging
threshold (10 min).  networkx runs ``single_source_dijkstra_path_length(G, s, cutoff=...)`` per
source on the same directed graph (the osmnx way); it is timed on a sample of the sources and
scaled to all of them.  Both results are compared on the sample.

Uses ``../shared/osm/rnv.osm.pbf`` when present (read through :mod:`siting.osm`), else the
synthetic network.  Usage: ``python benchmarks/travel_times.py [--runs 3] [--sources 5000]``.
Last line: ``time_s=... baseline_time_s=... speedup=... peak_mib=...`` (medians).
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark; print the figures and the final key=value line; return them."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sources", type=int, default=5000)
    ap.add_argument("--sample", type=int, default=200, help="sources timed with networkx")
    ap.add_argument("--cutoff-min", type=float, default=10.0)
    ap.add_argument("--tiny", action="store_true")
    add_record_option(ap, "travel_times")
    args = ap.parse_args(argv)
    net, label = load_network(args.tiny)
    n = len(net.node_ids)
    rng = np.random.default_rng(0)
    sources = np.sort(rng.choice(n, size=min(args.sources, n), replace=False))
    cutoff_s = args.cutoff_min * 60.0
    times: list[float] = []
    peaks: list[float] = []
    result = sp.csr_matrix((0, 0))
    for _ in range(args.runs):
        tracemalloc.start()
        tick = time.perf_counter()
        result = ours(net, sources, cutoff_s)
        times.append(time.perf_counter() - tick)
        peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
    sample = sources[: min(args.sample, sources.size)]
    base_times: list[float] = []
    ref: list[dict[int, float]] = []
    for _ in range(args.runs):
        tick = time.perf_counter()
        ref = baseline(net, sample, cutoff_s)
        base_times.append((time.perf_counter() - tick) * sources.size / sample.size)
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
    t, tb = statistics.median(times), statistics.median(base_times)
    print(
        f"{label}: {n:,} nodes, {sources.size:,} sources, cutoff {args.cutoff_min:g} min, "
        f"{result.nnz:,} pairs; "
        f"ours {t:.2f} s (runs {', '.join(f'{x:.2f}' for x in times)}), networkx {tb:.1f} s "
        f"(timed on {sample.size} sources, scaled), results identical on the sample; "
        f"working memory of ours {statistics.median(peaks):.0f} MiB (tracemalloc)"
    )
    figures = {
        "nodes": n,
        "sources": int(sources.size),
        "cutoff_min": args.cutoff_min,
        "pairs": int(result.nnz),
        "time_s": t,
        "baseline_time_s": tb,
        "speedup": tb / t,
        "peak_mib": peak_mib(),
        "work_mib": statistics.median(peaks),
    }
    print(
        f"time_s={t:.2f} baseline_time_s={tb:.1f} speedup={tb / t:.1f} peak_mib={peak_mib():.0f} "
        f"work_mib={statistics.median(peaks):.0f}"
    )
    write_record("travel_times", args, argv, figures)
    return figures


if __name__ == "__main__":
    main()
