"""Sparse-matrix conventions shared by the data side and the model.

A travel-time or distance matrix stores one explicit entry per *covering pair* and nothing else; the entry
is the time or distance of that pair, clamped to at least :data:`MIN_ENTRY` so that a 0 m / 0 min pair is
still an explicit entry.  :func:`canonical_csr` gives any such matrix one canonical form (CSR, sorted column
indices, no duplicates) so that every function can read ``indptr``/``indices`` directly.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["MIN_ENTRY", "canonical_csr"]

#: Smallest value stored for a covering pair (so that a 0 m / 0 min pair is still an explicit entry).
MIN_ENTRY = 1e-6


def canonical_csr(matrix: sp.spmatrix | sp.sparray) -> sp.csr_matrix:
    """Return ``matrix`` as CSR with sorted column indices and no duplicate entries.

    A matrix already in canonical CSR form is returned as is (no copy).  Duplicate entries of one
    pair keep the smallest value (the shortest travel time or distance), never their sum.

    Parameters
    ----------
    matrix
        Any SciPy sparse matrix or array.

    Returns
    -------
    scipy.sparse.csr_matrix
        Canonical CSR matrix of the same shape.
    """
    if matrix.format == "csr" and matrix.has_canonical_format:
        if isinstance(matrix, sp.csr_matrix):
            return matrix
        return sp.csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=matrix.shape)
    coo = sp.coo_matrix(matrix)
    rows = np.asarray(coo.row, dtype=np.int64)
    cols = np.asarray(coo.col, dtype=np.int64)
    vals = np.asarray(coo.data, dtype=np.float64)
    order = np.lexsort((vals, cols, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    first = np.ones(rows.size, dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    rows, cols, vals = rows[first], cols[first], vals[first]
    indptr = np.zeros(coo.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=coo.shape[0]), out=indptr[1:])
    out = sp.csr_matrix((vals, cols, indptr), shape=coo.shape)
    out.has_sorted_indices = True
    return out
