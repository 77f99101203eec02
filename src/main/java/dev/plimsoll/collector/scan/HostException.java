package dev.plimsoll.collector.scan;

/** The host's file system cannot be read well enough to scan (no identity, unreadable root). */
public class HostException extends Exception {

    private static final long serialVersionUID = 1L;

    public HostException(String message) {
        super(message);
    }

    public HostException(String message, Throwable cause) {
        super(message, cause);
    }
}
