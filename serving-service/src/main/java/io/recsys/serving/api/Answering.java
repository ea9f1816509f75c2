package io.recsys.serving.api;

import io.recsys.serving.config.ServingConfig;
import io.recsys.serving.model.ModelHolder;
import io.recsys.serving.model.ServedModel;
import io.recsys.serving.stats.Endpoint;
import io.recsys.serving.stats.RequestOutcome;
import io.recsys.serving.stats.RequestStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;

/**
 * What every answering endpoint does around its work: check k, take the current model once, time
 * the request and count how it ended.
 */
@ApplicationScoped
public class Answering {
    private final ModelHolder holder;
    private final RequestStats stats;
    private final ServingConfig config;

    public Answering(ModelHolder holder, RequestStats stats, ServingConfig config) {
        this.holder = holder;
        this.stats = stats;
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

    public Recommendations answer(Endpoint endpoint, Function<ServedModel, Recommendations> work) {
        long started = System.nanoTime();
        RequestOutcome outcome = RequestOutcome.ERROR;
        String reason = null;
        try {
            ServedModel model = holder.current().orElseThrow(ServingException::noModel);
            Recommendations r = work.apply(model);
            reason = r.fallbackReason();
            outcome = r.fallback() ? RequestOutcome.FALLBACK : RequestOutcome.OK;
            return r;
        } catch (ServingException e) {
            outcome = e.status().getFamily() == Response.Status.Family.CLIENT_ERROR
                    ? RequestOutcome.CLIENT_ERROR
                    : RequestOutcome.ERROR;
            throw e;
        } finally {
            stats.record(endpoint, System.nanoTime() - started, outcome, reason);
        }
    }
}
