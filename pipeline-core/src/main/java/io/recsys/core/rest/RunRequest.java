package io.recsys.core.rest;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/runs}. All fields optional; {@code parentRunId} names the run this
 * one is started on behalf of (it must exist); {@code chain: false} runs the stage alone (its
 * outcome starts no downstream stage).
 */
public record RunRequest(
        String stage, Boolean force, Boolean dryRun, Map<String, String> options, String parentRunId, Boolean chain) {}
