package dev.plimsoll.platform.error;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into {@code application/problem+json}. Bean Validation and JSON binding
 * errors name the offending field as a JSON pointer; unexpected exceptions are logged with an
 * incident id and answered without class names or stack traces.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(
                Problem.of(e.type(), e.getMessage(), path(uri), e.errors().isEmpty() ? null : e.errors()), e.headers());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(pointer(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::pointer));
        String detail = errors.size() == 1
                ? errors.get(0).pointer() + ": " + errors.get(0).detail()
                : errors.size() + " fields are not valid; see errors.";
        return respond(Problem.of(ProblemType.INVALID_REQUEST, detail, path(uri), errors), Map.of());
    }

    /** Jackson's own mapper for mismatched input answers plain JSON; this one takes precedence. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return jsonMapping(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, UriInfo uri) {
        String pointer = JsonPointers.of(e.getPath());
        String detail = "The value at " + pointer + " has the wrong type or shape"
                + (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Unrecognized field")
                        ? " (unknown field)."
                        : ".");
        return respond(
                Problem.of(
                        ProblemType.MALFORMED_BODY,
                        detail,
                        path(uri),
                        List.of(new Problem.FieldError(pointer, detail))),
                Map.of());
    }

    @ServerExceptionMapper
    public Response jsonSyntax(JsonProcessingException e, UriInfo uri) {
        JsonLocation location = e.getLocation();
        String where =
                location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return respond(
                Problem.of(ProblemType.MALFORMED_BODY, "The body is not valid JSON" + where + ".", path(uri)),
                Map.of());
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return respond(
                Problem.of(
                        ProblemType.UNAUTHENTICATED,
                        "Send a valid bearer token in the Authorization header.",
                        path(uri)),
                Map.of("WWW-Authenticate", "Bearer"));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(new UnauthorizedException(), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.FORBIDDEN, "Your role does not allow this.", path(uri)), Map.of());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonMappingException mapping) {
            return jsonMapping(mapping, uri);
        }
        if (e.getCause() instanceof JsonProcessingException syntax) {
            return jsonSyntax(syntax, uri);
        }
        int status = e.getResponse().getStatus();
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (type) {
            case NOT_FOUND -> "Nothing is served at " + path(uri) + ".";
            case METHOD_NOT_ALLOWED -> "This method is not allowed on " + path(uri) + ".";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json.";
            case NOT_ACCEPTABLE -> "This resource answers application/json.";
            case PAYLOAD_TOO_LARGE -> "The request body is larger than allowed.";
            default -> type.title() + ".";
        };
        if (status >= 500) {
            return unexpected(e, uri);
        }
        return respond(new Problem(type.uri(), type.title(), status, detail, path(uri), null), Map.of());
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (DatabaseUnavailable.causes(e)) {
            LOG.warnf("Database unavailable on %s: %s", path(uri), DatabaseUnavailable.describe(e));
            return respond(
                    Problem.of(
                            ProblemType.UNAVAILABLE,
                            "The database cannot be reached just now; nothing was stored. Send the request again later.",
                            path(uri)),
                    Map.of("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS)));
        }
        String incident = java.util.UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error on %s (incident %s)", path(uri), incident);
        return respond(
                Problem.of(
                        ProblemType.INTERNAL,
                        "Something went wrong on our side. Quote incident " + incident + " when you report it.",
                        path(uri)),
                Map.of());
    }

    static Response respond(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder builder = problem.instance() != null
                        && problem.instance().startsWith("/app")
                ? Response.status(problem.status())
                        .type("text/html;charset=UTF-8")
                        .entity(page(problem))
                : Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        headers.forEach(builder::header);
        return builder.build();
    }

    /** Pages answer errors as a page of the same look, with the same words. */
    private static String page(Problem problem) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(problem.title())
                + " · Plimsoll</title><link rel=\"stylesheet\" href=\"/static/css/plimsoll.css\"></head><body>"
                + "<header class=\"topbar\"><a class=\"brand\" href=\"/app\">Plimsoll</a></header><main><h1>"
                + escape(problem.title()) + "</h1><p>" + escape(problem.detail())
                + "</p><p><a href=\"/app\">Back to the overview</a></p></main></body></html>";
    }

    private static String escape(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    /**
     * Bean Validation paths look like {@code create.arg0.results[3].status}: the method and
     * parameter nodes are dropped, the rest becomes a JSON pointer ({@code /results/3/status}).
     * A query parameter becomes {@code ?name}.
     */
    static String pointer(Path path) {
        StringBuilder pointer = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getIndex() != null) {
                pointer.append('/').append(node.getIndex());
            } else if (node.getKey() != null) {
                pointer.append('/').append(JsonPointers.escape(String.valueOf(node.getKey())));
            }
            if (node.getName() != null && node.getKind() == ElementKind.PROPERTY) {
                pointer.append('/').append(JsonPointers.escape(node.getName()));
            }
        }
        if (pointer.isEmpty()) {
            return parameter == null || parameter.equals("body") ? "/" : "?" + parameter;
        }
        return pointer.toString();
    }
}
