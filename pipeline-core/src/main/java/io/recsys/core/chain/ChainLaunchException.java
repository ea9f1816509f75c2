package io.recsys.core.chain;

/** A chained run could not be asked for; the link records why. */
public class ChainLaunchException extends Exception {
    private static final long serialVersionUID = 1L;

    public ChainLaunchException(String message) {
        super(message);
    }
}
