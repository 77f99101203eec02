package dev.plimsoll.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** A failed start-up is explained in one sentence that says what to fix. */
class StartupFailureTest {

    @Test
    void an_unreachable_database_names_the_setting_to_check() {
        Throwable failure = new RuntimeException(
                "Failed to start quarkus",
                new IllegalStateException(
                        "Unable to obtain connection from database:\nSQL State : 08001",
                        new ConnectException("Connection refused")));
        String sentence = StartupFailure.explain(failure);
        assertThat(sentence)
                .contains("database is unreachable")
                .contains("QUARKUS_DATASOURCE_JDBC_URL")
                .doesNotContain("\n");
    }

    @Test
    void missing_openid_connect_settings_name_the_settings_to_set() {
        Throwable failure = new RuntimeException(
                "Failed to start quarkus",
                new IllegalStateException("'quarkus.oidc.auth-server-url' property must be configured"));
        assertThat(StartupFailure.explain(failure))
                .contains("QUARKUS_OIDC_AUTH_SERVER_URL")
                .doesNotContain("\n");
    }

    @Test
    void an_unknown_failure_keeps_only_the_first_line_of_its_root_cause() {
        Throwable failure = new RuntimeException("outer", new IllegalArgumentException("first line\nsecond line"));
        assertThat(StartupFailure.explain(failure)).startsWith("first line").doesNotContain("second line");
    }
}
