package io.recsys.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.PushGateway;
import io.recsys.core.config.PipelineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Pushes a one-shot run's metrics to a Pushgateway with {@code pushAdd}: metrics of the same group
 * that this run did not produce (e.g. an older last-success time) are kept, not overwritten.
 */
@ApplicationScoped
public class PushgatewayPublisher {
    private static final Logger LOG = Logger.getLogger(PushgatewayPublisher.class);

    private final PipelineConfig.Metrics config;
    private final MeterRegistry registry;

    public PushgatewayPublisher(PipelineConfig config, MeterRegistry registry) {
        this.config = config.metrics();
        this.registry = registry;
    }

    public boolean enabled() {
        return config.pushgatewayUrl().isPresent();
    }

    /** Returns true when pushed; a failed push is logged and never fails the run. */
    public boolean push(String stage, String instance) {
        if (config.pushgatewayUrl().isEmpty()) {
            return false;
        }
        Optional<CollectorRegistry> collectors = prometheusRegistry();
        if (collectors.isEmpty()) {
            LOG.warn("no Prometheus registry available; metrics not pushed");
            return false;
        }
        try {
            PushGateway gateway =
                    new PushGateway(new URL(config.pushgatewayUrl().get()));
            gateway.pushAdd(
                    collectors.get(), config.pushJob(), new TreeMap<>(Map.of("stage", stage, "instance", instance)));
            return true;
        } catch (Exception e) {
            LOG.warnf("metrics push to %s failed: %s", config.pushgatewayUrl().get(), e.toString());
            return false;
        }
    }

    private Optional<CollectorRegistry> prometheusRegistry() {
        if (registry instanceof PrometheusMeterRegistry p) {
            return Optional.of(p.getPrometheusRegistry());
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            for (MeterRegistry r : composite.getRegistries()) {
                if (r instanceof PrometheusMeterRegistry p) {
                    return Optional.of(p.getPrometheusRegistry());
                }
            }
        }
        return Optional.empty();
    }
}
