package io.headstream.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST API exactly as Confluent's clients see it: paths, bodies, content type, ids,
 * versions and the error JSON with Confluent's codes. Requests are made with a plain HTTP client
 * so the JSON on the wire is what is checked.
 */
class EmbeddedSchemaRegistryApiTest {

    static final String CT = "application/vnd.schemaregistry.v1+json";
    static final String V1 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}";
    static final String V2 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"age\",\"type\":[\"null\",\"int\"],\"default\":null}]}";
    static final String V2_NO_DEFAULT = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"age\",\"type\":\"int\"}]}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddedSchemaRegistry registry;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        registry = EmbeddedSchemaRegistry.builder().build().start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    record Reply(int status, JsonNode body, String contentType) {}

    Reply call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(registry.url() + path));
        if (body != null) {
            b.header("Content-Type", CT);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()), r.headers().firstValue("Content-Type").orElse(""));
    }

    static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    @Test
    void registerReturnsGlobalIdsAndTheSameIdForTheSameSchema() throws Exception {
        Reply first = call("POST", "/subjects/users-value/versions", schemaBody(V1));
        Reply again = call("POST", "/subjects/users-value/versions", schemaBody(V1.replace(",", " , ")));
        Reply otherSubject = call("POST", "/subjects/people-value/versions", schemaBody(V1));
        Reply second = call("POST", "/subjects/users-value/versions", schemaBody(V2));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).isEqualTo(CT);
        assertThat(first.body()).isEqualTo(JSON.readTree("{\"id\":1}"));
        assertThat(again.body().get("id").asInt()).isEqualTo(1);
        assertThat(otherSubject.body().get("id").asInt()).isEqualTo(1);
        assertThat(second.body().get("id").asInt()).isEqualTo(2);
        assertThat(call("GET", "/subjects/users-value/versions", null).body()).isEqualTo(JSON.readTree("[1,2]"));
        assertThat(call("GET", "/subjects", null).body()).isEqualTo(JSON.readTree("[\"people-value\",\"users-value\"]"));
    }

    @Test
    void readsSchemasByIdAndVersion() throws Exception {
        call("POST", "/subjects/users-value/versions", schemaBody(V1));
        call("POST", "/subjects/users-value/versions", schemaBody(V2));

        JsonNode byId = call("GET", "/schemas/ids/2", null).body();
        JsonNode latest = call("GET", "/subjects/users-value/versions/latest", null).body();
        JsonNode v1 = call("GET", "/subjects/users-value/versions/1", null).body();
        JsonNode raw = call("GET", "/subjects/users-value/versions/1/schema", null).body();

        assertThat(JSON.readTree(byId.get("schema").asText())).isEqualTo(JSON.readTree(V2));
        assertThat(latest.get("subject").asText()).isEqualTo("users-value");
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(2);
        assertThat(v1.get("version").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(v1.get("schema").asText())).isEqualTo(JSON.readTree(V1));
        assertThat(raw).isEqualTo(JSON.readTree(V1));
        assertThat(call("GET", "/schemas/ids/1/versions", null).body())
                .isEqualTo(JSON.readTree("[{\"subject\":\"users-value\",\"version\":1}]"));
    }

    @Test
    void lookupFindsARegisteredSchema() throws Exception {
        call("POST", "/subjects/users-value/versions", schemaBody(V1));

        Reply found = call("POST", "/subjects/users-value", schemaBody(V1));
        Reply missing = call("POST", "/subjects/users-value", schemaBody(V2));

        assertThat(found.body().get("id").asInt()).isEqualTo(1);
        assertThat(found.body().get("version").asInt()).isEqualTo(1);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("error_code").asInt()).isEqualTo(40403);
    }

    @Test
    void subjectNotFoundIsConfluentsError() throws Exception {
        Reply r = call("GET", "/subjects/nope-value/versions/latest", null);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).isEqualTo(CT);
        assertThat(r.body()).isEqualTo(JSON.readTree("{\"error_code\":40401,\"message\":\"Subject 'nope-value' not found.\"}"));
    }

    @Test
    void versionAndSchemaNotFound() throws Exception {
        call("POST", "/subjects/users-value/versions", schemaBody(V1));

        Reply version = call("GET", "/subjects/users-value/versions/7", null);
        Reply badVersion = call("GET", "/subjects/users-value/versions/zero", null);
        Reply schema = call("GET", "/schemas/ids/42", null);

        assertThat(version.status()).isEqualTo(404);
        assertThat(version.body().get("error_code").asInt()).isEqualTo(40402);
        assertThat(badVersion.status()).isEqualTo(422);
        assertThat(badVersion.body().get("error_code").asInt()).isEqualTo(42202);
        assertThat(schema.status()).isEqualTo(404);
        assertThat(schema.body()).isEqualTo(JSON.readTree("{\"error_code\":40403,\"message\":\"Schema 42 not found\"}"));
    }

    @Test
    void incompatibleSchemaIsA409AndRegistersNothing() throws Exception {
        call("POST", "/subjects/users-value/versions", schemaBody(V1));

        Reply r = call("POST", "/subjects/users-value/versions", schemaBody(V2_NO_DEFAULT));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body().get("error_code").asInt()).isEqualTo(409);
        assertThat(r.body().get("message").asText())
                .contains("incompatible with an earlier schema for subject \"users-value\"")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("age");
        assertThat(call("GET", "/subjects/users-value/versions", null).body()).isEqualTo(JSON.readTree("[1]"));
    }

    @Test
    void invalidSchemaIs42201() throws Exception {
        Reply notAvro = call("POST", "/subjects/x-value/versions", schemaBody("{\"type\":\"record\",\"name\":\"R\"}"));
        Reply notJson = call("POST", "/subjects/x-value/versions", "{\"schema\":");
        Reply protobuf = call("POST", "/subjects/x-value/versions", "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}");

        assertThat(notAvro.status()).isEqualTo(422);
        assertThat(notAvro.body().get("error_code").asInt()).isEqualTo(42201);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(protobuf.body().get("error_code").asInt()).isEqualTo(42201);
        assertThat(protobuf.body().get("message").asText()).contains("AVRO only");
    }

    @Test
    void compatibilityEndpointAndConfig() throws Exception {
        // PUT /config is refused unless the registry enables config writes (RegistryRequestGuardsTest).
        registry.close();
        registry = EmbeddedSchemaRegistry.builder().configWritesEnabled(true).build().start();
        call("POST", "/subjects/users-value/versions", schemaBody(V1));

        assertThat(call("POST", "/compatibility/subjects/users-value/versions/latest", schemaBody(V2)).body())
                .isEqualTo(JSON.readTree("{\"is_compatible\":true}"));
        assertThat(call("POST", "/compatibility/subjects/users-value/versions/latest", schemaBody(V2_NO_DEFAULT)).body()
                .get("is_compatible").asBoolean()).isFalse();
        assertThat(call("POST", "/compatibility/subjects/new-value/versions/latest", schemaBody(V1)).body()
                .get("is_compatible").asBoolean()).isTrue();

        assertThat(call("GET", "/config", null).body()).isEqualTo(JSON.readTree("{\"compatibilityLevel\":\"BACKWARD\"}"));
        assertThat(call("GET", "/config/users-value", null).body().get("error_code").asInt()).isEqualTo(40408);
        assertThat(call("GET", "/config/users-value?defaultToGlobal=true", null).body().get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");
        assertThat(call("PUT", "/config/users-value", "{\"compatibility\":\"NONE\"}").body())
                .isEqualTo(JSON.readTree("{\"compatibility\":\"NONE\"}"));
        assertThat(call("GET", "/config/users-value", null).body().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(call("POST", "/subjects/users-value/versions", schemaBody(V2_NO_DEFAULT)).body().get("id").asInt()).isEqualTo(2);

        Reply bad = call("PUT", "/config", "{\"compatibility\":\"SOMETIMES\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().get("error_code").asInt()).isEqualTo(42203);
    }

    @Test
    void subjectNamesAreUrlDecoded() throws Exception {
        Reply r = call("POST", "/subjects/io.headstream.schema.Answer%2Bx/versions", schemaBody(V1));

        assertThat(r.status()).isEqualTo(200);
        assertThat(call("GET", "/subjects", null).body()).isEqualTo(JSON.readTree("[\"io.headstream.schema.Answer+x\"]"));
    }

    @Test
    void unknownPathAndWrongMethod() throws Exception {
        assertThat(call("GET", "/nothing/here", null).status()).isEqualTo(404);
        assertThat(call("DELETE", "/subjects", null).status()).isEqualTo(405);
    }

    @Test
    void queryParametersOfNewerClientsAreAccepted() throws Exception {
        Reply r = call("POST", "/subjects/users-value/versions?normalize=false", schemaBody(V1));
        Reply byId = call("GET", "/schemas/ids/1?subject=users-value&fetchMaxId=false", null);

        assertThat(r.body().get("id").asInt()).isEqualTo(1);
        assertThat(byId.status()).isEqualTo(200);
    }
}
