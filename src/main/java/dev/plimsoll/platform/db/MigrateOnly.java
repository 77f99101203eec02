package dev.plimsoll.platform.db;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * With {@code PLIMSOLL_MIGRATE_ONLY=true} the application migrates the schema (which happens
 * before start-up completes) and exits: the deployment's migration job runs it this way so that
 * replicas never race migrations.
 */
@ApplicationScoped
public class MigrateOnly {

    private static final Logger LOG = Logger.getLogger(MigrateOnly.class);

    @ConfigProperty(name = "plimsoll.migrate-only", defaultValue = "false")
    boolean migrateOnly;

    void onStart(@Observes StartupEvent event) {
        if (migrateOnly) {
            LOG.info("Schema migrated; exiting as asked by plimsoll.migrate-only.");
            Quarkus.asyncExit(0);
        }
    }
}
