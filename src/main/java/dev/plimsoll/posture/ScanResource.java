package dev.plimsoll.posture;

import dev.plimsoll.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The raw document of a scan as the collector sent it, gzip-compressed, for auditors and the host's team. */
@Path("/api/v1/scans/{id}/raw")
@RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
public class ScanResource {

    @Inject
    ScanService scans;

    @GET
    @Produces("application/gzip")
    @Operation(
            summary =
                    "Download the raw scan document (.json.gz as received; SHA-256 of the raw bytes in Digest-SHA256)")
    public Response raw(@PathParam("id") UUID id) {
        return download(scans.raw(id, null));
    }

    /** The answer for a raw document: an attachment, gzip bytes as stored, never decoded by the browser. */
    public static Response download(ScanFile.Raw raw) {
        return Response.ok(raw.gzip(), "application/gzip")
                .header("Content-Disposition", "attachment; filename=\"" + raw.fileName() + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Raw-Media-Type", raw.mediaType())
                .header("X-Raw-SHA256", raw.sha256())
                .build();
    }
}
