package io.recsys.core.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;

/**
 * Real peers for alerting and metrics: a GreenMail SMTP server, a webhook receiver, a fake
 * Alertmanager (behind a path prefix, as behind a proxy) and a Pushgateway receiver, each on a free
 * loopback port, wired into the configuration.
 */
public class AlertPeersResource implements QuarkusTestResourceLifecycleManager {
    public static GreenMail smtp;
    public static HttpCapture webhook;
    public static HttpCapture alertmanager;
    public static HttpCapture pushgateway;

    @Override
    public Map<String, String> start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        try {
            webhook = new HttpCapture();
            alertmanager = new HttpCapture();
            pushgateway = new HttpCapture();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "quarkus.mailer.port", String.valueOf(smtp.getSmtp().getPort()),
                "recsys.alerts.slack.webhook-url", "http://127.0.0.1:" + webhook.port() + "/slack/hook",
                "recsys.alerts.alertmanager.url", "http://127.0.0.1:" + alertmanager.port() + "/am",
                "recsys.metrics.pushgateway-url", "http://127.0.0.1:" + pushgateway.port());
    }

    @Override
    public void stop() {
        if (smtp != null) {
            smtp.stop();
        }
        if (webhook != null) {
            webhook.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        if (pushgateway != null) {
            pushgateway.close();
        }
    }
}
