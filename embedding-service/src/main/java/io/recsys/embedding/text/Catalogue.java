package io.recsys.embedding.text;

import io.recsys.core.csv.CsvLayout;
import io.recsys.core.csv.CsvRecords;
import io.recsys.core.csv.InputFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The product texts of a catalogue file: per row, the configured text columns joined with the
 * separator, empty ones left out. A row without an id, a repeated id or a row with no text at all
 * is rejected with its line, field and reason (the first of a repeated id is kept).
 */
public record Catalogue(List<ProductText> products, List<RejectedProduct> rejected) {

    public static Catalogue read(CsvLayout layout, String idColumn, List<String> textColumns, String separator)
            throws InputFailure, IOException {
        List<ProductText> products = new ArrayList<>();
        List<RejectedProduct> rejected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int[] idIndex = new int[1];
        int[] textIndex = new int[textColumns.size()];
        String file = layout.fileName();
        CsvRecords.read(
                layout,
                header -> {
                    idIndex[0] = CsvRecords.column(layout, header, idColumn, "product id");
                    for (int c = 0; c < textColumns.size(); c++) {
                        textIndex[c] = CsvRecords.column(layout, header, textColumns.get(c), "product text");
                    }
                },
                (record, line) -> {
                    String id =
                            record.size() > idIndex[0] ? record.get(idIndex[0]).trim() : "";
                    if (id.isEmpty()) {
                        rejected.add(new RejectedProduct(file, line, idColumn, "missing product id", ""));
                        return;
                    }
                    if (!seen.add(id)) {
                        rejected.add(
                                new RejectedProduct(file, line, idColumn, "product id repeated (first row kept)", id));
                        return;
                    }
                    StringBuilder text = new StringBuilder();
                    for (int index : textIndex) {
                        String v = record.size() > index ? record.get(index).trim() : "";
                        if (!v.isEmpty()) {
                            if (text.length() > 0) {
                                text.append(separator);
                            }
                            text.append(v);
                        }
                    }
                    if (text.length() == 0) {
                        rejected.add(new RejectedProduct(
                                file, line, String.join("|", textColumns), "no text to encode", id));
                        return;
                    }
                    products.add(ProductText.of(id, text.toString()));
                });
        return new Catalogue(List.copyOf(products), List.copyOf(rejected));
    }
}
