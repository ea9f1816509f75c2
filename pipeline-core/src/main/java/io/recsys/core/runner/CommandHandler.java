package io.recsys.core.runner;

import java.util.List;

/**
 * An extra command a service offers besides {@code run-once} and {@code serve}
 * (e.g. data-service's {@code generate-demo}). Returns the process exit code.
 */
public interface CommandHandler {

    String name();

    /** One line: arguments and what the command does. */
    String usage();

    int run(List<String> args) throws Exception;
}
