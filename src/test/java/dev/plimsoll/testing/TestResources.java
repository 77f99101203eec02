package dev.plimsoll.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The resources every Quarkus test shares (declared once; they apply to the whole run): a fresh
 * PostgreSQL database and a local OIDC server that signs test tokens.
 */
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
public final class TestResources {

    private TestResources() {}
}
