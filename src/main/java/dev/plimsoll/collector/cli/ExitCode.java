package dev.plimsoll.collector.cli;

/** The collector's exit codes, as documented in docs/collector.md. */
public enum ExitCode {
    /** Done. */
    OK(0),
    /** Done, and some result has a status named by {@code --fail-on}. */
    CHECKS_FAILED(1),
    /** The command line is wrong. */
    USAGE(2),
    /** The Docker daemon or the host's files cannot be read (or an input file, for import). */
    UNREADABLE(3),
    /** The backend refused the token or a scan. */
    BACKEND_REFUSED(4),
    /** The backend could not be reached; the scan is kept in the spool and sent by a later run. */
    KEPT_FOR_LATER(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
