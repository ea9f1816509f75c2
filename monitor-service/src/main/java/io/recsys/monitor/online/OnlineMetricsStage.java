package io.recsys.monitor.online;

import io.recsys.core.alert.Alert;
import io.recsys.core.alert.AlertService;
import io.recsys.core.alert.Severity;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.chain.ChainSignal;
import io.recsys.core.deploy.AliasTarget;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.feedback.Variant;
import io.recsys.core.online.OnlineCounts;
import io.recsys.core.online.OnlineDay;
import io.recsys.core.online.OnlineMetricsStore;
import io.recsys.core.retrain.RetrainReason;
import io.recsys.core.retrain.RetrainRequests;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageResult;
import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Hourly online metrics: recomputes the last {@code monitor.online.days} days (today included, so
 * events that arrive late still count) from impressions and events into {@code online_metrics},
 * replacing those days' rows; then the seeds' CTR trigger on the production model (see
 * {@link CtrDropRule}): a drop records one retrain request per model (reason {@code ONLINE_CTR})
 * and raises a WARNING alert with it. A dry run computes the same and writes nothing.
 */
@ApplicationScoped
public class OnlineMetricsStage implements Stage {
    public static final String NAME = "online-metrics";

    private final OnlineMetricsStore store;
    private final OnlineCalendar calendar;
    private final ArtifactRegistry artifacts;
    private final ModelAliases aliases;
    private final RetrainRequests requests;
    private final AlertService alerts;
    private final MonitorConfig.Online config;
    private final Duration impressionsRetention;

