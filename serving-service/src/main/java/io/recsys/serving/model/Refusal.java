package io.recsys.serving.model;

import java.time.Instant;

/** A model this replica would not serve, and why; kept until the alias moves again. */
public record Refusal(String modelId, long aliasGeneration, String reason, Instant at) {}
