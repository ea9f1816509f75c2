package io.recsys.data.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.artifact.snapshot.SnapshotReader;
import io.recsys.artifact.snapshot.SnapshotWriter;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.data.RefreshEngine;
import io.recsys.data.RefreshInputs;
import io.recsys.data.config.DataConfig;
import io.recsys.data.demo.DemoDataGenerator;
import io.recsys.data.input.RowBatch;
import io.recsys.data.snapshot.InteractionTable;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Benchmark of the data refresh, without the database around it (the stage's own computation and
 * publishing): a full refresh of N generated interactions, then an incremental update of a
 * 100-row batch. Times exclude JVM start; reports peak heap and peak RSS. Run with
 * {@code bench/data-refresh.sh}.
 */
public final class RefreshBenchmark {

    private RefreshBenchmark() {}

    public static void main(String[] args) throws Exception {
        int interactions = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path report = args.length > 2 ? Path.of(args[2]) : null;
        Path home = Files.createTempDirectory("refresh-bench");

        long genStart = System.nanoTime();
        DemoDataGenerator.Spec d = DemoDataGenerator.Spec.ofInteractions(interactions, 42);
        new DemoDataGenerator(
                        new DemoDataGenerator.Spec(interactions, d.users(), d.items(), batch, d.badRowShare(), 42))
                .write(home);
        double genSeconds = (System.nanoTime() - genStart) / 1e9;
        Path staging = home.resolve("staging/new_interactions.csv");
        Path parked = home.resolve("parked.csv");
        Files.move(staging, parked);

        SmallRyeConfig config =
                new SmallRyeConfigBuilder().withMapping(DataConfig.class).build();
        RefreshInputs in = new RefreshInputs(config.getConfigMapping(DataConfig.class), home);
        RefreshEngine engine = new RefreshEngine(in);
        ArtifactStore store = new ArtifactStore(home);
        resetPeaks();

        long t0 = System.nanoTime();
        RowBatch raw = engine.readRaw(Instant.now());
        long tRead = System.nanoTime();
        RefreshEngine.Built full = engine.full(raw, null, null);
        long tBuild = System.nanoTime();
        store.publish(
                "snapshots",
                "full",
                Map.of(),
                dir -> SnapshotWriter.write(dir, full.snapshot().toContent(Map.of())));
        long tFull = System.nanoTime();
        long fullHeapPeak = heapPeak();

        Files.move(parked, staging);
        long i0 = System.nanoTime();
        Path prev = store.area("snapshots").resolve("full");
        store.verify(prev);
        long iVerify = System.nanoTime();
        InteractionTable table =
                InteractionTable.fromRows(SnapshotReader.open(prev).interactions());
        RowBatch batchRows = engine.readStaging(Instant.now());
        long iRead = System.nanoTime();
        RefreshEngine.Outcome outcome =
                engine.incremental(table, full.snapshot().trainableUsers().length, 0, batchRows, null);
        if (!(outcome instanceof RefreshEngine.Built inc)) {
            throw new IllegalStateException("incremental path declined: " + outcome);
        }
        long iBuild = System.nanoTime();
        store.publish(
                "snapshots",
                "incremental",
                Map.of(),
                dir -> SnapshotWriter.write(dir, inc.snapshot().toContent(Map.of())));
        long i1 = System.nanoTime();

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "data-refresh");
        r.put("command", "bench/data-refresh.sh " + interactions + " " + batch);
        r.put("date", Instant.now().toString());
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        r.put("java", System.getProperty("java.version"));
        r.put("interactions_generated", interactions);
        r.put("rows_read", full.rowsRead());
        r.put("rows_rejected", full.rejected().size());
        r.put("trainable_users", full.snapshot().trainableUsers().length);
        r.put("items", full.snapshot().table().itemIds.size());
        r.put("generate_seconds", round(genSeconds));
        r.put("full_read_validate_seconds", round((tRead - t0) / 1e9));
        r.put("full_build_seconds", round((tBuild - tRead) / 1e9));
        r.put("full_publish_seconds", round((tFull - tBuild) / 1e9));
        r.put("full_total_seconds", round((tFull - t0) / 1e9));
        r.put("full_peak_heap_mb", fullHeapPeak / (1024 * 1024));
        r.put("incremental_batch_rows", batchRows.rowsRead());
        r.put("incremental_verify_seconds", round((iVerify - i0) / 1e9));
        r.put("incremental_read_seconds", round((iRead - iVerify) / 1e9));
        r.put("incremental_build_seconds", round((iBuild - iRead) / 1e9));
        r.put("incremental_publish_seconds", round((i1 - iBuild) / 1e9));
        r.put("incremental_total_seconds", round((i1 - i0) / 1e9));
        r.put("peak_heap_mb", heapPeak() / (1024 * 1024));
        r.put("peak_rss_mb", peakRssKb() / 1024);
        r.put("targets", Map.of("full_total_seconds", 10, "peak_heap_mb", 1536, "incremental_total_seconds", 1));
        String json =
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r);
        System.out.println(json);
        if (report != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, json + "\n");
        }
        try (var walk = Files.walk(home)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return -1;
    }
}
