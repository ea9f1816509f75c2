package io.recsys.core.runner;

import io.recsys.core.config.PipelineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;

/** Who this process is, for leases and run rows: pod/host name and pid unless configured. */
@ApplicationScoped
public class InstanceIdentity {
    private final String id;

    public InstanceIdentity(PipelineConfig config) {
        this.id = config.instanceId().orElseGet(InstanceIdentity::hostAndPid);
    }

    private static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    public String id() {
        return id;
    }
}
