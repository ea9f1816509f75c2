package io.recsys.embedding;

import io.recsys.artifact.embedding.EmbeddingSet;
import io.recsys.artifact.embedding.EmbeddingSetReader;
import io.recsys.artifact.embedding.EmbeddingSetWriter;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.chain.ChainSignal;
import io.recsys.core.csv.CsvLayout;
import io.recsys.core.stage.CachedStage;
import io.recsys.core.stage.ConfigurationError;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageFailure;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageResult;
import io.recsys.embedding.config.EmbeddingConfig;
import io.recsys.embedding.encode.BundledModel;
import io.recsys.embedding.encode.TextEncoder;
import io.recsys.embedding.text.Catalogue;
import io.recsys.embedding.text.ProductText;
import io.recsys.embedding.text.RejectedProduct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.jboss.logging.Logger;

/**
 * Weekly embeddings refresh: every product text of the catalogue encoded by a sentence transformer
 * (DJL on ONNX Runtime) into one L2-normalised vector, published as an embedding set
 * ({@code embeddings/<id>/}: {@code item_ids.json}, {@code embeddings.npy}, per-product text hashes,
 * a card, rejected rows) and pointed to by the {@code embedding-set/current} alias, which training
 * initialises cold items from.
 *
 * <p>Skips when the current set was made from the same catalogue file, model and reading settings,
 * or when the catalogue file changed but no product id or text did, whatever the set's age: the
 * same inputs give the same vectors, and a new set id for them would only make training retrain
 * (the seed skips on an age of under 7 days, which on a weekly schedule depends on start-time
 * jitter, and would leave a week of new products without vectors). The first is the runner's skip
 * rule ({@link CachedStage}); the second, which needs the catalogue read, is the stage's own.
 * Otherwise only products whose text changed are encoded; the others keep their vectors
 * ({@code --full} or {@code --force} encodes everything).
 */
