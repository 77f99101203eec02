package dev.plimsoll.ingest;

import dev.plimsoll.identity.CollectorPrincipal;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.platform.error.ProblemType;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanJson;
import dev.plimsoll.wire.imports.ImportContext;
import dev.plimsoll.wire.imports.ImportException;
import dev.plimsoll.wire.imports.Importers;
import dev.plimsoll.wire.json.JsonShapeException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Ingestion: collectors post native scan documents, and other tools' output is imported. The
 * tenant and team come from the collector token; 201 or 200 is answered only once the scan is
 * committed.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ScanResource {

    @Inject
    IngestService ingest;

    @Inject
    IngestConfig config;

    @Inject
    TokenRateLimiter rateLimiter;

    @Inject
    SecurityIdentity identity;

    @POST
    @Path("/scans")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.COLLECTOR)
    @Operation(summary = "Store a native scan document (gzip accepted); 201 when new, 200 when already stored")
    public Response post(InputStream body, @HeaderParam("Content-Encoding") String encoding) {
        CollectorPrincipal collector = collector();
        RequestBodies.Body read = RequestBodies.read(body, encoding, config.maxDocumentBytes());
        ScanDocument document = NativeScanReader.tryRead(read.raw(), config.maxDepth());
        if (document == null) {
            document = readNamingTheFault(new String(read.raw(), StandardCharsets.UTF_8));
        }
        return store(collector, document, "native", read, MediaType.APPLICATION_JSON);
    }

    @POST
    @Path("/imports/{format}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.COLLECTOR)
    @Operation(summary = "Import another tool's output: docker-bench, trivy, kube-bench or hdf")
    public Response importOutput(
            @PathParam("format") String format,
            @QueryParam("host") String host,
            @QueryParam("scannedAt") String scannedAt,
            @QueryParam("scanId") String scanId,
            @HeaderParam("Content-Encoding") String encoding,
            InputStream body) {
        CollectorPrincipal collector = collector();
        if (!Importers.formats().contains(format)) {
            throw new ProblemException(
                    ProblemType.NOT_FOUND,
                    "There is no import format \"" + format + "\": use one of " + String.join(", ", Importers.formats())
                            + ".",
                    List.of(new dev.plimsoll.platform.error.Problem.FieldError("format", "unknown import format")),
                    Map.of());
        }
        Instant scanned = null;
        if (scannedAt != null && !scannedAt.isBlank()) {
            try {
                scanned = Instant.parse(scannedAt);
            } catch (DateTimeParseException e) {
                throw ProblemException.invalidField(
                        "scannedAt", "must be an ISO-8601 instant such as 2026-11-28T10:00:00Z");
            }
        }
        RequestBodies.Body read = RequestBodies.read(body, encoding, config.maxDocumentBytes());
        JsonGuard.checkDepth(read.raw(), config.maxDepth());
        ScanDocument document;
        try {
            document = Importers.convert(
                    format,
                    new ByteArrayInputStream(read.raw()),
                    new ImportContext(blankToNull(host), scanned, blankToNull(scanId)));
        } catch (ImportException e) {
            throw ProblemException.invalidField(e.location() == null ? "" : e.location(), e.detail());
        } catch (UncheckedIOException e) {
            throw new ProblemException(ProblemType.MALFORMED_BODY, "The body could not be read.");
        }
        return store(collector, document, format, read, MediaType.APPLICATION_JSON + "; format=" + format);
    }

    @GET
    @Path("/schema/scan.json")
    @PermitAll
    @Produces("application/schema+json")
    @Operation(summary = "The JSON Schema of the native scan document")
    public Response schema() {
        try (InputStream schema = getClass().getResourceAsStream("/schema/scan.schema.json")) {
            return Response.ok(schema.readAllBytes()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response store(
            CollectorPrincipal collector,
            ScanDocument document,
            String source,
            RequestBodies.Body body,
            String mediaType) {
        ScanValidator.validate(document, config, Instant.now());
        ScanReceipt receipt = ingest.ingest(
                collector, new IngestService.Submission(document, source, body.raw(), body.compressed(), mediaType));
        return Response.status(receipt.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(receipt)
                .build();
    }

    /** The full reader, for a document the fast one would not take: its refusal names the field. */
    private ScanDocument readNamingTheFault(String json) {
        JsonGuard.checkDepth(json, config.maxDepth());
        try {
            return ScanJson.read(json);
        } catch (JsonShapeException e) {
            throw ProblemException.invalidField(e.pointer(), e.detail());
        } catch (NullPointerException e) {
            throw ProblemException.invalidField("", "A required field is missing: " + e.getMessage());
        }
    }

    private CollectorPrincipal collector() {
        if (!(identity.getPrincipal() instanceof CollectorPrincipal collector)) {
            throw ProblemException.forbidden("Only a collector token may post scans.");
        }
        rateLimiter.acquire(collector.tokenId());
        return collector;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
