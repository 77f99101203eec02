package dev.plimsoll.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The public front page: what Plimsoll is, and the way in. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class LandingPage {

    @Inject
    NavigationFactory navigation;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(Navigation nav);
    }

    @GET
    @PermitAll // The front page is public on purpose: it only describes the product and links to sign-in.
    public TemplateInstance index() {
        return Templates.index(navigation.forPage("/"));
    }
}