@ApplicationScoped
public class EmbeddingStage implements CachedStage<EmbeddingInputs, ArtifactRecord> {
    public static final String NAME = "embeddings";
    public static final ArtifactKind KIND = ArtifactKind.EMBEDDING_SET;
    public static final String AREA = "embeddings";
    private static final Logger LOG = Logger.getLogger(EmbeddingStage.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final EmbeddingConfig config;
    private final ArtifactStore store;
    private final ArtifactRegistry artifacts;

    public EmbeddingStage(EmbeddingConfig config, ArtifactStore store, ArtifactRegistry artifacts) {
        this.config = config;
        this.store = store;
        this.artifacts = artifacts;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A dry run encodes nothing and publishes nothing. */
    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public List<StageOption> options() {
        return List.of(StageOption.flag("full", "encode every product again instead of only changed texts"));
    }

    @Override
    public Optional<ArtifactRecord> current(StageContext ctx) throws Exception {
        return artifacts.resolve(KIND, ArtifactKind.CURRENT);
    }

    @Override
    public EmbeddingInputs inputs(StageContext ctx, Optional<ArtifactRecord> current) throws Exception {
        EmbeddingConfig.Products p = config.products();
        Path file = catalogueFile(ctx.home());
        if (!Files.isRegularFile(file)) {
            throw new StageFailure(
                    "product catalogue not found at " + file.toAbsolutePath() + " (embedding.products.file)");
        }
        return new EmbeddingInputs(
                file,
                ArtifactStore.sha256(file),
                config.model().name(),
                modelSha256(),
                p.idColumn(),
                p.textColumns(),
                p.delimiter() + " " + p.quote() + " " + p.header() + " " + p.encoding(),
                p.separator(),
                config.model().pooling().djlName(),
                config.model().maxLength());
    }

    /**
     * Unchanged catalogue file, model and reading settings: the same vectors, whatever the set's age
     * (an age rule on the stage's own weekly cadence would re-encode or not by start-time jitter).
     */
    @Override
    public boolean unchanged(EmbeddingInputs inputs, ArtifactRecord current) {
        return inputs.asLedgerMap().equals(current.inputVersions());
    }

    @Override
    public boolean stillValid(StageContext ctx, EmbeddingInputs inputs, ArtifactRecord current) {
        return verifies(current);
    }

    @Override
    public String skipMessage(StageContext ctx, EmbeddingInputs inputs, ArtifactRecord current) {
        return skipPrefix(ctx) + "embedding set " + current.id() + " is current: the catalogue, the model"
                + " and the reading settings are unchanged (created " + current.createdAt() + ")";
    }

    /** Named steps: read the catalogue, skip when no text changed, encode what changed, assemble, publish. */
    @Override
    public StageResult execute(StageContext ctx, EmbeddingInputs in, Optional<ArtifactRecord> current)
            throws Exception {
        Map<String, Object> inputs = in.asLedgerMap();
        Catalogue catalogue = readCatalogue(in.productsFile());
        Optional<StageResult> sameTexts = skipWhenNoTextChanged(ctx, in, current, catalogue);
        if (sameTexts.isPresent()) {
            return sameTexts.get();
        }
        Map<String, float[]> reusable = ctx.force()
                        || ctx.options().flag("full")
                        || current.isEmpty()
                        || !in.sameEncoding(current.get().inputVersions())
                ? Map.of()
                : reusableVectors(current.get(), catalogue.products());
        List<ProductText> toEncode = catalogue.products().stream()
                .filter(t -> !reusable.containsKey(t.productId()))
                .toList();
        if (ctx.dryRun()) {
            return StageResult.succeeded(
                    "dry run: would encode " + toEncode.size() + " of "
                            + catalogue.products().size() + " products (" + reusable.size() + " unchanged, "
                            + catalogue.rejected().size() + " rows rejected); nothing written",
                    inputs,
                    Map.of(
                            "products",
                            catalogue.products().size(),
                            "to_encode",
                            toEncode.size(),
                            "reused",
                            reusable.size(),
                            "rejected",
                            catalogue.rejected().size()),
                    Map.of());
        }

        long started = System.nanoTime();
        // Unpacked only now: a skip or a dry run leaves the volume alone.
        Map<String, float[]> encoded = encode(ctx, modelDirectory(ctx.home()), toEncode);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<ProductText> products = catalogue.products();
        Assembled table = assemble(products, encoded, reusable);
        String id = ID_TIME.format(Instant.now()) + "-" + ctx.runId().toString().substring(0, 8);
        Path dir = publish(ctx, id, in, inputs, catalogue, table, encoded.size(), reusable.size());
        LOG.infof(
                "embedding set %s: %d products, %d encoded in %.1f s, %d reused, %d rejected",
                id,
                products.size(),
                encoded.size(),
                seconds,
                reusable.size(),
                catalogue.rejected().size());

        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("embedding_set", id);
        outputs.put("path", dir.toString());
        outputs.put("products", products.size());
        outputs.put("dimension", table.dimension());
        outputs.put("encoded", encoded.size());
        outputs.put("reused", reusable.size());
        outputs.put("rejected", catalogue.rejected().size());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("encode_seconds", seconds);
        metrics.put("texts_per_second", encoded.isEmpty() ? 0.0 : encoded.size() / Math.max(seconds, 1e-9));
        return StageResult.succeeded(
                        "embedding set " + id + ": " + products.size() + " products (" + encoded.size() + " encoded, "
                                + reusable.size() + " unchanged, "
                                + catalogue.rejected().size() + " rows rejected)",
                        inputs,
                        outputs,
                        metrics)
                .signalling(ChainSignal.EMBEDDINGS_PUBLISHED);
    }

    /** The catalogue's products with text, and the rows rejected with their reason; none with text fails. */
    private Catalogue readCatalogue(Path file) throws Exception {
        EmbeddingConfig.Products p = config.products();
        CsvLayout layout;
        try {
            layout = p.layout(file, "embedding.products");
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError(e.getMessage());
        }
        Catalogue catalogue = Catalogue.read(layout, p.idColumn(), p.textColumns(), p.separator());
        if (catalogue.products().isEmpty()) {
            throw new StageFailure(
                    file.getFileName() + ": no product has text to encode ("
                            + catalogue.rejected().size() + " rows rejected)",
                    describe(catalogue.rejected()));
        }
        return catalogue;
    }

    /** The file changed (a price, a stock column) but no product id or text did: still the same vectors. */
    private Optional<StageResult> skipWhenNoTextChanged(
            StageContext ctx, EmbeddingInputs in, Optional<ArtifactRecord> current, Catalogue catalogue) {
        if (current.isEmpty()
                || ctx.force()
                || !in.sameEncoding(current.get().inputVersions())
                || !sameTexts(current.get(), catalogue.products())
                || !verifies(current.get())) {
            return Optional.empty();
        }
        List<RejectedProduct> rejected = catalogue.rejected();
        String sample = rejected.isEmpty()
                ? ""
                : ": " + String.join("; ", describe(rejected.subList(0, Math.min(3, rejected.size()))));
        return Optional.of(StageResult.skipped(
                skipPrefix(ctx) + "embedding set " + current.get().id() + " is current: "
                        + in.productsFile().getFileName() + " changed, but no product id or text did ("
                        + catalogue.products().size() + " products, " + rejected.size() + " rows rejected" + sample
                        + ")",
                in.asLedgerMap()));
    }

    /** One row per product, in catalogue order: its new vector, or its old one when its text is unchanged. */
    private record Assembled(List<String> ids, List<String> hashes, float[] matrix, int dimension) {}

    private static Assembled assemble(
            List<ProductText> products, Map<String, float[]> encoded, Map<String, float[]> reusable)
            throws StageFailure {
        int dim = (encoded.isEmpty() ? reusable : encoded).values().iterator().next().length;
        if ((long) products.size() * dim > Integer.MAX_VALUE - 8) {
            throw new StageFailure(products.size() + " products × " + dim + " dimensions do not fit one table;"
                    + " split the catalogue");
        }
        float[] matrix = new float[products.size() * dim];
        List<String> ids = new ArrayList<>(products.size());
        List<String> hashes = new ArrayList<>(products.size());
        for (int r = 0; r < products.size(); r++) {
            ProductText t = products.get(r);
            float[] v = encoded.containsKey(t.productId()) ? encoded.get(t.productId()) : reusable.get(t.productId());
            if (v.length != dim) {
                throw new StageFailure(
                        "product " + t.productId() + " got a " + v.length + "-d vector, the others " + dim + "-d");
            }
            System.arraycopy(v, 0, matrix, r * dim, dim);
            ids.add(t.productId());
            hashes.add(t.textSha256());
        }
        return new Assembled(ids, hashes, matrix, dim);
    }

    /** Writes the set (with its card and rejected rows), registers it and points {@code current} at it. */
    private Path publish(
            StageContext ctx,
            String id,
            EmbeddingInputs in,
            Map<String, Object> inputs,
            Catalogue catalogue,
            Assembled table,
            int encoded,
            int reused)
            throws Exception {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("id", id);
        card.put("model", config.model().name());
        card.put("dimension", table.dimension());
        card.put("pooling", config.model().pooling().djlName());
        card.put("normalized", true);
        card.put("max_length", config.model().maxLength());
        card.put("products", table.ids().size());
        card.put("encoded", encoded);
        card.put("reused", reused);
        card.put("rejected", catalogue.rejected().size());
        card.put("source", in.productsFile().getFileName().toString());
        card.put("created_at", Instant.now().toString());
        EmbeddingSet set = new EmbeddingSet(table.ids(), table.hashes(), table.matrix(), table.dimension(), card);
        var manifest = store.publish(AREA, id, Map.of("run_id", ctx.runId().toString()), dir -> {
            EmbeddingSetWriter.write(dir, set);
            if (!catalogue.rejected().isEmpty()) {
                writeRejected(EmbeddingSetWriter.rejectedRowsFile(dir), catalogue.rejected());
            }
        });
        Path dir = store.area(AREA).resolve(id);
        Map<String, Object> summary = new LinkedHashMap<>(card);
        summary.remove("id");
        try {
            artifacts.registerAndPoint(
                    new ArtifactRecord(
                            KIND,
                            id,
                            dir.toString(),
                            store.manifestDigest(dir),
                            manifest.createdAt(),
                            ctx.runId(),
                            inputs,
                            summary),
                    ArtifactKind.CURRENT);
        } catch (Exception e) {
            deleteUnregistered(dir); // cleanup only sees registered sets: do not leave this one behind
            throw e;
        }
        return dir;
    }

    private Path catalogueFile(Path home) {
        Path file = Path.of(config.products().file());
        return file.isAbsolute()
                ? file
                : config.products().rawDir().orElse(home.resolve("raw")).resolve(file);
    }

    /** The digest of the model's weights: the configured file, or the bundled resource read in place. */
    private String modelSha256() throws IOException, ConfigurationError {
        if (config.model().dir().isPresent()) {
            return ArtifactStore.sha256(
                    checkedModelDir(config.model().dir().get()).resolve("model.onnx"));
        }
        return BundledModel.sha256();
    }

    private static Path checkedModelDir(Path dir) throws ConfigurationError {
        for (String f : List.of("model.onnx", "tokenizer.json")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new ConfigurationError("embedding.model.dir: " + dir + " has no " + f);
            }
        }
        return dir;
    }

    private Path modelDirectory(Path home) throws IOException, ConfigurationError {
        if (config.model().dir().isPresent()) {
            return checkedModelDir(config.model().dir().get());
        }
        return BundledModel.unpack(home.resolve("cache").resolve("models"));
    }

    private static String skipPrefix(StageContext ctx) {
        return ctx.dryRun() ? "dry run: would skip: " : "";
    }

    private boolean verifies(ArtifactRecord set) {
        try {
            store.verify(Path.of(set.path()));
            return true;
        } catch (IOException e) {
            LOG.warnf("embedding set %s does not verify (%s); building a new one", set.id(), e.getMessage());
            return false;
        }
    }

    /** Whether the set holds exactly these products, in this order, with these texts. */
    private boolean sameTexts(ArtifactRecord set, List<ProductText> products) {
        Path dir = Path.of(set.path());
        try {
            EmbeddingSet.Texts texts = EmbeddingSetReader.readTexts(dir);
            return texts.itemIds()
                            .equals(products.stream()
                                    .map(ProductText::productId)
                                    .toList())
                    && texts.textSha256()
                            .equals(products.stream()
                                    .map(ProductText::textSha256)
                                    .toList());
        } catch (IOException e) {
            return false; // unreadable: rebuilt, and reusableVectors says why
        }
    }

    /** The current set's vectors of products whose text is unchanged; none when the set does not verify. */
    private Map<String, float[]> reusableVectors(ArtifactRecord current, List<ProductText> products) {
        Path dir = Path.of(current.path());
        try {
            store.verify(dir);
            EmbeddingSet set = EmbeddingSetReader.read(dir);
            Map<String, Integer> rowOf = new HashMap<>();
            for (int r = 0; r < set.size(); r++) {
                rowOf.put(set.itemIds().get(r), r);
            }
            Map<String, float[]> out = new HashMap<>();
            for (ProductText t : products) {
                Integer r = rowOf.get(t.productId());
                if (r != null && set.textSha256().get(r).equals(t.textSha256())) {
                    out.put(t.productId(), set.vector(r));
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("embedding set %s cannot be reused (%s); encoding every product", current.id(), e.toString());
            return Map.of();
        }
    }

    private Map<String, float[]> encode(StageContext ctx, Path modelDir, List<ProductText> texts) throws Exception {
        Map<String, float[]> out = new HashMap<>();
        if (texts.isEmpty()) {
            return out;
        }
        EmbeddingConfig.Model m = config.model();
        TextEncoder.prepareEnvironment(ctx.home().resolve("cache").resolve("djl"));
        try (TextEncoder encoder =
                TextEncoder.load(modelDir, m.pooling().djlName(), m.maxLength(), m.batchSize(), m.threads())) {
            float[][] vectors =
                    encoder.encodeAll(texts.stream().map(ProductText::text).toList(), done -> {
                        ctx.checkAlive();
                        if (done > 0 && (done / m.batchSize()) % 20 == 0) {
                            LOG.infof("encoded %d of %d product texts", done, texts.size());
                        }
                    });
            for (int i = 0; i < texts.size(); i++) {
                for (float x : vectors[i]) {
                    if (!Float.isFinite(x)) {
                        throw new StageFailure(
                                "the model gave product " + texts.get(i).productId() + " a non-finite vector");
                    }
                }
                out.put(texts.get(i).productId(), vectors[i]);
            }
        }
        return out;
    }

    private static void deleteUnregistered(Path dir) {
        try {
            ArtifactStore.discard(dir);
        } catch (IOException e) {
            LOG.warnf("could not remove unregistered embedding set %s: %s", dir, e.toString());
        }
    }

    private static List<String> describe(List<RejectedProduct> rejected) {
        return rejected.stream()
                .limit(20)
                .map(r -> r.file() + ", line " + r.line() + ", " + r.field() + ": " + r.reason())
                .toList();
    }

    /** The rejected rows, as CSV (text quoted, line numbers bare), for people to open. */
    private static void writeRejected(Path file, List<RejectedProduct> rejected) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader("file", "line", "field", "reason", "value")
                .setQuoteMode(QuoteMode.NON_NUMERIC)
                .setRecordSeparator('\n')
                .get();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter out = new CSVPrinter(w, format)) {
            for (RejectedProduct r : rejected) {
                out.printRecord(r.file(), r.line(), r.field(), r.reason(), r.value());
            }
        }
    }
}
