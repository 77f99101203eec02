package dev.plimsoll.platform.security;

import dev.plimsoll.platform.error.Problem;
import dev.plimsoll.platform.error.ProblemType;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A rejected bearer token is refused before any resource runs; on the API it is answered as a
 * problem document like every other error (pages keep the sign-in redirect).
 */
@ApplicationScoped
public class ApiAuthenticationFailures {

    void install(@Observes Router router) {
        router.route("/api/*").order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.failure() instanceof AuthenticationFailedException
                    && !context.response().ended()) {
                Problem problem = Problem.of(
                        ProblemType.UNAUTHENTICATED,
                        "The credentials were refused: the token is missing, malformed, expired, revoked or not meant for Plimsoll.",
                        context.request().path());
                context.response()
                        .setStatusCode(401)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("WWW-Authenticate", "Bearer")
                        .end(Json.encode(problem));
            } else {
                context.next();
            }
        });
    }
}
