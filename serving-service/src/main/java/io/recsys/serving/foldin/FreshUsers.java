package io.recsys.serving.foldin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.config.PipelineConfig;
import io.recsys.core.feedback.EventConfidence;
import io.recsys.core.feedback.EventLog;
import io.recsys.core.feedback.FeedbackEvent;
import io.recsys.core.metrics.MetricNames;
import io.recsys.math.CsrMatrix;
import io.recsys.math.Factors;
import io.recsys.math.als.FoldIn;
import io.recsys.serving.config.ServingConfig;
import io.recsys.serving.model.CanaryModel;
import io.recsys.serving.model.ModelHolder;
import io.recsys.serving.model.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Fold-in: a shopper whose events arrived after the served model's data was taken gets a personal
 * answer at once, not the popular items until next week's model. Every poll, off the request
 * thread, the replica reads the events posted since its last read (between watermarks, as the data
 * refresh does: none missed, none twice), keeps the recent events of shoppers the model has no
 * vector for, and solves their vectors from the served item factors: ALS exactly as the user side
 * of a training sweep ({@link FoldIn}: one k × k solve with the model's λ and α); BPR, which has no
 * closed form, by the documented rule of the mean taste vector of the shopper's items (the user
 * side's bias slot, which BPR keeps at 1, set to 1). Items the model does not know are ignored; a
 * shopper left with none keeps the fallback. A new model starts over from its own snapshot's
 * watermark: what that model was trained on is not folded in again. A running canary gets a lane
 * of its own, so its fresh shoppers are folded in against its factors as production's are against
 * production's: otherwise the canary's arm would answer them with the fallback and lose the
 * comparison for a reason that is not the model's.
 */
@ApplicationScoped
public class FreshUsers {
    private static final Logger LOG = Logger.getLogger(FreshUsers.class);

    private final ModelHolder holder;
    private final EventLog events;
    private final ArtifactRegistry artifacts;
    private final EventConfidence values;
    private final ServingConfig.FoldIn config;
    private final Timer solveTime;
    private final Lane production = new Lane();
    private final Lane canary = new Lane();

    public FreshUsers(
            ModelHolder holder,
            EventLog events,
            ArtifactRegistry artifacts,
            PipelineConfig pipeline,
            ServingConfig config,
            MeterRegistry meters) {
        this.holder = holder;
        this.events = events;
        this.artifacts = artifacts;
        this.values = new EventConfidence(pipeline.events());
        this.config = config.foldIn();
        this.solveTime = Timer.builder(MetricNames.SERVING_FOLD_IN)
                .description("solving one fresh shopper's vector")
                .register(meters);
        meters.gauge(
                MetricNames.SERVING_FOLDED_USERS, this, f -> f.production.vectors.size() + f.canary.vectors.size());
    }

    /** The shopper's vector for {@code modelId} (production's or the canary's), when they have one. */
    public Optional<FoldedUser> find(String modelId, String userId) {
        for (Lane lane : new Lane[] {production, canary}) {
            FoldedUser f = lane.vectors.get(userId);
            if (f != null && f.modelId().equals(modelId)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Scheduled(
            every = "${serving.fold-in.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        if (!config.enabled()) {
            return;
        }
        try {
            pollOnce();
        } catch (Exception e) { // the next poll tries again from the same watermark
            LOG.warnf("fold-in: events not read: %s", e.toString());
        }
    }

    /** One read of the new events and the vectors they change (tests call it to not wait for the schedule). */
    public synchronized void pollOnce() throws Exception {
        Optional<ServedModel> current = holder.current();
        if (current.isPresent()) {
            production.poll(current.get());
        }
        Optional<ServedModel> trial = holder.canary().map(CanaryModel::model);
        if (trial.isPresent()) {
            canary.poll(trial.get());
        } else {
            canary.clear();
        }
    }

    /** One model's fold-in: its watermark, its shoppers' recent events, their vectors. */
    private final class Lane {
        final Map<String, FoldedUser> vectors = new ConcurrentHashMap<>();

        /** The poll's own state: touched only by the (non-concurrent) poll. */
        private String modelId;

        private String from;
        private Solver solver;
        private final LinkedHashMap<String, Deque<FeedbackEvent>> histories = new LinkedHashMap<>(1024, 0.75f, true);

        void clear() {
            modelId = null;
            histories.clear();
            vectors.clear();
        }

        void poll(ServedModel m) throws Exception {
            if (!m.modelId().equals(modelId)) {
                startOver(m);
            }
            EventLog.Boundary upTo = events.boundary();
            Set<String> touched = new java.util.HashSet<>();
            events.read(from, upTo.watermark(), e -> {
                if (m.userRow(e.userId()) >= 0) {
                    return; // the model has a vector for them; their new events wait for the next model
                }
                Deque<FeedbackEvent> h = histories.computeIfAbsent(e.userId(), u -> new ArrayDeque<>());
                h.addLast(e);
                if (h.size() > config.maxEventsPerUser()) {
                    h.removeFirst();
                }
                touched.add(e.userId());
            });
            from = upTo.watermark();
            while (histories.size() > config.maxUsers()) {
                String eldest = histories.keySet().iterator().next();
                histories.remove(eldest);
                vectors.remove(eldest);
            }
            for (String user : touched) {
                Deque<FeedbackEvent> h = histories.get(user);
                if (h != null) {
                    fold(m, user, h);
                }
            }
        }

        private void startOver(ServedModel m) throws Exception {
            modelId = m.modelId();
            histories.clear();
            vectors.clear();
            solver = Solver.of(m);
            Object snapshot = m.content().card().get("data_snapshot");
            Optional<ArtifactRecord> record = snapshot == null
                    ? Optional.empty()
                    : artifacts.find(ArtifactKind.DATA_SNAPSHOT, snapshot.toString());
            Object watermark =
                    record.map(r -> r.summary().get("events_watermark")).orElse(null);
            // A snapshot without a watermark took no events: every event is newer than the model.
            from = watermark == null ? EventLog.FROM_THE_START : watermark.toString();
            LOG.infof("fold-in for model %s from events watermark %s", modelId, from);
        }

        /** One cell per known item by the snapshot's rule, then the vector. */
        private void fold(ServedModel m, String user, Deque<FeedbackEvent> history) {
            Map<Integer, FeedbackEvent> cells = new LinkedHashMap<>();
            for (FeedbackEvent e : history) {
                int item = m.itemRow(e.itemId());
                if (item < 0 || (EventConfidence.rated(e.type()) && values.rating(e) == null)) {
                    continue; // an item the model does not know says nothing about its factors
                }
                cells.merge(item, e, (kept, next) -> replaces(next, kept) ? next : kept);
            }
            if (cells.isEmpty()) {
                vectors.remove(user);
                return;
            }
            int n = cells.size();
            int[] items = new int[n];
            float[] conf = new float[n];
            int q = 0;
            for (Map.Entry<Integer, FeedbackEvent> c : cells.entrySet()) {
                items[q] = c.getKey();
                conf[q++] = values.confidence(c.getValue());
            }
            long started = System.nanoTime();
            float[] vector = solver.solve(items, conf);
            solveTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            int[] sorted = items.clone();
            Arrays.sort(sorted);
            float[] ones = new float[n];
            Arrays.fill(ones, 1f);
            CsrMatrix seen = new CsrMatrix(1, m.itemCount(), new int[] {0, n}, sorted, ones);
            vectors.put(user, new FoldedUser(m.modelId(), vector, seen, history.size()));
        }
    }

    private boolean replaces(FeedbackEvent next, FeedbackEvent kept) {
        boolean r = EventConfidence.rated(next.type());
        boolean k = EventConfidence.rated(kept.type());
        return EventConfidence.replaces(
                r,
                r ? 0 : values.weight(next.type()),
                next.occurredAt().getEpochSecond(),
                k,
                k ? 0 : values.weight(kept.type()),
                kept.occurredAt().getEpochSecond());
    }

    /** How a model family turns a shopper's cells into a vector. */
    private interface Solver {
        float[] solve(int[] items, float[] confidence);

        static Solver of(ServedModel m) {
            Factors items = m.content().items();
            if ("BPR".equals(m.modelType())) {
                int taste = m.content().tasteColumns();
                return (rows, conf) -> {
                    float[] v = new float[items.k()];
                    for (int row : rows) {
                        for (int f = 0; f < taste; f++) {
                            v[f] += items.data()[row * items.k() + f] / rows.length;
                        }
                    }
                    for (int f = taste; f < items.k(); f++) {
                        v[f] = 1f; // the user side of BPR's item-bias column
                    }
                    return v;
                };
            }
            Map<?, ?> params = m.content().card().get("params") instanceof Map<?, ?> p ? p : Map.of();
            double lambda = number(params.get("regularization"), 0.1);
            double alpha = number(params.get("alpha"), 1.0);
            boolean scaled = Boolean.TRUE.equals(params.get("scale_regularization"));
            FoldIn foldIn = new FoldIn(items, lambda, alpha, scaled);
            return (rows, conf) -> {
                float[] v = new float[items.k()];
                foldIn.solve(rows, conf, rows.length, v);
                return v;
            };
        }

        private static double number(Object v, double otherwise) {
            return v instanceof Number n ? n.doubleValue() : otherwise;
        }
    }
}
