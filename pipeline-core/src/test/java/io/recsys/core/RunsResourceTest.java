package io.recsys.core;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.testing.TestStages;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RunsResourceTest {
    private static final String TOKEN = "Bearer test-token";

    @Inject
    TestStages.BlockingStage blocking;

    @Test
    void endpointsNeedTheBearerToken() {
        given().when().get("/api/v1/runs").then().statusCode(401);
        given().header("Authorization", "Bearer wrong")
                .when()
                .get("/api/v1/runs")
                .then()
                .statusCode(401);
        given().contentType(ContentType.JSON)
                .body("{\"stage\":\"echo\"}")
                .when()
                .post("/api/v1/runs")
                .then()
                .statusCode(401);
    }

    @Test
    void triggerReturns202AndTheRunCanBeFollowedToItsEnd() {
        String runId = given().header("Authorization", TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"stage\":\"echo\",\"options\":{\"value\":\"from-http\"}}")
                .when()
                .post("/api/v1/runs")
                .then()
                .statusCode(202)
                .body("runId", notNullValue())
                .extract()
                .path("runId");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "SUCCEEDED"
                        .equals(given().header("Authorization", TOKEN)
                                .get("/api/v1/runs/" + runId)
                                .then()
                                .extract()
                                .path("status")));
        given().header("Authorization", TOKEN)
                .get("/api/v1/runs/" + runId)
                .then()
                .body("trigger", equalTo("HTTP"))
                .body("outputs.value", equalTo("from-http"));
        given().header("Authorization", TOKEN)
                .queryParam("stage", "echo")
                .queryParam("limit", 1)
                .get("/api/v1/runs")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].stage", equalTo("echo"));
    }

    @Test
    void aSecondTriggerWhileRunningGets409WithTheHoldersRunId() throws Exception {
        blocking.started = new CountDownLatch(1);
        blocking.release = new CountDownLatch(1);
        String first = given().header("Authorization", TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"stage\":\"blocking\"}")
                .post("/api/v1/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        assertThat(blocking.started.await(10, TimeUnit.SECONDS)).isTrue();
        given().header("Authorization", TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"stage\":\"blocking\"}")
                .post("/api/v1/runs")
                .then()
                .statusCode(409)
                .body("holderRunId", equalTo(first));
        blocking.release.countDown();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "SUCCEEDED"
                        .equals(given().header("Authorization", TOKEN)
                                .get("/api/v1/runs/" + first)
                                .then()
                                .extract()
                                .path("status")));
    }

    @Test
    void badRequestsAre400() {
        given().header("Authorization", TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"stage\":\"echo\",\"options\":{\"colour\":\"red\"}}")
                .post("/api/v1/runs")
                .then()
                .statusCode(400)
                .body("error", equalTo("unknown option 'colour'"));
        given().header("Authorization", TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"stage\":\"nope\"}")
                .post("/api/v1/runs")
                .then()
                .statusCode(400);
        given().header("Authorization", TOKEN)
                .get("/api/v1/runs/not-a-uuid")
                .then()
                .statusCode(400);
    }

    @Test
    void aRunStartedOnBehalfOfAnotherNamesItsParentAndTheParentListsItsChildren() {
        String parent = runToTheEnd("{\"stage\":\"echo\",\"options\":{\"value\":\"parent\"}}");
        String child = runToTheEnd("{\"stage\":\"echo\",\"parentRunId\":\"" + parent + "\"}");
        given().header("Authorization", TOKEN)
                .get("/api/v1/runs/" + child)
                .then()
                .body("parentRunId", equalTo(parent))
                .body("children", empty());
        given().header("Authorization", TOKEN)
                .get("/api/v1/runs/" + parent)
                .then()
                .body("parentRunId", nullValue())
                .body("children", contains(child));
        for (String bad : List.of("not-a-run-id", UUID.randomUUID().toString())) {
            given().header("Authorization", TOKEN)
                    .contentType(ContentType.JSON)
                    .body("{\"stage\":\"echo\",\"parentRunId\":\"" + bad + "\"}")
                    .post("/api/v1/runs")
                    .then()
                    .statusCode(400)
                    .body("error", containsString(bad));
        }
    }

    private static String runToTheEnd(String body) {
        String runId = given().header("Authorization", TOKEN)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "SUCCEEDED"
                        .equals(given().header("Authorization", TOKEN)
                                .get("/api/v1/runs/" + runId)
                                .then()
                                .extract()
                                .path("status")));
        return runId;
    }
}
