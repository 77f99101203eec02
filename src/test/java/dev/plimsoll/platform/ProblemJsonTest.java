package dev.plimsoll.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Every error of the API is an RFC 9457 problem document that names what is wrong. */
@QuarkusTest
class ProblemJsonTest {

    @Test
    void an_unknown_api_path_answers_a_not_found_problem() {
        given().auth()
                .oauth2(Fixtures.tenant().member("auditor"))
                .when()
                .get("/api/v1/no-such-thing")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://plimsoll.dev/problems/not-found"))
                .body("status", equalTo(404))
                .body("detail", notNullValue());
    }

    @Test
    void a_request_without_a_token_answers_an_unauthenticated_problem() {
        given().when()
                .get("/api/v1/teams")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo("https://plimsoll.dev/problems/unauthenticated"));
    }

    @Test
    void a_forged_token_answers_an_unauthenticated_problem() {
        given().auth()
                .oauth2("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
                .when()
                .get("/api/v1/teams")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://plimsoll.dev/problems/unauthenticated"));
    }

    @Test
    void a_wrong_role_answers_a_forbidden_problem() {
        given().auth()
                .oauth2(Fixtures.tenant().member("auditor"))
                .contentType(ContentType.JSON)
                .body("{\"slug\":\"ops\",\"name\":\"Ops\"}")
                .when()
                .post("/api/v1/teams")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://plimsoll.dev/problems/forbidden"));
    }

    @Test
    void an_invalid_field_is_named_by_its_json_pointer() {
        given().auth()
                .oauth2(Fixtures.tenant().member("org-admin"))
                .contentType(ContentType.JSON)
                .body("{\"slug\":\"Not A Slug\",\"name\":\"\"}")
                .when()
                .post("/api/v1/teams")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://plimsoll.dev/problems/invalid-request"))
                .body("errors.pointer", hasItem("/slug"))
                .body("errors.pointer", hasItem("/name"));
    }

    @Test
    void a_wrongly_typed_field_is_named_by_its_json_pointer() {
        given().auth()
                .oauth2(Fixtures.tenant().member("org-admin"))
                .contentType(ContentType.JSON)
                .body("{\"slug\":[1,2],\"name\":\"Ops\"}")
                .when()
                .post("/api/v1/teams")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://plimsoll.dev/problems/malformed-body"))
                .body("errors[0].pointer", equalTo("/slug"));
    }

    @Test
    void broken_json_is_a_malformed_body_problem_without_internals() {
        given().auth()
                .oauth2(Fixtures.tenant().member("org-admin"))
                .contentType(ContentType.JSON)
                .body("{\"slug\": \"ops\", ")
                .when()
                .post("/api/v1/teams")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://plimsoll.dev/problems/malformed-body"))
                .body("detail", not(containsString("com.fasterxml")))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void a_missing_body_is_named() {
        given().auth()
                .oauth2(Fixtures.tenant().member("org-admin"))
                .contentType(ContentType.JSON)
                .when()
                .post("/api/v1/teams")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void a_duplicate_answers_a_conflict_problem() {
        String admin = Fixtures.tenant().member("org-admin");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"slug\":\"ops\",\"name\":\"Ops\"}")
                .when()
                .post("/api/v1/teams")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"slug\":\"ops\",\"name\":\"Ops again\"}")
                .when()
                .post("/api/v1/teams")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://plimsoll.dev/problems/conflict"));
    }

    @Test
    void a_wrong_method_answers_a_problem() {
        given().auth()
                .oauth2(Tokens.person("someone", "someone@example.com"))
                .when()
                .delete("/api/v1/me")
                .then()
                .statusCode(405)
                .contentType("application/problem+json");
    }
}
