package io.recsys.data.input;

import io.recsys.core.csv.CsvLayout;
import io.recsys.core.csv.CsvRecords;
import io.recsys.core.csv.InputFailure;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/** The product ids of the catalogue file (names are for the embedding stage). */
public record ProductCatalog(Set<String> productIds, long rows, long rowsWithoutId) {

    public static ProductCatalog read(CsvLayout layout, String idColumn) throws InputFailure, IOException {
        Set<String> ids = new HashSet<>();
        long[] rows = new long[2];
        int[] idx = new int[1];
        CsvRecords.read(
                layout, header -> idx[0] = CsvRecords.column(layout, header, idColumn, "product id"), (r, line) -> {
                    rows[0]++;
                    String id = r.size() > idx[0] ? r.get(idx[0]).trim() : "";
                    if (id.isEmpty()) {
                        rows[1]++;
                    } else {
                        ids.add(id);
                    }
                });
        return new ProductCatalog(ids, rows[0], rows[1]);
    }
}
