package io.recsys.math;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format version 1.0, little-endian, C order), so that
 * every matrix the pipeline writes opens with {@code numpy.load}.
 *
 * <p>Layout: the magic {@code \x93NUMPY}, version bytes {@code 1 0}, a little-endian uint16 header
 * length, then an ASCII Python dict {@code {'descr': '<f4', 'fortran_order': False, 'shape': (n,), }}
 * padded with spaces and a newline so the data starts on a 64-byte boundary.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int CHUNK = 1 << 16;
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** The element type of an array, as numpy names it. */
    public enum DType {
        FLOAT32("<f4", 4),
        INT32("<i4", 4),
        INT64("<i8", 8);

        final String descr;
        final int size;

        DType(String descr, int size) {
            this.descr = descr;
            this.size = size;
        }
    }

    /** An array read back from disk: its shape and its data, one of the typed arrays. */
    public record Array(DType dtype, int[] shape, Object data) {
        public float[] floats() {
            return (float[]) data;
        }

        public int[] ints() {
            return (int[]) data;
        }

        public long[] longs() {
            return (long[]) data;
        }
    }

    public static void write(Path file, float[] data) throws IOException {
        write(file, DType.FLOAT32, new int[] {data.length}, data, data.length);
    }

    public static void write(Path file, int[] data) throws IOException {
        write(file, DType.INT32, new int[] {data.length}, data, data.length);
    }

    public static void write(Path file, long[] data) throws IOException {
        write(file, DType.INT64, new int[] {data.length}, data, data.length);
    }

    /** Writes a row-major {@code rows x cols} float matrix. */
    public static void writeMatrix(Path file, float[] data, int rows, int cols) throws IOException {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException(
                    "shape " + rows + "x" + cols + " does not match " + data.length + " values");
        }
        write(file, DType.FLOAT32, new int[] {rows, cols}, data, data.length);
    }

    private static void write(Path file, DType dtype, int[] shape, Object data, int length) throws IOException {
        byte[] header = header(dtype, shape);
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, ByteBuffer.wrap(header));
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            int perChunk = CHUNK / dtype.size;
            for (int from = 0; from < length; from += perChunk) {
                int to = Math.min(length, from + perChunk);
                buf.clear();
                switch (dtype) {
                    case FLOAT32 -> buf.asFloatBuffer().put((float[]) data, from, to - from);
                    case INT32 -> buf.asIntBuffer().put((int[]) data, from, to - from);
                    case INT64 -> buf.asLongBuffer().put((long[]) data, from, to - from);
                }
                buf.limit((to - from) * dtype.size);
                writeFully(ch, buf);
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    static byte[] header(DType dtype, int[] shape) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                dims.append(shape.length == 1 ? "," : ", ");
            }
        }
        String dict = "{'descr': '" + dtype.descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int preamble = MAGIC.length + 2 + 2;
        int total = preamble + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String text = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        buf.put(text.getBytes(StandardCharsets.US_ASCII));
        return buf.array();
    }

    /** Reads a 1-D or 2-D little-endian array written by this class or by numpy. */
    public static Array read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, file);
            pre.flip();
            for (byte b : MAGIC) {
                if (pre.get() != b) {
                    throw new IOException(file + ": not a .npy file (bad magic)");
                }
            }
            int major = pre.get();
            pre.get();
            if (major != 1) {
                throw new IOException(file + ": unsupported .npy version " + major + " (only 1.0 is read)");
            }
            int headerLen = Short.toUnsignedInt(pre.getShort());
            ByteBuffer hb = ByteBuffer.allocate(headerLen);
            readFully(ch, hb, file);
            String header = new String(hb.array(), StandardCharsets.US_ASCII);
            DType dtype = parseDType(file, header);
            Matcher f = FORTRAN.matcher(header);
            if (f.find() && f.group(1).equals("True")) {
                throw new IOException(file + ": Fortran-ordered arrays are not supported");
            }
            int[] shape = parseShape(file, header);
            long count = 1;
            for (int d : shape) {
                count *= d;
            }
            if (count > Integer.MAX_VALUE) {
                throw new IOException(file + ": array too large (" + count + " elements)");
            }
            int n = (int) count;
            long expected = (long) n * dtype.size;
            long available = ch.size() - ch.position();
            if (available != expected) {
                throw new IOException(
                        file + ": truncated or padded data, expected " + expected + " bytes, found " + available);
            }
            ByteBuffer data = ByteBuffer.allocate((int) expected).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, data, file);
            data.flip();
            Object out = switch (dtype) {
                case FLOAT32 -> {
                    float[] a = new float[n];
                    data.asFloatBuffer().get(a);
                    yield a;
                }
                case INT32 -> {
                    int[] a = new int[n];
                    data.asIntBuffer().get(a);
                    yield a;
                }
                case INT64 -> {
                    long[] a = new long[n];
                    data.asLongBuffer().get(a);
                    yield a;
                }
            };
            return new Array(dtype, shape, out);
        }
    }

    private static DType parseDType(Path file, String header) throws IOException {
        Matcher m = DESCR.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": header has no 'descr'");
        }
        for (DType t : DType.values()) {
            if (t.descr.equals(m.group(1))) {
                return t;
            }
        }
        throw new IOException(file + ": unsupported dtype " + m.group(1) + " (expected <f4, <i4 or <i8)");
    }

    private static int[] parseShape(Path file, String header) throws IOException {
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": header has no 'shape'");
        }
        String[] parts = m.group(1).split(",");
        int count = 0;
        int[] dims = new int[parts.length];
        for (String p : parts) {
            if (!p.isBlank()) {
                dims[count++] = Integer.parseInt(p.trim());
            }
        }
        int[] shape = new int[count];
        System.arraycopy(dims, 0, shape, 0, count);
        return shape;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, Path file) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new IOException(file + ": unexpected end of file");
            }
        }
    }
}
