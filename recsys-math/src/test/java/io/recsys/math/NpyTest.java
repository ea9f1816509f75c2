package io.recsys.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void headerIsNumpyVersionOneAlignedTo64Bytes() {
        byte[] h = Npy.header(Npy.DType.FLOAT32, new int[] {3});
        assertThat(h.length % 64).isZero();
        assertThat(new String(h, 10, h.length - 10, java.nio.charset.StandardCharsets.US_ASCII))
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }")
                .endsWith("\n");
        assertThat(h[0] & 0xff).isEqualTo(0x93);
    }

    @Test
    void roundTripsEveryTypeAndTwoDimensions() throws Exception {
        Npy.write(dir.resolve("f.npy"), new float[] {1.5f, -2f, Float.MIN_VALUE});
        Npy.write(dir.resolve("i.npy"), new int[] {7, -1, Integer.MAX_VALUE});
        Npy.write(dir.resolve("l.npy"), new long[] {1L << 40});
        Npy.writeMatrix(dir.resolve("m.npy"), new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(Npy.read(dir.resolve("f.npy")).floats()).containsExactly(1.5f, -2f, Float.MIN_VALUE);
        assertThat(Npy.read(dir.resolve("i.npy")).ints()).containsExactly(7, -1, Integer.MAX_VALUE);
        assertThat(Npy.read(dir.resolve("l.npy")).longs()).containsExactly(1L << 40);
        Npy.Array m = Npy.read(dir.resolve("m.npy"));
        assertThat(m.shape()).containsExactly(2, 3);
        assertThat(m.floats()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void aTruncatedFileIsReported() throws Exception {
        Path f = dir.resolve("t.npy");
        Npy.write(f, new int[] {1, 2, 3});
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 2));
        assertThatThrownBy(() -> Npy.read(f)).hasMessageContaining("truncated");
    }
}
