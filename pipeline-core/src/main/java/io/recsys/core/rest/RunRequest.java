package io.recsys.core.rest;

import java.util.Map;

/** Body of {@code POST /api/v1/runs}. All fields optional. */
public record RunRequest(String stage, Boolean force, Boolean dryRun, Map<String, String> options) {}
