package io.recsys.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.artifact.ArtifactStore;
import io.recsys.math.Factors;
import io.recsys.math.als.ImplicitAls;
import io.recsys.math.bpr.Bpr;
import io.recsys.training.data.TrainingData;
import io.recsys.training.data.ValidationSplit;
import io.recsys.training.model.AlsModel;
import io.recsys.training.model.BprModel;
import io.recsys.training.model.Checkpoints;
import io.recsys.training.model.EarlyStopping;
import io.recsys.training.model.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoopTest {
    @TempDir
    Path home;

    private TrainingData data() throws Exception {
        Path dir = Files.createDirectories(home.resolve("snapshot"));
        PlantedSnapshot.write(dir, 3);
        return TrainingData.load(dir, "snap");
    }

    private static AlsModel als(TrainingData d) {
        return new AlsModel(
                new ImplicitAls.Params(6, 0.1, 5, ImplicitAls.Solver.CONJUGATE_GRADIENT, 3, false, 9, 2),
                d.confidence(),
                Factors.random(d.userIds().size(), 6, 0.01, 9),
                Factors.random(d.itemIds().size(), 6, 0.01, 10));
    }

    @Test
    void resumingFromACheckpointEndsWithTheSameFactorsAsAnUninterruptedRun() throws Exception {
        TrainingData d = data();
        TrainingLoop loop = new TrainingLoop(2);
        TrainingLoop.Outcome straight;
        try (AlsModel m = als(d)) {
            straight = loop.run(m, 7, null, null, null, 0, r -> {}, () -> true);
        }
        // A run that dies after iteration 4 (checkpoints every 2), then a fresh process resumes.
        ArtifactStore store = new ArtifactStore(home);
        Checkpoints checkpoints = new Checkpoints(store, "snap.als.test", 3);
        List<Integer> seen = new ArrayList<>();
        try (AlsModel m = als(d)) {
            loop.run(
                    m,
                    7,
                    null,
                    null,
                    checkpoints,
                    2,
                    r -> {
                        seen.add(r.iteration());
                        if (r.iteration() == 5) {
                            throw new IllegalStateException("killed");
                        }
                    },
                    () -> true);
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("killed");
        }
        assertThat(seen).containsExactly(1, 2, 3, 4, 5);
        TrainingLoop.Outcome resumed;
        try (AlsModel m = als(d)) {
            resumed = loop.run(m, 7, null, null, checkpoints, 2, r -> {}, () -> true);
        }
        assertThat(resumed.resumedFrom()).isEqualTo(4);
        assertThat(resumed.history())
                .extracting(TrainingLoop.IterationRecord::iteration)
                .containsExactly(5, 6, 7);
        assertThat(resumed.users()).isEqualTo(straight.users());
        assertThat(resumed.items()).isEqualTo(straight.items());
    }

    @Test
    void onlyTheLastCheckpointsAreKept() throws Exception {
        TrainingData d = data();
        Checkpoints checkpoints = new Checkpoints(new ArtifactStore(home), "snap.als.keep", 3);
        try (AlsModel m = als(d)) {
            new TrainingLoop(2).run(m, 12, null, null, checkpoints, 2, r -> {}, () -> true);
        }
        try (Stream<Path> s = Files.list(home.resolve("checkpoints"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly(
                            "snap.als.keep.iter-00006", "snap.als.keep.iter-00008", "snap.als.keep.iter-00010");
        }
    }

    @Test
    void earlyStoppingKeepsTheBestFactorsAndStopsAfterPatience() throws Exception {
        TrainingData d = data();
        ValidationSplit split = ValidationSplit.carve(d, 0.2, 1);
        assertThat(split.validation().nnz()).isPositive();
        assertThat(split.binary().nnz() + split.validation().nnz())
                .isEqualTo(d.binary().nnz());
        // Without regularisation BPR overfits this small data: the loop must stop and keep the best epoch.
        EarlyStopping es = new EarlyStopping(2, 0.0);
        TrainingLoop.Outcome o;
        try (BprModel m = new BprModel(
                new Bpr.Params(6, 0.05, 0.0, 0.3, 4, 1),
                split.binary(),
                split.hardNegatives(),
                Bpr.withBiasColumn(Factors.random(d.userIds().size(), 7, 0.01, 4)),
                Factors.random(d.itemIds().size(), 7, 0.01, 5))) {
            o = new TrainingLoop(2)
                    .run(
                            m,
                            200,
                            new TrainingLoop.Validation(split.confidence(), split.validation(), 10, 1),
                            es,
                            null,
                            0,
                            r -> {},
                            () -> true);
        }
        assertThat(o.stoppedEarly()).isTrue();
        assertThat(o.iterationsRun()).isLessThan(200);
        assertThat(o.iterationsRun() - o.bestIteration()).isEqualTo(2);
        double best = o.history().stream()
                .filter(r -> r.validationMetric() != null)
                .mapToDouble(TrainingLoop.IterationRecord::validationMetric)
                .max()
                .orElseThrow();
        assertThat(o.bestValidation()).isEqualTo(best);
    }
}
