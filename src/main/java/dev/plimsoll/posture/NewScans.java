package dev.plimsoll.posture;

import dev.plimsoll.identity.CollectorPrincipal;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * A scan newly stored through {@code POST /api/v1/scans} or {@code /api/v1/imports/{format}}
 * (answered 201, so its transaction has committed) makes its tenant's dashboards stale. A scan
 * sent again (200) changed nothing.
 */
@Provider
public class NewScans implements ContainerResponseFilter {

    /** Looked up per response: filters are built before the runtime configuration the cache reads. */
    @Inject
    Instance<PostureCache> cache;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() == Response.Status.CREATED.getStatusCode()
                && "POST".equals(request.getMethod())
                && request.getSecurityContext().getUserPrincipal() instanceof CollectorPrincipal collector
                && isIngest(request.getUriInfo().getPath())) {
            cache.get().invalidate(collector.tenantId());
        }
    }

    private static boolean isIngest(String path) {
        return path.equals("/api/v1/scans") || path.startsWith("/api/v1/imports/");
    }
}
