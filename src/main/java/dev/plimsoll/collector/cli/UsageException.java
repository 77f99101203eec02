package dev.plimsoll.collector.cli;

/** The command line asks for something the collector does not understand. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