    public OnlineMetricsStage(
            OnlineMetricsStore store,
            OnlineCalendar calendar,
            ArtifactRegistry artifacts,
            ModelAliases aliases,
            RetrainRequests requests,
            AlertService alerts,
            MonitorConfig config) {
        this.store = store;
        this.calendar = calendar;
        this.artifacts = artifacts;
        this.aliases = aliases;
        this.requests = requests;
        this.alerts = alerts;
        this.config = config.online();
        this.impressionsRetention = config.cleanup().impressionsRetention();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Yes: a dry run computes every day and the trigger; it writes no row, records no request, sends no alert. */
    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public List<StageOption> options() {
        return List.of(StageOption.value(
                "days",
                "days to recompute, today included (default monitor.online.days); within the impressions"
                        + " retention"));
    }

    /** One recomputed day. */
    private record Day(LocalDate day, List<OnlineCounts> rows) {}

    @Override
    public StageResult execute(StageContext ctx) throws Exception {
        boolean dry = ctx.dryRun();
        int n = days(ctx.options().value("days"));
        Instant now = Instant.now();
        Optional<ArtifactRecord> snapshot = artifacts.resolve(ArtifactKind.DATA_SNAPSHOT, ArtifactKind.CURRENT);
        Long catalogue = snapshot.map(OnlineMetricsStage::itemCount).orElse(null);
        Duration window = config.attributionWindow();

        List<Day> computed = new ArrayList<>();
        for (LocalDate day : calendar.lastDays(now, n)) {
            ctx.checkAlive();
            List<OnlineCounts> rows = store.compute(calendar.start(day), calendar.end(day), window);
            if (!dry) {
                store.replaceDay(day, rows, catalogue, now);
            }
            computed.add(new Day(day, rows));
        }

        LocalDate today = calendar.day(now);
        Optional<AliasTarget> production = aliases.current(ModelAliases.PRODUCTION);
        CtrDropRule.Verdict verdict = null;
        String requested = null;
        boolean recorded = false; // a new retrain request: the chain starts training
        if (production.isPresent()) {
            verdict = rule().evaluate(
                            production.get().modelId(),
                            productionDays(production.get().modelId(), computed, catalogue, now),
                            today);
            if (verdict.fires()) {
                if (dry) {
                    requested = wouldRequest(verdict);
                } else {
                    Optional<RetrainRequests.Request> made = request(verdict, ctx);
                    recorded = made.isPresent();
                    requested = made.map(r ->
                                    "asked training to retrain: #" + r.id() + " " + RetrainReason.ONLINE_CTR.label())
                            .orElse(covered(verdict));
                }
            }
        }

        long impressions = 0;
        long rows = 0;
        List<Map<String, Object>> perDay = new ArrayList<>();
        for (Day d : computed) {
            List<Map<String, Object>> models = new ArrayList<>();
            for (OnlineCounts c : d.rows()) {
                impressions += c.impressions();
                rows++;
                models.add(describe(new OnlineDay(d.day(), c, catalogue, now)));
            }
            perDay.add(Map.of("day", d.day().toString(), "rows", models));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("dry_run", dry);
        outputs.put("days", perDay);
        outputs.put(dry ? "would_write_rows" : "rows_written", rows);
        outputs.put("ctr_trigger", verdict == null ? "no production model" : verdict.message());
        if (requested != null) {
            outputs.put(dry ? "would_request_retrain" : "retrain_requested", requested);
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("attribution_window", window.toString());
        inputs.put("catalogue_snapshot", snapshot.map(ArtifactRecord::id).orElse("none"));
        inputs.put("production_model", production.map(AliasTarget::modelId).orElse("none"));

        LocalDate first = computed.get(0).day();
        String message = (dry ? "dry run: " : "") + "online metrics of " + n + (n == 1 ? " day (" : " days (")
                + first + (n == 1 ? "" : ".." + today) + "): " + impressions + " impressions in " + rows + " rows"
                + (dry ? " (would write them)" : "")
                + "; " + (verdict == null ? "no production model to judge" : verdict.message())
                + (requested == null ? "" : "; " + requested)
                + (dry ? "; nothing written" : "");
        return StageResult.succeeded(message, inputs, outputs, Map.of("rows", rows, "impressions", impressions))
                .signallingIf(recorded, ChainSignal.RETRAIN_REQUESTED);
    }

    private CtrDropRule rule() {
        return new CtrDropRule((int) config.ctrWindow().toDays(), config.ctrDrop(), config.minImpressions());
    }

    /** {@code --days}: a whole number from 1 up to the days impressions are kept for, else exit 2. */
    private int days(Optional<String> option) throws InvalidInvocationException {
        int n;
        if (option.isEmpty()) {
            n = config.days();
        } else {
            try {
                n = Integer.parseInt(option.get().strip());
            } catch (NumberFormatException e) {
                throw new InvalidInvocationException(
                        "--days must be a whole number of days, got '" + option.get() + "'");
            }
        }
        if (n < 1) {
            throw new InvalidInvocationException("--days must be at least 1, got " + n);
        }
        long kept = impressionsRetention.toDays();
        if (n > kept) {
            // A day whose impressions the cleanup removed would be replaced by nothing.
            throw new InvalidInvocationException("--days " + n + " reaches past the impressions kept (" + kept
                    + " days, monitor.cleanup.impressions-retention): those days' metrics would be lost");
        }
        return n;
    }

    /** The production model's production days: the stored ones, with the days just computed in their place. */
    private List<OnlineDay> productionDays(String modelId, List<Day> computed, Long catalogue, Instant now)
            throws Exception {
        List<OnlineDay> out = new ArrayList<>();
        for (OnlineDay d : store.history(modelId, Variant.PRODUCTION)) {
            if (computed.stream().noneMatch(c -> c.day().equals(d.day()))) {
                out.add(d);
            }
        }
        for (Day d : computed) {
            for (OnlineCounts c : d.rows()) {
                if (c.modelId().equals(modelId) && c.variant() == Variant.PRODUCTION) {
                    out.add(new OnlineDay(d.day(), c, catalogue, now));
                }
            }
        }
        return out;
    }

    /**
     * One request per model ever (the subject), and the alert only with a new request: an hourly
     * stage must not alert hourly about the same drop.
     */
    private Optional<RetrainRequests.Request> request(CtrDropRule.Verdict v, StageContext ctx) throws Exception {
        Optional<RetrainRequests.Request> r =
                requests.request(RetrainReason.ONLINE_CTR, v.modelId(), v.message(), NAME, ctx.runId());
        if (r.isEmpty()) {
            return r;
        }
        alerts.send(new Alert(
                Severity.WARNING,
                NAME,
                "Online CTR of " + v.modelId() + " down " + percent(-v.change()),
                v.message() + ". Retrain requested (#" + r.get().id() + ", " + RetrainReason.ONLINE_CTR.label()
                        + "): the next training run retrains for it."));
        return r;
    }

    private String wouldRequest(CtrDropRule.Verdict v) throws Exception {
        Optional<RetrainRequests.Request> existing = requests.find(RetrainReason.ONLINE_CTR, v.modelId());
        Optional<RetrainRequests.Request> open = requests.open().stream()
                .filter(r -> r.reason() == RetrainReason.ONLINE_CTR)
                .findFirst();
        if (existing.isPresent() || open.isPresent()) {
            return covered(v);
        }
        return "would ask training to retrain (" + RetrainReason.ONLINE_CTR.label() + ") and alert (WARNING)";
    }

    /** The drop is already asked about: by this model's request, or by another model's still open one. */
    private String covered(CtrDropRule.Verdict v) throws Exception {
        Optional<RetrainRequests.Request> existing = requests.find(RetrainReason.ONLINE_CTR, v.modelId());
        if (existing.isPresent()) {
            return "retrain already requested for " + v.modelId() + " (#"
                    + existing.get().id() + ")";
        }
        return "an open " + RetrainReason.ONLINE_CTR.label() + " request covers it; " + v.modelId()
                + " asks again once it is honoured";
    }

    private static String percent(double x) {
        return String.format(Locale.ROOT, "%.1f %%", x * 100);
    }

    private static Long itemCount(ArtifactRecord snapshot) {
        return snapshot.summary().get("items") instanceof Number items ? items.longValue() : null;
    }

    static Map<String, Object> describe(OnlineDay d) {
        OnlineCounts c = d.counts();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("day", d.day().toString());
        m.put("model_id", c.modelId());
        m.put("variant", c.variant().wire());
        m.put("impressions", c.impressions());
        m.put("users", c.users());
        m.put("clicks", c.clicks());
        m.put("clicked_impressions", c.clickedImpressions());
        m.put("ctr", c.ctr());
        m.put("add_to_cart", c.addToCart());
        m.put("add_to_cart_rate", c.addToCartRate());
        m.put("purchases", c.purchases());
        m.put("purchase_rate", c.purchaseRate());
        m.put("distinct_items", c.distinctItems());
        if (d.coverage() != null) { // no nulls: the run ledger copies its maps
            m.put("catalogue_size", d.catalogueSize());
            m.put("catalogue_coverage", d.coverage());
        }
        return m;
    }
}
