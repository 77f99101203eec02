package dev.plimsoll.platform;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Turns a start-up failure into one sentence a person can act on. */
final class StartupFailure {

    private StartupFailure() {}

    static String explain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable t : chain) {
            String message = firstLine(String.valueOf(t.getMessage()));
            String type = t.getClass().getName();
            if (t instanceof ConnectException || message.startsWith("Connection to") && message.contains("refused")) {
                return "the database is unreachable (" + message
                        + "); check QUARKUS_DATASOURCE_JDBC_URL and that PostgreSQL is running.";
            }
            if (t instanceof UnknownHostException) {
                return "the host " + message
                        + " is unknown; check QUARKUS_DATASOURCE_JDBC_URL and QUARKUS_OIDC_AUTH_SERVER_URL.";
            }
            if (type.equals("org.postgresql.util.PSQLException") && message.contains("authentication failed")) {
                return "the database refused the credentials (" + message
                        + "); check QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD.";
            }
            if (type.equals("org.postgresql.util.PSQLException") && message.contains("does not exist")) {
                return "the database says: " + message + "; create it or fix QUARKUS_DATASOURCE_JDBC_URL.";
            }
            if (message.contains("auth-server-url") || message.contains("quarkus.oidc")) {
                return "OpenID Connect is not configured; set QUARKUS_OIDC_AUTH_SERVER_URL, QUARKUS_OIDC_CLIENT_ID and QUARKUS_OIDC_CREDENTIALS_SECRET.";
            }
            if (type.startsWith("org.flywaydb")) {
                return "the schema migration failed: " + firstLine(message);
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return firstLine(String.valueOf(root.getMessage())) + " (run with -Dplimsoll.startup.trace=true for details).";
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
