package io.recsys.core.runner;

import io.quarkus.runtime.Application;
import io.quarkus.runtime.PreventFurtherStepsException;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.recsys.core.stage.ExitCode;
import io.smallrye.config.ConfigValidationException;
import java.io.PrintStream;
import org.jboss.logging.Logger;

/**
 * Why the application did not start, as an exit code: a configuration value that does not convert
 * (an unknown enum constant) or breaks its annotated range is a bad invocation (exit 2, like a bad
 * option), not the generic 1 Quarkus would return, so a CronJob fails it without retrying.
 */
final class StartupFailure {
    private static final String EXCEPTION_PREFIX = "^[\\w.$]+(Exception|Error): ";

    private StartupFailure() {}

    /**
     * The exit code for {@code code} and {@code failure} as Quarkus reports them at exit; prints
     * what went wrong ({@code failure} null: a normal exit, passed through).
     */
    static int report(int code, Throwable failure, PrintStream err) {
        if (failure == null) {
            return code;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigValidationException v) {
                for (int i = 0; i < v.getProblemCount(); i++) {
                    // a conversion problem reads "java.lang.IllegalArgumentException: SRCFG00039: The config property
                    // ..."
                    err.println("error: configuration: "
                            + v.getProblem(i).getMessage().replaceFirst(EXCEPTION_PREFIX, ""));
                }
                return ExitCode.BAD_INVOCATION.code();
            }
            if (t instanceof ConfigurationException) {
                err.println("error: configuration: " + t.getMessage());
                return ExitCode.BAD_INVOCATION.code();
            }
            if (t instanceof PreventFurtherStepsException p) {
                if (p.getMessage() != null && !p.getMessage().isEmpty()) {
                    err.println(p.getMessage());
                }
                return code;
            }
        }
        // what Quarkus logs itself when no exit handler is given
        Logger.getLogger(Application.class).errorv(failure, "Failed to start application");
        return code;
    }
}
