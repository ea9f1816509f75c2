package io.recsys.core.alert;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.recsys.core.config.PipelineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Sends the alert by SMTP through quarkus-mailer; subject prefixed with the severity as in the seed.
 * Recipients are chosen per severity ({@code recsys.alerts.email.recipients.<severity>}), falling
 * back to {@code recsys.alerts.email.to}: critical mail can go to on-call while warnings go to the team.
 */
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
        return nonEmpty(config.to()).isPresent()
                || nonEmpty(config.recipients().info()).isPresent()
                || nonEmpty(config.recipients().warning()).isPresent()
                || nonEmpty(config.recipients().critical()).isPresent();
    }

    @Override
    public boolean configuredFor(Alert alert) {
        return !recipients(alert.severity()).isEmpty();
    }

    /** The severity's own list when it has one, else the general one; empty: nobody to tell. */
    public List<String> recipients(Severity severity) {
        Optional<List<String>> own = nonEmpty(
                switch (severity) {
                    case INFO -> config.recipients().info();
                    case WARNING -> config.recipients().warning();
                    case CRITICAL -> config.recipients().critical();
                });
        return own.or(() -> nonEmpty(config.to())).orElse(List.of());
    }

    private static Optional<List<String>> nonEmpty(Optional<List<String>> list) {
        return list.map(l ->
                        l.stream().map(String::trim).filter(s -> !s.isEmpty()).toList())
                .filter(l -> !l.isEmpty());
    }

    @Override
    public void send(Alert alert) {
        List<String> to = recipients(alert.severity());
        if (to.isEmpty()) {
            throw new IllegalStateException("no email recipients for " + alert.severity() + " alerts");
        }
        String subject = "[" + alert.severity() + "] " + alert.subject();
        String body = "Source: " + alert.source() + "\nSeverity: " + alert.severity() + "\n\n" + alert.message();
        Mail mail = Mail.withText(to.get(0), subject, body).setFrom(config.from());
        if (to.size() > 1) {
            mail.setTo(to);
        }
        mailer.send(mail);
    }
}
