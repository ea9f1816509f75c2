package io.recsys.math.als;

import io.recsys.math.CsrMatrix;

/** Transposes a CSR matrix (counting sort by column; rows stay sorted). */
public final class Transpose {
    private Transpose() {}

    public static CsrMatrix of(CsrMatrix m) {
        int[] counts = m.columnCounts();
        int[] indptr = new int[m.cols() + 1];
        for (int c = 0; c < m.cols(); c++) {
            indptr[c + 1] = indptr[c] + counts[c];
        }
        int[] next = java.util.Arrays.copyOf(indptr, m.cols());
        int[] indices = new int[m.nnz()];
        float[] values = new float[m.nnz()];
        for (int r = 0; r < m.rows(); r++) {
            for (int p = m.rowStart(r); p < m.rowEnd(r); p++) {
                int dst = next[m.columnAt(p)]++;
                indices[dst] = r;
                values[dst] = m.valueAt(p);
            }
        }
        return new CsrMatrix(m.cols(), m.rows(), indptr, indices, values);
    }
}
