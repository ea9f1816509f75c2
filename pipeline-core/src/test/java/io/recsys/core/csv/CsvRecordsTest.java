package io.recsys.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each record's original text and start line, however the file breaks its lines or encodes its text. */
class CsvRecordsTest {
    @TempDir
    Path dir;

    @Test
    void everyRecordKeepsItsOriginalTextAndTheLineItStartsOnAndTextsReadsThemBack() throws Exception {
        Path file = dir.resolve("items.csv");
        // CRLF, an empty line, a quoted field over two lines with doubled quotes, Latin-1 text, no final newline
        String content = "id,name\r\n1,\"Caf\u00e9, \"\"cr\u00e8me\"\"\"\r\n\r\n2,\"two\r\nlines\"\r\n3,plain";
        Files.write(file, content.getBytes(StandardCharsets.ISO_8859_1));
        CsvLayout layout = CsvLayout.of(file, ",", "\"", true, "ISO-8859-1", "test");
        List<String> texts = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        List<long[]> spans = new ArrayList<>();
        CsvRecords.readRows(layout, header -> {}, row -> {
            texts.add(row.rawText());
            lines.add(row.line());
            spans.add(new long[] {row.charStart(), row.charLength()});
        });
        assertThat(texts).containsExactly("1,\"Caf\u00e9, \"\"cr\u00e8me\"\"\"", "2,\"two\r\nlines\"", "3,plain");
        assertThat(lines).containsExactly(2L, 4L, 6L);

        long[] starts = spans.stream().mapToLong(s -> s[0]).toArray();
        int[] lengths = spans.stream().mapToInt(s -> (int) s[1]).toArray();
        assertThat(CsvRecords.texts(layout, starts, lengths)).containsExactlyElementsOf(texts);
    }
}
