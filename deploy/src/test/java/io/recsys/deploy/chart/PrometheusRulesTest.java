package io.recsys.deploy.chart;

import static io.recsys.deploy.chart.RenderedChart.byKindAndName;
import static io.recsys.deploy.chart.RenderedChart.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chart's alert rules under Prometheus' own tester ({@code promtool}, Debian's prometheus
 * package, installed by {@code run-tests.sh}): the rendered groups pass {@code check rules}, and
 * {@code src/test/resources/promtool/rules-test.yaml} plants, for every alert, series that fire it
 * (with its labels and summary) and healthy ones that do not.
 */
class PrometheusRulesTest {

    private static Path promtool() {
        for (String c : List.of("/usr/bin/promtool", "/usr/local/bin/promtool")) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        throw new IllegalStateException("no promtool found: run the project's test script (./run-tests.sh), which"
                + " installs Debian's prometheus package, or apt-get install prometheus");
    }

    private static String run(Path dir, String... args) throws IOException, InterruptedException {
        Path log = dir.resolve("promtool-" + args[0] + "-" + args[1] + ".log");
        List<String> command = new java.util.ArrayList<>(List.of(promtool().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void everyAlertFiresOnItsPlantedSeriesAndNotOnHealthyOnes() throws Exception {
        JsonNode rule = byKindAndName(render(Map.of()), "PrometheusRule")
                .values()
                .iterator()
                .next();
        Path dir = Files.createDirectories(Path.of("target", "promtool"));
        ObjectNode rules = new ObjectMapper().createObjectNode();
        rules.set("groups", rule.at("/spec/groups"));
        new ObjectMapper(new YAMLFactory()).writeValue(dir.resolve("rules.yaml").toFile(), rules);
        Files.copy(
                Path.of("src/test/resources/promtool/rules-test.yaml"),
                dir.resolve("rules-test.yaml"),
                StandardCopyOption.REPLACE_EXISTING);

        assertThat(run(dir, "check", "rules", "rules.yaml")).contains("SUCCESS");
        assertThat(run(dir, "test", "rules", "rules-test.yaml")).contains("SUCCESS");

        // every alert the chart defines is tested
        String tests = Files.readString(dir.resolve("rules-test.yaml"));
        for (JsonNode group : rule.at("/spec/groups")) {
            for (JsonNode r : group.get("rules")) {
                assertThat(tests).contains("alertname: " + r.get("alert").asText());
            }
        }
    }
}
