package io.recsys.math.io;

import io.recsys.math.CsrMatrix;
import io.recsys.math.IntList;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the "user item item ..." adjacency-list format of the NGCF/LightGCN benchmark splits
 * (0-based ids, one user per line, binary feedback) into a CSR matrix of ones.
 */
public final class AdjacencyLists {
    private AdjacencyLists() {}

    public static CsrMatrix read(List<Path> files, int users, int items) throws IOException {
        IntList rows = new IntList(1 << 20);
        IntList cols = new IntList(1 << 20);
        for (Path file : files) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
                String line;
                long lineNo = 0;
                while ((line = r.readLine()) != null) {
                    lineNo++;
                    String[] parts = line.trim().split("\\s+");
                    if (parts.length == 0 || parts[0].isEmpty()) {
                        continue;
                    }
                    try {
                        int u = Integer.parseInt(parts[0]);
                        for (int p = 1; p < parts.length; p++) {
                            rows.add(u);
                            cols.add(Integer.parseInt(parts[p]));
                        }
                    } catch (NumberFormatException e) {
                        throw new IOException(file + ", line " + lineNo + ": not a list of integer ids");
                    }
                }
            }
        }
        float[] ones = new float[rows.size()];
        java.util.Arrays.fill(ones, 1f);
        return CsrMatrix.fromTriples(users, items, rows.toArray(), cols.toArray(), ones);
    }

    /** Largest user and item id + 1 over the files: the matrix shape. */
    public static int[] shape(List<Path> files) throws IOException {
        int users = 0;
        int items = 0;
        for (Path file : files) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] parts = line.trim().split("\\s+");
                    if (parts.length == 0 || parts[0].isEmpty()) {
                        continue;
                    }
                    users = Math.max(users, Integer.parseInt(parts[0]) + 1);
                    for (int p = 1; p < parts.length; p++) {
                        items = Math.max(items, Integer.parseInt(parts[p]) + 1);
                    }
                }
            }
        }
        return new int[] {users, items};
    }
}
