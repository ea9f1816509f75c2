package io.recsys.math.io;

import io.recsys.math.CsrMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Gowalla split of NGCF/LightGCN: the two train parts and test.txt, in one shape. */
public record GowallaSplit(CsrMatrix train, CsrMatrix test) {

    public static GowallaSplit load(Path dir) throws IOException {
        List<Path> trainFiles =
                List.of(dir.resolve("train_reconstructed.part1.txt"), dir.resolve("train_reconstructed.part2.txt"));
        List<Path> testFiles = List.of(dir.resolve("test.txt"));
        List<Path> all = new ArrayList<>(trainFiles);
        all.addAll(testFiles);
        int[] shape = AdjacencyLists.shape(all);
        return new GowallaSplit(
                AdjacencyLists.read(trainFiles, shape[0], shape[1]),
                AdjacencyLists.read(testFiles, shape[0], shape[1]));
    }
}
