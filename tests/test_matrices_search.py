"""The compiled bounded search against SciPy's Dijkstra: same pairs, bit for bit, in every corner case."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from siting import matrices
from siting._sparse import MIN_ENTRY


def _scipy_reference(
    graph: sp.csr_matrix,
    sources: np.ndarray,
    targets: np.ndarray,
    *,
    limit: float,
    source_extra: np.ndarray,
    target_extra: np.ndarray,
    directed: bool,
) -> sp.csr_matrix:
    """What the previous implementation computed: a dense SciPy block, then the pairs within the limit."""
    search_limit = max(0.0, limit - source_extra.min() - target_extra.min())
    block = dijkstra(graph, directed=directed, indices=sources, limit=search_limit)[:, targets]
    s, t = np.nonzero(block <= search_limit)
    total = block[s, t] + target_extra[t] + source_extra[s]
    ok = total <= limit
    coo = sp.coo_matrix(
        (np.maximum(total[ok], MIN_ENTRY), (t[ok], s[ok])), shape=(targets.size, sources.size)
    )
    out = coo.tocsr()
    out.sort_indices()
    return out


def _random_graph(rng: np.random.Generator, n: int, m: int, *, integer: bool) -> sp.csr_matrix:
    """A random directed graph with parallel edges, explicit zero weights and (for integers) many ties."""
    rows = rng.integers(0, n, m)
    cols = rng.integers(0, n, m)
    weights = rng.integers(0, 6, m).astype(np.float64) if integer else rng.uniform(0.0, 50.0, m)
    order = np.lexsort((cols, rows))  # CSR built by hand: duplicates stay parallel edges, zeros stay edges
    indptr = np.searchsorted(rows[order], np.arange(n + 1))
    return sp.csr_matrix((weights[order], cols[order], indptr), shape=(n, n))


def _identical(got: sp.csr_matrix, want: sp.csr_matrix) -> None:
    assert got.shape == want.shape
    assert got.has_sorted_indices
    assert np.array_equal(got.indptr, want.indptr)
    assert np.array_equal(got.indices, want.indices)
    assert np.array_equal(got.data, want.data)  # bit for bit, not approximately


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("integer", [True, False])
def test_same_pairs_and_times_as_scipy(directed: bool, integer: bool) -> None:
    rng = np.random.default_rng(7 + integer + 2 * directed)
    n = 300
    graph = _random_graph(rng, n, 900, integer=integer)
    sources = rng.integers(0, n, 80)  # repeated nodes: several sites on one node
    targets = rng.integers(0, n, 250)  # a subset of the nodes, some twice
    source_extra = rng.uniform(0, 3, sources.size) if not integer else rng.integers(0, 3, sources.size) * 1.0
    target_extra = rng.uniform(0, 3, targets.size) if not integer else rng.integers(0, 3, targets.size) * 1.0
    limit = 12.0 if integer else 60.0
    kwargs = {
        "limit": limit,
        "source_extra": source_extra,
        "target_extra": target_extra,
        "directed": directed,
    }
    got = matrices._bounded_paths(graph, sources, targets, **kwargs)  # type: ignore[arg-type]
    want = _scipy_reference(graph, sources, targets, **kwargs)  # type: ignore[arg-type]
    assert want.nnz > 100  # the case is not trivially empty
    _identical(got, want)


def test_a_pair_exactly_at_the_limit_is_kept() -> None:
    graph = sp.csr_matrix(([2.0, 2.0], ([0, 1], [1, 2])), shape=(3, 3))  # 0 -> 1 -> 2, 2 s each

    def column(limit: float) -> list[float]:
        got = matrices._bounded_paths(
            graph,
            np.array([0]),
            np.arange(3),
            limit=limit,
            source_extra=np.zeros(1),
            target_extra=np.zeros(3),
            directed=True,
        )
        return [float(x) for x in got.toarray()[:, 0]]

    assert column(4.0) == [MIN_ENTRY, 2.0, 4.0]  # 4 s <= 4 s: kept, as SciPy's limit does
    assert column(3.999) == [MIN_ENTRY, 2.0, 0.0]  # just over: not stored


def test_threads_and_chunks_do_not_change_the_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(11)
    graph = _random_graph(rng, 200, 700, integer=False)
    sources, targets = rng.integers(0, 200, 60), np.arange(200)
    kwargs = {"limit": 40.0, "source_extra": np.zeros(60), "target_extra": np.zeros(200), "directed": True}
    monkeypatch.setenv("SITING_THREADS", "1")
    serial = matrices._bounded_paths(graph, sources, targets, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setenv("SITING_THREADS", "2")
    monkeypatch.setattr(matrices, "CHUNK_CELLS", 3 * 200)  # three sources per call: many chunks
    threaded = matrices._bounded_paths(graph, sources, targets, **kwargs)  # type: ignore[arg-type]
    _identical(threaded, serial)


def test_negative_weights_are_refused_with_the_reason() -> None:
    graph = sp.csr_matrix(([1.0, -2.0], ([0, 1], [1, 0])), shape=(2, 2))
    with pytest.raises(ValueError, match="negative edge weights"):
        matrices._bounded_paths(
            graph,
            np.array([0]),
            np.arange(2),
            limit=5.0,
            source_extra=np.zeros(1),
            target_extra=np.zeros(2),
            directed=True,
        )
