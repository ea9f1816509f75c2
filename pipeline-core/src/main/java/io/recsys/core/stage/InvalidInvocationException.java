package io.recsys.core.stage;

/** Bad command line or request: unknown stage, unknown option, missing value. Exit 2 / HTTP 400. */
public class InvalidInvocationException extends Exception {
    public InvalidInvocationException(String message) {
        super(message);
    }
}
