package io.recsys.serving.api;

import io.recsys.core.feedback.Impression;
import io.recsys.core.feedback.Variant;
import io.recsys.core.runner.InstanceIdentity;
import io.recsys.serving.config.ServingConfig;
import io.recsys.serving.feedback.ImpressionRecorder;
import io.recsys.serving.feedback.RequestIds;
import io.recsys.serving.model.CanaryModel;
import io.recsys.serving.model.ModelHolder;
import io.recsys.serving.model.ServedModel;
import io.recsys.serving.stats.Endpoint;
import io.recsys.serving.stats.RequestOutcome;
import io.recsys.serving.stats.RequestStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * What every answering endpoint does around its work: check k, take the current model once, time
 * the request and count how it ended, name the answer (request id in the body and the
 * {@code X-Request-Id} header) and record it as an impression.
 */
@ApplicationScoped
public class Answering {
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /**
     * Set by probes (deploy-service's smoke test): the answer is given and timed like any other, but
     * recorded as no impression and in no canary arm, since no shopper saw it.
     */
    public static final String PROBE_HEADER = "X-Recsys-Probe";

    private final ModelHolder holder;
    private final RequestStats stats;
    private final ImpressionRecorder impressions;
    private final InstanceIdentity identity;
    private final ServingConfig config;

    public Answering(
            ModelHolder holder,
            RequestStats stats,
            ImpressionRecorder impressions,
            InstanceIdentity identity,
            ServingConfig config) {
        this.holder = holder;
        this.stats = stats;
        this.impressions = impressions;
        this.identity = identity;
        this.config = config;
    }

    public int k(Integer requested) {
        int k = requested == null ? config.defaultK() : requested;
        if (k < 1 || k > config.maxK()) {
            throw new ServingException(
                    Response.Status.BAD_REQUEST, "k must be between 1 and " + config.maxK() + ", got " + k);
        }
        return k;
    }

    /** An answer that names no user (similar items, popular): production's. */
    public RestResponse<Recommendations> answer(Endpoint endpoint, Function<ServedModel, Recommendations> work) {
        return answer(endpoint, null, false, work);
    }

    public RestResponse<Recommendations> answer(
            Endpoint endpoint, String userId, Function<ServedModel, Recommendations> work) {
        return answer(endpoint, userId, false, work);
    }

    /**
     * An answer for {@code userId}: from the canary when one runs and the user is in its share,
     * else from production; the impression and the request's counts carry the variant.
     */
    public RestResponse<Recommendations> answer(
            Endpoint endpoint, String userId, boolean probe, Function<ServedModel, Recommendations> work) {
        long started = System.nanoTime();
        RequestOutcome outcome = RequestOutcome.ERROR;
        String reason = null;
        Variant variant = Variant.PRODUCTION;
        String modelId = null;
        try {
            ServedModel model = holder.current().orElseThrow(ServingException::noModel);
            Optional<CanaryModel> canary = holder.canary();
            if (userId != null && canary.isPresent() && canary.get().serves(userId)) {
                model = canary.get().model();
                variant = Variant.CANARY;
            }
            modelId = model.modelId();
            Recommendations r = work.apply(model).named(RequestIds.next(), variant.wire());
            reason = r.fallbackReason();
            outcome = r.fallback() ? RequestOutcome.FALLBACK : RequestOutcome.OK;
            if (!probe) {
                impressions.record(impression(endpoint, r, variant));
            }
            return RestResponse.ResponseBuilder.ok(r)
                    .header(REQUEST_ID_HEADER, r.requestId())
                    .build();
        } catch (ServingException e) {
            outcome = e.status().getFamily() == Response.Status.Family.CLIENT_ERROR
                    ? RequestOutcome.CLIENT_ERROR
                    : RequestOutcome.ERROR;
            throw e;
        } finally {
            stats.record(endpoint, System.nanoTime() - started, outcome, reason, variant, probe ? null : modelId);
        }
    }

    private Impression impression(Endpoint endpoint, Recommendations r, Variant variant) {
        List<String> shown = new ArrayList<>(r.items().size());
        for (ScoredItem i : r.items()) {
            shown.add(i.itemId());
        }
        return new Impression(
                r.requestId(),
                Instant.now(),
                identity.id(),
                endpoint.tag(),
                r.userId(),
                r.itemId(),
                r.modelId(),
                variant,
                r.fallbackReason(),
                shown);
    }
}
