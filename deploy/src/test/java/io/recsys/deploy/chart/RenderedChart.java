package io.recsys.deploy.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The chart rendered by real Helm (release "shop", Kubernetes 1.31), as documents to assert on. */
final class RenderedChart {
    static final Path CHART = Path.of("helm/recsys-pipeline");
    static final String RELEASE = "shop";
    static final String PREFIX = "shop-recsys-pipeline-";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RenderedChart() {}

    static List<JsonNode> render(Map<String, String> set) throws IOException {
        return render(CHART, set);
    }

    /**
     * The chart with its hooks rendered as ordinary resources: helm-java's template returns the
     * release manifest, which leaves hooks out (Helm keeps them apart). A copy of the chart without
     * the {@code helm.sh/hook*} annotation lines; the annotations themselves are read from the template.
     */
    static List<JsonNode> renderWithHooks(Map<String, String> set) throws IOException {
        Path copy = Path.of("target", "chart-with-hooks");
        if (Files.exists(copy)) {
            try (var walk = Files.walk(copy)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (var walk = Files.walk(CHART)) {
            for (Path p : walk.toList()) {
                Path to = copy.resolve(CHART.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    List<String> lines = Files.readAllLines(p).stream()
                            .filter(l -> !l.trim().startsWith("helm.sh/hook"))
                            .toList();
                    Files.write(to, lines);
                }
            }
        }
        return render(copy, set);
    }

    static List<JsonNode> render(Path chart, Map<String, String> set) throws IOException {
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withKubeVersion("1.31.0");
        for (Map.Entry<String, String> e : set.entrySet()) {
            template = template.set(e.getKey(), e.getValue());
        }
        String out = template.call();
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(new StringReader(out))) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isMissingNode() && d.has("kind")) {
                    docs.add(d);
                }
            }
        }
        return docs;
    }

    static Map<String, JsonNode> byKindAndName(List<JsonNode> docs, String kind) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode d : docs) {
            if (d.get("kind").asText().equals(kind)) {
                m.put(d.at("/metadata/name").asText(), d);
            }
        }
        return m;
    }

    static Properties properties(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    /** The services' configuration file the chart mounts. */
    static Properties config(List<JsonNode> docs) throws IOException {
        return properties(byKindAndName(docs, "ConfigMap")
                .get(PREFIX + "config")
                .at("/data/application.properties")
                .asText());
    }

    /** pipeline-core's edge table, as its defaults declare it: edge name to its properties' values. */
    static Map<String, Map<String, String>> codeEdges() throws IOException {
        Properties defaults = properties(Files.readString(
                Path.of("../pipeline-core/src/main/resources/META-INF/microprofile-config.properties")));
        Map<String, Map<String, String>> out = new java.util.TreeMap<>();
        String prefix = "recsys.chain.edges.";
        for (String key : defaults.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int dot = rest.lastIndexOf('.');
                out.computeIfAbsent(rest.substring(0, dot), k -> new java.util.TreeMap<>())
                        .put(rest.substring(dot + 1), defaults.getProperty(key));
            }
        }
        return out;
    }
}
