package io.recsys.core.stage;

/** The run could not renew its lease (database gone, or the lease expired and was taken). */
public class LeaseLostException extends RuntimeException {
    public LeaseLostException(String message) {
        super(message);
    }
}
