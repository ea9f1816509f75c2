package io.recsys.math;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable sparse matrix in compressed sparse row form.
 *
 * <p>Row {@code r} holds the entries {@code indices[indptr[r] .. indptr[r+1])} with values at the
 * same positions of {@code values}; column indices are strictly increasing within a row. This is
 * the layout of {@code scipy.sparse.csr_matrix}, so the three arrays saved as {@code .npy} can be
 * reassembled there with {@code csr_matrix((values, indices, indptr), shape)}.
 */
public final class CsrMatrix {
    private final int rows;
    private final int cols;
    private final int[] indptr;
    private final int[] indices;
    private final float[] values;

    public CsrMatrix(int rows, int cols, int[] indptr, int[] indices, float[] values) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("shape must be non-negative, got " + rows + "x" + cols);
        }
        Objects.requireNonNull(indptr, "indptr");
        Objects.requireNonNull(indices, "indices");
        Objects.requireNonNull(values, "values");
        if (indptr.length != rows + 1) {
            throw new IllegalArgumentException(
                    "indptr must have rows+1=" + (rows + 1) + " entries, got " + indptr.length);
        }
        if (indices.length != values.length || indptr[rows] != indices.length) {
            throw new IllegalArgumentException("indices (" + indices.length + "), values (" + values.length
                    + ") and indptr[rows] (" + indptr[rows] + ") must agree");
        }
        for (int r = 0; r < rows; r++) {
            if (indptr[r] > indptr[r + 1]) {
                throw new IllegalArgumentException("indptr decreases at row " + r);
            }
            for (int p = indptr[r]; p < indptr[r + 1]; p++) {
                int c = indices[p];
                if (c < 0 || c >= cols) {
                    throw new IllegalArgumentException("column " + c + " out of range [0," + cols + ") in row " + r);
                }
                if (p > indptr[r] && indices[p - 1] >= c) {
                    throw new IllegalArgumentException("columns must be strictly increasing in row " + r);
                }
            }
        }
        this.rows = rows;
        this.cols = cols;
        this.indptr = indptr;
        this.indices = indices;
        this.values = values;
    }

    /**
     * Builds a matrix from coordinate triples. Entries for the same cell are not allowed: callers
     * decide how duplicates merge before they get here.
     */
    public static CsrMatrix fromTriples(int rows, int cols, int[] rowIdx, int[] colIdx, float[] vals) {
        int n = rowIdx.length;
        if (colIdx.length != n || vals.length != n) {
            throw new IllegalArgumentException("row, column and value arrays must have the same length");
        }
        int[] indptr = new int[rows + 1];
        for (int k = 0; k < n; k++) {
            int r = rowIdx[k];
            if (r < 0 || r >= rows) {
                throw new IllegalArgumentException("row " + r + " out of range [0," + rows + ")");
            }
            indptr[r + 1]++;
        }
        for (int r = 0; r < rows; r++) {
            indptr[r + 1] += indptr[r];
        }
        int[] next = Arrays.copyOf(indptr, rows);
        int[] indices = new int[n];
        float[] values = new float[n];
        for (int k = 0; k < n; k++) {
            int p = next[rowIdx[k]]++;
            indices[p] = colIdx[k];
            values[p] = vals[k];
        }
        sortRows(rows, indptr, indices, values);
        for (int r = 0; r < rows; r++) {
            for (int p = indptr[r] + 1; p < indptr[r + 1]; p++) {
                if (indices[p - 1] == indices[p]) {
                    throw new IllegalArgumentException("duplicate entry at (" + r + "," + indices[p] + ")");
                }
            }
        }
        return new CsrMatrix(rows, cols, indptr, indices, values);
    }

    private static void sortRows(int rows, int[] indptr, int[] indices, float[] values) {
        for (int r = 0; r < rows; r++) {
            int from = indptr[r];
            int to = indptr[r + 1];
            // Rows are short (tens of entries): insertion sort keeps values paired without boxing.
            for (int i = from + 1; i < to; i++) {
                int c = indices[i];
                float v = values[i];
                int j = i - 1;
                while (j >= from && indices[j] > c) {
                    indices[j + 1] = indices[j];
                    values[j + 1] = values[j];
                    j--;
                }
                indices[j + 1] = c;
                values[j + 1] = v;
            }
        }
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int nnz() {
        return indices.length;
    }

    public int rowStart(int r) {
        return indptr[r];
    }

    public int rowEnd(int r) {
        return indptr[r + 1];
    }

    public int rowNnz(int r) {
        return indptr[r + 1] - indptr[r];
    }

    public int columnAt(int p) {
        return indices[p];
    }

    public float valueAt(int p) {
        return values[p];
    }

    /** The value at (r, c), or 0 when the cell is empty. */
    public float get(int r, int c) {
        int p = Arrays.binarySearch(indices, indptr[r], indptr[r + 1], c);
        return p >= 0 ? values[p] : 0f;
    }

    /** True when (r, c) holds an entry. */
    public boolean contains(int r, int c) {
        return Arrays.binarySearch(indices, indptr[r], indptr[r + 1], c) >= 0;
    }

    /** Fraction of empty cells: 1 - nnz / (rows * cols); 1 for an empty shape. */
    public double sparsity() {
        double cells = (double) rows * cols;
        return cells == 0 ? 1.0 : 1.0 - nnz() / cells;
    }

    /** Number of stored entries in each column. */
    public int[] columnCounts() {
        int[] counts = new int[cols];
        for (int c : indices) {
            counts[c]++;
        }
        return counts;
    }

    /** Copies of the raw arrays, for writing. */
    public int[] indptr() {
        return indptr.clone();
    }

    /** The column index array itself, for kernels in this package; callers must not modify it. */
    int[] sharedIndices() {
        return indices;
    }

    public int[] indices() {
        return indices.clone();
    }

    public float[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsrMatrix m
                && rows == m.rows
                && cols == m.cols
                && Arrays.equals(indptr, m.indptr)
                && Arrays.equals(indices, m.indices)
                && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rows, cols, Arrays.hashCode(indptr), Arrays.hashCode(indices));
    }

    @Override
    public String toString() {
        return "CsrMatrix[" + rows + "x" + cols + ", nnz=" + nnz() + "]";
    }
}
