package io.recsys.embedding.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.core.csv.CsvLayout;
import io.recsys.embedding.encode.BundledModel;
import io.recsys.embedding.encode.TextEncoder;
import io.recsys.embedding.text.Catalogue;
import io.recsys.embedding.text.ProductText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Encoding throughput of the embeddings stage's model (all-MiniLM-L6-v2 on ONNX Runtime) on a real
 * catalogue: MovieLens 100K's 1,682 titles, per batch size, after one warm-up pass. Run with
 * {@code bench/embeddings.sh}; key=value arguments override the defaults.
 */
public final class EmbeddingBenchmark {
    private EmbeddingBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("items", "../shared/datasets/ml-100k/u.item");
        o.put("batches", "1,8,32,64");
        o.put("by-length", "true"); // batches of similar length, as the stage encodes them
        o.put("threads", "2");
        o.put("report", "bench/results/embeddings.json");
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1 || !o.containsKey(a.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument " + a + "; known: " + o.keySet());
            }
            o.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Path work = Files.createTempDirectory("embedding-bench");
        TextEncoder.prepareEnvironment(work.resolve("djl"));
        Path model = BundledModel.unpack(work.resolve("models"));
        CsvLayout layout = CsvLayout.of(Path.of(o.get("items")), "|", "none", false, "ISO-8859-1", "bench");
        List<String> texts = Catalogue.read(layout, "0", List.of("1"), " [SEP] ").products().stream()
                .map(ProductText::text)
                .toList();
        int threads = Integer.parseInt(o.get("threads"));
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String b : o.get("batches").split(",")) {
            int batch = Integer.parseInt(b.trim());
            try (TextEncoder encoder = TextEncoder.load(model, "mean", 256, batch, threads)) {
                boolean byLength = Boolean.parseBoolean(o.get("by-length"));
                encodeAll(encoder, texts, batch, byLength); // warm-up
                long t = System.nanoTime();
                encodeAll(encoder, texts, batch, byLength);
                double seconds = (System.nanoTime() - t) / 1e9;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("batch_size", batch);
                r.put("batches_by_length", byLength);
                r.put("texts", texts.size());
                r.put("seconds", seconds);
                r.put("texts_per_second", texts.size() / seconds);
                runs.add(r);
                System.out.printf(
                        Locale.ROOT,
                        "batch %3d: %d texts in %.2f s, %.0f texts/s%n",
                        batch,
                        texts.size(),
                        seconds,
                        texts.size() / seconds);
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "embeddings");
        report.put("command", "bench/embeddings.sh " + String.join(" ", args));
        report.put("date", Instant.now().toString());
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("model", "sentence-transformers/all-MiniLM-L6-v2 (ONNX, DJL 0.35.1, mean pooling, normalised)");
        report.put("catalogue", "MovieLens 100K titles (" + texts.size() + ")");
        report.put("settings", o);
        report.put("runs", runs);
        String text =
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        Path out = Path.of(o.get("report"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, text + "\n");
        System.out.println(text);
    }

    private static void encodeAll(TextEncoder encoder, List<String> texts, int batch, boolean byLength)
            throws Exception {
        if (byLength) {
            encoder.encodeAll(texts, done -> {});
            return;
        }
        for (int from = 0; from < texts.size(); from += batch) {
            encoder.encode(texts.subList(from, Math.min(texts.size(), from + batch)));
        }
    }
}
