package io.recsys.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.feedback.EventLog;
import io.recsys.core.feedback.EventType;
import io.recsys.core.feedback.FeedbackEvent;
import io.recsys.core.feedback.Impression;
import io.recsys.core.feedback.ImpressionLog;
import io.recsys.core.feedback.Variant;
import io.recsys.core.online.OnlineCounts;
import io.recsys.core.online.OnlineDay;
import io.recsys.core.online.OnlineMetricsStore;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.retrain.RetrainReason;
import io.recsys.core.retrain.RetrainRequests;
import io.recsys.core.runner.OptionParser;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.ExitCode;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.FreshInstallation;
import io.recsys.core.testing.WorldSnapshot;
import io.recsys.monitor.metrics.OnlineGauges;
import io.recsys.monitor.online.OnlineCalendar;
import io.recsys.monitor.online.OnlineMetricsStage;
import io.recsys.serving.testing.CleanTestHome;
import io.recsys.serving.testing.TestModels;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The online-metrics stage on impressions and events planted in the embedded PostgreSQL:
 * attribution's edge cases (outside the window, an item not shown, another user, a request id
 * pinning its answer, an event counted once even across two days), the rates per model, variant
 * and day, coverage against the current snapshot's items, idempotent recomputation, the dry run,
 * {@code --days}, the gauges, and the seeds' CTR trigger (once per model, not below the minimum
 * impressions). Every test starts on a fresh installation.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class OnlineMetricsTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Inject
    StageRunner runner;

    @Inject
    OnlineMetricsStage stage;

    @Inject
    OnlineMetricsStore metrics;

    @Inject
    OnlineCalendar calendar;

    @Inject
    OnlineGauges gauges;

    @Inject
    ImpressionLog impressions;

    @Inject
    EventLog events;

    @Inject
    ArtifactStore store;

    @Inject
    ArtifactRegistry artifacts;

    @Inject
    ModelRegistry registry;

    @Inject
    ModelAliases aliases;

    @Inject
    RetrainRequests requests;

    @Inject
    DataSource dataSource;

    private LocalDate today;
    private LocalDate yesterday;
    /** Noon yesterday: every planted answer and event of the attribution scenario is inside yesterday. */
    private Instant base;

    private int eventCount;

    @BeforeEach
    void freshInstallation() throws Exception {
        FreshInstallation.reset(dataSource, store.root());
        today = calendar.day(Instant.now());
        yesterday = today.minusDays(1);
        base = calendar.start(yesterday).plus(Duration.ofHours(12));
    }

    private RunOutcome run(String... args) throws Exception {
        return runner.run(stage, Trigger.CLI, OptionParser.parse(List.of(args), stage.options()));
    }

    private void shown(
            String requestId, Instant at, String endpoint, String user, String model, Variant v, String... items)
            throws Exception {
        impressions.append(List.of(new Impression(
                requestId,
                at,
                "serving-test",
                endpoint,
                user,
                endpoint.equals("similar") ? "i1" : null,
                model,
                v,
                null,
                List.of(items))));
    }

    private void shown(String requestId, Instant at, String user, String model, String... items) throws Exception {
        shown(requestId, at, "recommend", user, model, Variant.PRODUCTION, items);
    }

    private void did(EventType type, String user, String item, Instant at, String requestId) throws Exception {
        events.append(List.of(new FeedbackEvent("e-" + eventCount++, user, item, type, null, requestId, at)));
    }

    private void clicked(String user, String item, Instant at) throws Exception {
        did(EventType.CLICK, user, item, at, null);
    }

    /** The stored row of a model, variant and day. */
    private OnlineDay row(LocalDate day, String model, Variant v) throws Exception {
        return metrics.days(day, day).stream()
                .filter(d -> d.counts().modelId().equals(model) && d.counts().variant() == v)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + model + " " + v + " on " + day));
    }

    private void currentSnapshotWithItems(long items) throws Exception {
        artifacts.registerAndPoint(
                new ArtifactRecord(
                        ArtifactKind.DATA_SNAPSHOT,
                        "snap-online",
                        store.area("snapshots").resolve("snap-online").toString(),
                        "0".repeat(64),
                        Instant.now(),
                        null,
                        Map.of(),
                        Map.of("items", items)),
                ArtifactKind.CURRENT);
    }

    /**
     * Model m-attr's answers yesterday and what the shoppers did after them; the comments say
     * which answer each event belongs to.
     */
    private void theAttributionScenario() throws Exception {
        shown("A", base, "u1", "m-attr", "i1", "i2", "i3");
        shown("B", base.plus(MINUTE.multipliedBy(10)), "u1", "m-attr", "i1", "i4");
        shown("C", base, "u2", "m-attr", "i1");
        shown("D", base, "u3", "m-attr", "i5");
        shown("E", base, "u4", "m-attr", "i6");
        shown("F", base, "similar", null, "m-attr", Variant.PRODUCTION, "i1"); // no user: not counted
        shown("G", base, "u6", "m-attr"); // nothing shown: not counted
        shown("H", base, "recommend", "u8", "m-attr", Variant.CANARY, "i1", "i7");

        clicked("u1", "i1", base.plus(MINUTE.multipliedBy(15))); // A and B showed it: the latest, B, only
        clicked("u1", "i2", base.plus(MINUTE.multipliedBy(5))); // A
        clicked("u1", "i3", base.plus(MINUTE.multipliedBy(40))); // 40 min after A: outside the 30 min window
        clicked("u1", "i3", base.minus(MINUTE)); // before A was served
        clicked("u2", "i9", base.plus(MINUTE)); // not shown to u2
        clicked("u5", "i1", base.plus(MINUTE)); // u5 was shown nothing
        did(EventType.CLICK, "u1", "i4", base.plus(MINUTE.multipliedBy(12)), "A"); // pinned to A, which lacks i4
        did(EventType.CLICK, "u1", "i1", base.plus(MINUTE.multipliedBy(20)), "A"); // pinned to A, not the later B
        did(EventType.CLICK, "u2", "i1", base.plus(MINUTE), "D"); // pinned to u3's answer: another user's
        did(EventType.ADD_TO_CART, "u3", "i5", base.plus(MINUTE.multipliedBy(2)), "D"); // D
        did(EventType.PURCHASE, "u3", "i5", base.plus(MINUTE.multipliedBy(3)), null); // D
        did(EventType.VIEW, "u4", "i6", base.plus(MINUTE), null); // a view is not a click
        did(EventType.CLICK, "u4", "i6", base.plus(MINUTE), "never-recorded"); // answer not recorded: matched, E
        clicked("u8", "i7", base.plus(MINUTE)); // the canary's H
    }

    @Test
    void clicksCountForTheLatestAnswerThatShowedTheItemToTheUserInsideTheWindowAndOnlyOnce() throws Exception {
        theAttributionScenario();
        currentSnapshotWithItems(30);

        RunOutcome outcome = run();
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.message()).startsWith("online metrics of 2 days (" + yesterday + ".." + today + "): 6");

        OnlineCounts p = row(yesterday, "m-attr", Variant.PRODUCTION).counts();
        assertThat(p.impressions())
                .as("A-E; not the similar-items answer, not the empty one")
                .isEqualTo(5);
        assertThat(p.users()).isEqualTo(4);
        assertThat(p.clicks()).as("B's, A's two (one pinned), E's").isEqualTo(4);
        assertThat(p.clickedImpressions()).as("A, B and E").isEqualTo(3);
        assertThat(p.ctr()).isEqualTo(0.6);
        assertThat(p.addToCart()).isEqualTo(1);
        assertThat(p.addToCartRate()).isEqualTo(0.2);
        assertThat(p.purchases()).isEqualTo(1);
        assertThat(p.purchaseRate()).isEqualTo(0.2);
        assertThat(p.distinctItems()).as("i1..i6").isEqualTo(6);
        OnlineDay day = row(yesterday, "m-attr", Variant.PRODUCTION);
        assertThat(day.catalogueSize()).isEqualTo(30);
        assertThat(day.coverage()).isEqualTo(0.2);

        OnlineCounts canary = row(yesterday, "m-attr", Variant.CANARY).counts();
        assertThat(canary.impressions()).isEqualTo(1);
        assertThat(canary.clicks()).isEqualTo(1);
        assertThat(canary.ctr()).isEqualTo(1.0);
        assertThat(row(yesterday, "m-attr", Variant.CANARY).coverage()).isEqualTo(2 / 30.0);
        assertThat(metrics.days(today, today)).as("nothing served today").isEmpty();

        // The stored rates are the ones the rows compute.
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT ctr, add_to_cart_rate, purchase_rate,"
                                + " catalogue_coverage FROM online_metrics WHERE model_id = 'm-attr' AND variant = 'production'");
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)})
                    .containsExactly(0.6, 0.2, 0.2, 0.2);
        }
    }

    @Test
    void anEventIsCountedOnceAcrossTheDayBoundaryForTheLatestAnswer() throws Exception {
        Instant midnight = calendar.start(today);
        shown("late", midnight.minus(MINUTE.multipliedBy(10)), "u7", "m-edge", "j1");
        shown("early", midnight.plus(MINUTE.multipliedBy(5)), "u7", "m-edge", "j1");
        clicked("u7", "j1", midnight.plus(MINUTE.multipliedBy(10)));
        // Inside the window of yesterday's answer only, though it happens today.
        shown("evening", midnight.minus(MINUTE.multipliedBy(20)), "u9", "m-edge", "j2");
        clicked("u9", "j2", midnight.plus(MINUTE.multipliedBy(5)));

        run();
        OnlineCounts before = row(yesterday, "m-edge", Variant.PRODUCTION).counts();
        OnlineCounts after = row(today, "m-edge", Variant.PRODUCTION).counts();
        assertThat(before.impressions()).isEqualTo(2);
        assertThat(before.clicks()).as("only u9's click, after midnight").isEqualTo(1);
        assertThat(after.impressions()).isEqualTo(1);
        assertThat(after.clicks()).as("u7's click, for today's answer only").isEqualTo(1);
        assertThat(row(today, "m-edge", Variant.PRODUCTION).catalogueSize())
                .as("no current snapshot")
                .isNull();
        assertThat(row(today, "m-edge", Variant.PRODUCTION).coverage()).isNull();
    }

    @Test
    void recomputingADayReplacesItsRowsAndLateEventsAreCounted() throws Exception {
        theAttributionScenario();
        run();
        OnlineDay first = row(yesterday, "m-attr", Variant.PRODUCTION);

        run(); // the next hour, nothing new: the same numbers, no second row
        assertThat(metrics.days(yesterday, yesterday)).hasSize(2);
        assertThat(row(yesterday, "m-attr", Variant.PRODUCTION).counts()).isEqualTo(first.counts());

        // A click that reached the shop late (C's), and a canary that served nothing after all.
        clicked("u2", "i1", base.plus(MINUTE.multipliedBy(2)));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM impressions WHERE request_id = 'H'")) {
            ps.executeUpdate();
        }
        run();
        assertThat(row(yesterday, "m-attr", Variant.PRODUCTION).counts().clickedImpressions())
                .isEqualTo(4);
        assertThat(metrics.days(yesterday, yesterday))
                .as("the canary's row is gone with its impressions")
                .singleElement()
                .satisfies(d -> assertThat(d.counts().variant()).isEqualTo(Variant.PRODUCTION));
    }

    @Test
    void aDryRunComputesAndReportsButWritesNothing() throws Exception {
        theAttributionScenario();
        WorldSnapshot before = WorldSnapshot.take(store.root());
        RunOutcome dry = run("--dry-run");
        assertThat(dry.status()).as(dry.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(dry.message()).startsWith("dry run: ").endsWith("nothing written");
        assertThat(dry.outputs()).containsEntry("would_write_rows", 2L).doesNotContainKey("rows_written");
        assertThat(dry.outputs().get("days").toString())
                .contains("model_id=m-attr")
                .contains("ctr=0.6");
        assertThat(before.differences(WorldSnapshot.take(store.root()))).isEmpty();
    }

    @Test
    void daysOutsideOneToTheImpressionsRetentionAreRefusedWithExitTwo() throws Exception {
        for (String bad : List.of("0", "-1", "two", "31")) {
            RunOutcome outcome = run("--days", bad);
            assertThat(outcome.exitCode()).as(bad).isEqualTo(ExitCode.BAD_INVOCATION);
            assertThat(outcome.message()).contains("--days");
        }
        assertThat(run("--days", "31").message()).contains("monitor.cleanup.impressions-retention");
        RunOutcome one = run("--days", "1");
        assertThat(one.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(one.message()).startsWith("online metrics of 1 day (" + today + "): 0 impressions");
    }

    @Test
    void todaysAndYesterdaysMetricsAreGaugesPerModelAndVariant() throws Exception {
        theAttributionScenario();
        currentSnapshotWithItems(30);
        run();
        gauges.refresh();
        String scraped = io.restassured.RestAssured.given()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(scraped)
                .containsPattern(
                        "recsys_online_ctr\\{day=\"yesterday\",model_id=\"m-attr\",variant=\"production\",?\\} 0\\.6")
                .containsPattern(
                        "recsys_online_ctr\\{day=\"yesterday\",model_id=\"m-attr\",variant=\"canary\",?\\} 1\\.0")
                .containsPattern(
                        "recsys_online_impressions\\{day=\"yesterday\",model_id=\"m-attr\",variant=\"production\",?\\} 5\\.0")
                .containsPattern(
                        "recsys_online_add_to_cart_rate\\{day=\"yesterday\",model_id=\"m-attr\",variant=\"production\",?\\} 0\\.2")
                .containsPattern(
                        "recsys_online_purchase_rate\\{day=\"yesterday\",model_id=\"m-attr\",variant=\"production\",?\\} 0\\.2")
                .containsPattern(
                        "recsys_online_catalogue_coverage\\{day=\"yesterday\",model_id=\"m-attr\",variant=\"production\",?\\} 0\\.2");

        // Once the model has no row for those days, its series go rather than linger.
        FreshInstallation.reset(dataSource, store.root());
        gauges.refresh();
        String after = io.restassured.RestAssured.given()
                .get("/q/metrics")
                .then()
                .extract()
                .asString();
        assertThat(after).doesNotContain("model_id=\"m-attr\"");
    }

    // --- the seeds' CTR trigger -------------------------------------------------------------------

    /** {@code n} answers of {@code model} on {@code day}, each to its own user; the first {@code clicked} of them clicked. */
    private void aDay(String model, LocalDate day, int n, int clicked) throws Exception {
        Instant start = calendar.start(day).plus(Duration.ofHours(1));
        try (Connection c = dataSource.getConnection();
                PreparedStatement imp = c.prepareStatement(
                        "INSERT INTO impressions (request_id, served_at, instance_id, endpoint, user_id, model_id, variant,"
                                + " items) SELECT ? || '-' || n, ?::timestamptz + n * interval '10 seconds', 'serving-test', 'recommend',"
                                + " ? || '-' || n, ?, 'production', ARRAY['p' || (n % 40), 'p' || ((n + 1) % 40)]"
                                + " FROM generate_series(0, ? - 1) AS n");
                PreparedStatement ev = c.prepareStatement(
                        "INSERT INTO events (event_id, user_id, item_id, type, occurred_at) SELECT ? || '-' || n,"
                                + " ? || '-' || n, 'p' || (n % 40), 'click', ?::timestamptz + n * interval '10 seconds'"
                                + " + interval '1 minute' FROM generate_series(0, ? - 1) AS n")) {
            String prefix = model + "-" + day;
            imp.setString(1, prefix);
            imp.setTimestamp(2, Timestamp.from(start));
            imp.setString(3, prefix);
            imp.setString(4, model);
            imp.setInt(5, n);
            imp.executeUpdate();
            ev.setString(1, prefix);
            ev.setString(2, prefix);
            ev.setTimestamp(3, Timestamp.from(start));
            ev.setInt(4, clicked);
            ev.executeUpdate();
        }
    }

    /**
     * A production model with a first week of {@code perDay} answers a day at 10 % CTR (days 19 to
     * 13 ago) and a recent week at 8 % (a 20 % drop).
     */
    private void aModelWhoseCtrFell(String model, int perDay) throws Exception {
        TestModels.publish(store, registry, TestModels.good(model));
        aliases.move(ModelAliases.PRODUCTION, model, DeploymentAction.PROMOTE, "CLI", null, null);
        for (int d = 19; d >= 13; d--) {
            aDay(model, today.minusDays(d), perDay, perDay / 10);
        }
        for (int d = 6; d >= 0; d--) {
            aDay(model, today.minusDays(d), perDay, perDay * 8 / 100);
        }
    }

    private List<String> alerts() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT severity || ' ' || subject || ': ' || message"
                                + " FROM alert_log WHERE source = 'online-metrics' AND severity = 'WARNING' AND NOT suppressed ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    @Test
    void aProductionCtrDownMoreThanTenPercentOnItsFirstWeekAsksForOneRetrainAndWarnsOnce() throws Exception {
        aModelWhoseCtrFell("als-ctr", 200);

        WorldSnapshot before = WorldSnapshot.take(store.root());
        RunOutcome dry = run("--days", "20", "--dry-run");
        assertThat(dry.outputs().get("would_request_retrain").toString())
                .contains("would ask training to retrain (online_ctr)");
        assertThat(before.differences(WorldSnapshot.take(store.root()))).isEmpty();

        RunOutcome first = run("--days", "20");
        assertThat(first.status()).as(first.message()).isEqualTo(RunStatus.SUCCEEDED);
        String expected = "production model als-ctr: CTR 0.0800 over " + today.minusDays(6) + ".." + today
                + " (1400 impressions) against 0.1000 over its first 7 days " + today.minusDays(19) + ".."
                + today.minusDays(13) + " (1400 impressions); down 20.0 %";
        assertThat(first.outputs().get("ctr_trigger").toString()).startsWith(expected);
        Optional<RetrainRequests.Request> request = requests.find(RetrainReason.ONLINE_CTR, "als-ctr");
        assertThat(request).isPresent();
        assertThat(request.get().requestedByStage()).isEqualTo("online-metrics");
        assertThat(request.get().requestedByRun()).isEqualTo(first.runId());
        assertThat(request.get().detail()).startsWith(expected);
        assertThat(requests.open())
                .extracting(RetrainRequests.Request::reason)
                .containsExactly(RetrainReason.ONLINE_CTR);
        assertThat(first.outputs().get("retrain_requested").toString()).contains("online_ctr");
        assertThat(alerts())
                .singleElement()
                .asString()
                .startsWith("WARNING Online CTR of als-ctr down 20.0 %: " + expected)
                .contains("Retrain requested (#" + request.get().id() + ", online_ctr)");
        assertThat(row(today.minusDays(19), "als-ctr", Variant.PRODUCTION)
                        .counts()
                        .ctr())
                .isEqualTo(0.1);

        // The next hourly runs: the same drop, no second request, no second alert; nor once honoured.
        RunOutcome next = run();
        assertThat(next.outputs().get("retrain_requested").toString())
                .isEqualTo("retrain already requested for als-ctr (#"
                        + request.get().id() + ")");
        requests.consume(List.of(request.get().id()), java.util.UUID.randomUUID());
        run();
        assertThat(requests.open()).isEmpty();
        assertThat(alerts()).hasSize(1);
    }

    @Test
    void aDropOnFewerImpressionsThanTheMinimumIsNotJudged() throws Exception {
        aModelWhoseCtrFell("als-few", 100); // 700 a week, under the 1000 needed

        RunOutcome outcome = run("--days", "20");
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.outputs().get("ctr_trigger").toString())
                .contains("(700 impressions)")
                .endsWith("not judged: each window needs 1000 impressions");
        assertThat(outcome.outputs()).doesNotContainKey("retrain_requested");
        assertThat(requests.find(RetrainReason.ONLINE_CTR, "als-few")).isEmpty();
        assertThat(alerts()).isEmpty();
    }

    @Test
    void aModelInProductionForLessThanTwoWindowsIsNotJudgedYet() throws Exception {
        TestModels.publish(store, registry, TestModels.good("als-new"));
        aliases.move(ModelAliases.PRODUCTION, "als-new", DeploymentAction.PROMOTE, "CLI", null, null);
        for (int d = 9; d >= 0; d--) {
            aDay("als-new", today.minusDays(d), 200, d > 5 ? 20 : 2);
        }
        RunOutcome outcome = run("--days", "10");
        assertThat(outcome.outputs().get("ctr_trigger").toString())
                .endsWith("not judged before " + today.minusDays(9).plusDays(13) + ": its first 7 days end "
                        + today.minusDays(3));
        assertThat(requests.open()).isEmpty();
    }
}
