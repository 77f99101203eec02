package dev.plimsoll.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo's database: an embedded PostgreSQL (or, failing that, the local one at 127.0.0.1:5432)
 * with a fresh database and the production role layout. Writes the connection settings as shell
 * variables to the file named by the first argument, then keeps running until stopped.
 */
public final class DemoDatabase {

    private DemoDatabase() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: DemoDatabase ENV_FILE");
            System.exit(2);
        }
        TestDatabase database;
        try {
            database = TestDatabase.create("plimsoll_demo", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        } catch (RuntimeException e) {
            System.err.println(
                    "No PostgreSQL for the demo: the embedded one did not start and none answers at 127.0.0.1:5432"
                            + " as user postgres. Set QUARKUS_DATASOURCE_JDBC_URL (and _USERNAME, _PASSWORD) to use your own.");
            System.exit(3);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(database::close));
        Path envFile = Path.of(args[0]);
        Path partial = envFile.resolveSibling(envFile.getFileName() + ".partial");
        Files.write(
                partial,
                List.of(
                        "QUARKUS_DATASOURCE_JDBC_URL='" + database.jdbcUrl() + "'",
                        "QUARKUS_DATASOURCE_USERNAME='" + TestDatabase.APP + "'",
                        "QUARKUS_DATASOURCE_PASSWORD='" + TestDatabase.PASSWORD + "'",
                        "QUARKUS_DATASOURCE_OWNER_USERNAME='" + TestDatabase.OWNER + "'",
                        "QUARKUS_DATASOURCE_OWNER_PASSWORD='" + TestDatabase.PASSWORD + "'",
                        "PLIMSOLL_DATABASE_APP_ROLE='" + TestDatabase.APP + "'"));
        Files.move(partial, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("Demo database ready: " + database.jdbcUrl());
        Thread.currentThread().join();
    }
}
