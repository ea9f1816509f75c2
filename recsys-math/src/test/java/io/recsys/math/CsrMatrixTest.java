package io.recsys.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.math.als.Transpose;
import org.junit.jupiter.api.Test;

class CsrMatrixTest {
    @Test
    void buildsFromTriplesWithSortedRows() {
        CsrMatrix m =
                CsrMatrix.fromTriples(2, 4, new int[] {1, 0, 1, 0}, new int[] {3, 2, 0, 0}, new float[] {4, 3, 2, 1});
        assertThat(m.indptr()).containsExactly(0, 2, 4);
        assertThat(m.indices()).containsExactly(0, 2, 0, 3);
        assertThat(m.values()).containsExactly(1, 3, 2, 4);
        assertThat(m.get(1, 3)).isEqualTo(4f);
        assertThat(m.get(1, 1)).isZero();
        assertThat(m.contains(0, 2)).isTrue();
        assertThat(m.sparsity()).isEqualTo(0.5);
        assertThat(m.columnCounts()).containsExactly(2, 0, 1, 1);
    }

    @Test
    void rejectsDuplicatesAndOutOfRangeEntries() {
        assertThatThrownBy(() -> CsrMatrix.fromTriples(1, 2, new int[] {0, 0}, new int[] {1, 1}, new float[] {1, 2}))
                .hasMessageContaining("duplicate entry at (0,1)");
        assertThatThrownBy(() -> CsrMatrix.fromTriples(1, 2, new int[] {0}, new int[] {2}, new float[] {1}))
                .hasMessageContaining("column 2 out of range");
    }

    @Test
    void transposeSwapsRowsAndColumns() {
        CsrMatrix m = CsrMatrix.fromTriples(2, 3, new int[] {0, 0, 1}, new int[] {0, 2, 2}, new float[] {1, 2, 3});
        CsrMatrix t = Transpose.of(m);
        assertThat(t.rows()).isEqualTo(3);
        assertThat(t.get(2, 0)).isEqualTo(2f);
        assertThat(t.get(2, 1)).isEqualTo(3f);
        assertThat(Transpose.of(t)).isEqualTo(m);
    }
}
