package io.recsys.core.artifact;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Artifacts under one root ({@code RECSYS_HOME}), published atomically: files are written into a
 * hidden temporary sibling, fsynced, described by {@code manifest.json} (size and SHA-256 of every
 * file, plus provenance), then the directory is renamed into place. A reader never sees half an
 * artifact; a crash leaves only a hidden {@code .tmp-*} directory, removed by the next publish.
 */
public final class ArtifactStore {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String TMP_PREFIX = ".tmp-";

    private final Path root;
    private final ObjectMapper json;

    public ArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    public Path root() {
        return root;
    }

    public Path area(String area) {
        return root.resolve(checkId(area));
    }

    /** Writes the files of one artifact. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(Path directory) throws IOException;
    }

    /**
     * Publishes {@code area/id}. Fails if it already exists: artifacts are immutable.
     *
     * @return the manifest of the published artifact
     */
    public Manifest publish(String area, String id, Map<String, Object> provenance, ContentWriter writer)
            throws IOException {
        Path areaDir = area(area);
        Files.createDirectories(areaDir);
        Path target = areaDir.resolve(checkId(id));
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target + " already exists; artifacts are immutable");
        }
        removeLeftovers(areaDir);
        Path tmp = areaDir.resolve(TMP_PREFIX + id + "-" + UUID.randomUUID());
        Files.createDirectory(tmp);
        try {
            writer.writeTo(tmp);
            List<Manifest.Entry> entries = new ArrayList<>();
            try (Stream<Path> files = Files.walk(tmp)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    String rel = tmp.relativize(f).toString().replace('\\', '/');
                    if (rel.equals(Manifest.FILE_NAME)) {
                        throw new IOException("a stage must not write " + Manifest.FILE_NAME + " itself");
                    }
                    AtomicFiles.fsync(f);
                    entries.add(new Manifest.Entry(rel, Files.size(f), sha256(f)));
                }
            }
            Manifest manifest = new Manifest(id, area, Instant.now(), provenance, entries);
            Path manifestFile = tmp.resolve(Manifest.FILE_NAME);
            Files.write(manifestFile, json.writeValueAsBytes(manifest));
            AtomicFiles.fsync(manifestFile);
            AtomicFiles.fsyncDirectory(tmp);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.fsyncDirectory(areaDir);
            return manifest;
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    /** Reads the manifest and checks every file's size and SHA-256 against it. */
    public Manifest verify(Path artifactDir) throws IOException {
        Path manifestFile = artifactDir.resolve(Manifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            throw new ArtifactVerificationException(
                    artifactDir + ": no " + Manifest.FILE_NAME + " (not a published artifact, or an unfinished one)");
        }
        Manifest manifest = readManifest(artifactDir);
        for (Manifest.Entry e : manifest.files()) {
            Path f = artifactDir.resolve(e.path());
            if (!Files.isRegularFile(f)) {
                throw new ArtifactVerificationException(
                        artifactDir + ": file " + e.path() + " listed in the manifest is missing");
            }
            long size = Files.size(f);
            if (size != e.size()) {
                throw new ArtifactVerificationException(
                        artifactDir + ": file " + e.path() + " has " + size + " bytes, manifest says " + e.size());
            }
            String sha = sha256(f);
            if (!sha.equals(e.sha256())) {
                throw new ArtifactVerificationException(artifactDir + ": file " + e.path()
                        + " does not match its SHA-256 in the manifest (altered or corrupted)");
            }
        }
        return manifest;
    }

    public Manifest readManifest(Path artifactDir) throws IOException {
        return json.readValue(artifactDir.resolve(Manifest.FILE_NAME).toFile(), Manifest.class);
    }

    /** SHA-256 of the manifest file itself: one fingerprint for the whole artifact. */
    public String manifestDigest(Path artifactDir) throws IOException {
        return sha256(artifactDir.resolve(Manifest.FILE_NAME));
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            while (in.read(buf) >= 0) {
                // the digest stream does the work
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private void removeLeftovers(Path areaDir) throws IOException {
        try (Stream<Path> entries = Files.list(areaDir)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(TMP_PREFIX))
                    .toList()) {
                // Another publish may be writing right now only if it holds the stage lease; we do.
                deleteTree(p);
            }
        }
    }

    /**
     * Removes an artifact directory: renamed to a hidden sibling first (one atomic step), then
     * deleted, so a half-deleted artifact is never visible under its name. Absent: nothing to do.
     */
    public static void discard(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Path hidden = dir.resolveSibling(".deleting-" + dir.getFileName() + "-" + UUID.randomUUID());
        AtomicFiles.move(dir, hidden);
        deleteTree(hidden);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String checkId(String id) {
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid artifact name '" + id
                    + "': use letters, digits, '.', '_' and '-', not starting with a dot");
        }
        return id;
    }
}
