package io.recsys.monitor.cleanup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directories a cleanup leaves empty (the seed removes them), worked out before anything is
 * removed so a dry run can list them. Only directories strictly inside a tree the cleanup prunes:
 * the tree's root itself (a layout directory a stage expects) always stays. Hidden entries (a
 * publish or a write in progress, {@code .tmp-*}) count as content and are never removed. A
 * directory that was already empty stays while it is younger than {@link #MIN_AGE}: a stage may
 * just have created it to write into.
 */
final class EmptyDirectories {
    static final Duration MIN_AGE = Duration.ofHours(1);

    private EmptyDirectories() {}

    /**
     * Adds to {@code out}, deepest first, the directories below {@code root} that are empty or
     * hold nothing but {@code gone} (paths the cleanup removes) and such directories.
     */
    static void plan(Path root, Set<Path> gone, Instant now, List<Path> out) throws IOException {
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> children = Files.list(root)) {
                for (Path child : children.sorted().toList()) {
                    if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
                            && !hidden(child)
                            && !gone.contains(child)) {
                        visit(child, gone, now, out);
                    }
                }
            }
        }
    }

    /** Whether {@code dir} goes; its removable subdirectories are added first. */
    private static boolean visit(Path dir, Set<Path> gone, Instant now, List<Path> out) throws IOException {
        boolean empty = true;
        boolean hadContent = false;
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.sorted().toList()) {
                hadContent = true;
                if (gone.contains(child)) {
                    continue;
                }
                boolean childGoes = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
                        && !hidden(child)
                        && visit(child, gone, now, out);
                empty &= childGoes;
            }
        }
        if (!empty) {
            return false;
        }
        if (!hadContent && Files.getLastModifiedTime(dir).toInstant().isAfter(now.minus(MIN_AGE))) {
            return false;
        }
        out.add(dir);
        return true;
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }
}
