package dev.plimsoll.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The shared layout and the way in. */
@QuarkusTest
class PagesTest {

    @Test
    void the_front_page_is_public_and_uses_the_shared_layout() {
        given().when()
                .get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<header class=\"topbar\">"))
                .body(containsString("/static/css/plimsoll.css"))
                .body(containsString("Sign in"));
    }

    @Test
    void the_stylesheet_is_served() {
        given().when().get("/static/css/plimsoll.css").then().statusCode(200).body(containsString("--brand"));
    }

    @Test
    void the_dashboard_sends_an_anonymous_visitor_to_sign_in_with_pkce() {
        given().redirects()
                .follow(false)
                .when()
                .get("/app")
                .then()
                .statusCode(302)
                .header("Location", startsWith("http"))
                .header("Location", containsString("code_challenge_method=S256"));
    }

    @Test
    void health_openapi_and_metrics_are_served() {
        given().when().get("/q/health/ready").then().statusCode(200).body(containsString("UP"));
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/teams"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("http_server"));
    }
}
