package dev.plimsoll.platform.error;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Recognises failures that mean "the database is not there just now" (no connection to be had from
 * the pool, connection refused or broken, a statement cancelled by its timeout, the server shutting
 * down) so that they are answered 503 with Retry-After rather than 500: nothing was stored and the
 * same request may be sent again.
 */
final class DatabaseUnavailable {

    static final int RETRY_AFTER_SECONDS = 5;

    /** 57014 query_canceled (statement_timeout), 57P01-57P03 shutdown, 53300 too_many_connections. */
    private static final Set<String> STATES = Set.of("57014", "57P01", "57P02", "57P03", "53300", "55P03");

    private DatabaseUnavailable() {}

    static boolean causes(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof ConnectException
                    || cause instanceof SocketTimeoutException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || STATES.contains(state))) {
                    return true;
                }
                String message = sql.getMessage();
                if (message != null
                        && message.toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout")) {
                    return true;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
