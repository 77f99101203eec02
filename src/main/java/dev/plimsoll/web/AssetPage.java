package dev.plimsoll.web;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.posture.DetailService;
import dev.plimsoll.posture.Details;
import dev.plimsoll.posture.Page;
import dev.plimsoll.posture.ScanFile;
import dev.plimsoll.posture.ScanResource;
import dev.plimsoll.posture.ScanService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** A host or container: every control's status with evidence, and when each changed. */
@Path("/app/assets/{id}")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
public class AssetPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    DetailService details;

    @Inject
    ScanService scans;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance asset(
                Navigation nav,
                Details.Asset asset,
                AsOf asOf,
                Page<Details.ControlStatus> controls,
                Page<Details.Change> history,
                Page<ScanFile> scans);
    }

    @GET
    public TemplateInstance asset(
            @PathParam("id") UUID id,
            @QueryParam("asOf") String asOfParam,
            @QueryParam("page") String page,
            @QueryParam("historyPage") String historyPage,
            @QueryParam("scanPage") String scanPage,
            @QueryParam("size") String sizeParam) {
        AsOf asOf = AsOf.parse(asOfParam);
        int size = Paging.size(sizeParam);
        Details.Asset asset = details.asset(id, asOf.instant());
        return Templates.asset(
                navigation.forPage("/app"),
                asset,
                asOf,
                Page.of(asset.controls(), Paging.page(page), size),
                Page.of(asset.history(), Paging.page(historyPage), size),
                scans.ofAsset(id, Paging.page(scanPage), size));
    }

    /** The raw document of one of the host's scans, as stored: gzip-compressed, as an attachment. */
    @GET
    @Path("/scans/{scanId}/raw")
    @Produces("application/gzip")
    public Response raw(@PathParam("id") UUID id, @PathParam("scanId") UUID scanId) {
        return ScanResource.download(scans.raw(scanId, id));
    }
}
