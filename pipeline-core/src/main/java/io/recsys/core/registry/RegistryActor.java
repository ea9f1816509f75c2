package io.recsys.core.registry;

import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * Who is changing the registry, as the audit history records it: inside a stage run, the stage
 * and its run id (the runner puts both in the logging context); otherwise "api". The host is the
 * pod/host + pid either way.
 */
record RegistryActor(String actor, UUID runId, String host) {
    static final String API = "api";

    static RegistryActor current(String host) {
        Object stage = MDC.get("stage");
        Object run = MDC.get("run");
        UUID runId = null;
        if (run != null) {
            try {
                runId = UUID.fromString(run.toString());
            } catch (IllegalArgumentException e) {
                runId = null; // not a run id: record the change without one rather than refuse it
            }
        }
        return new RegistryActor(stage != null ? stage.toString() : API, runId, host);
    }

    /** host:pid, as {@code InstanceIdentity} names a process when no instance id is configured. */
    static String localHost() {
        String name;
        try {
            name = java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            name = "unknown-host";
        }
        return name + ":" + ProcessHandle.current().pid();
    }
}
