package io.recsys.core.alert;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.recsys.core.config.PipelineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Sends the alert by SMTP through quarkus-mailer; subject prefixed with the severity as in the seed. */
@ApplicationScoped
public class EmailAlertChannel implements AlertChannel {
    private final Mailer mailer;
    private final PipelineConfig.Email config;

    public EmailAlertChannel(Mailer mailer, PipelineConfig config) {
        this.mailer = mailer;
        this.config = config.alerts().email();
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.EMAIL;
    }

    @Override
    public boolean configured() {
        return config.to().map(l -> !l.isEmpty()).orElse(false);
    }

    @Override
    public void send(Alert alert) {
        List<String> to = config.to().orElseThrow();
        String subject = "[" + alert.severity() + "] " + alert.subject();
        String body = "Source: " + alert.source() + "\nSeverity: " + alert.severity() + "\n\n" + alert.message();
        Mail mail = Mail.withText(to.get(0), subject, body).setFrom(config.from());
        if (to.size() > 1) {
            mail.setTo(to);
        }
        mailer.send(mail);
    }
}
