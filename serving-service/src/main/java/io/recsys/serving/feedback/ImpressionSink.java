package io.recsys.serving.feedback;

import io.recsys.core.feedback.Impression;
import java.util.List;

/** Where the recorder writes its batches: the impressions table, or a test's stand-in. */
@FunctionalInterface
interface ImpressionSink {
    void write(List<Impression> batch) throws Exception;
}
