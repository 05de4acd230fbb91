package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.ask.ResultTable;
import dev.tarn.ask.datasource.Datasources;
import dev.tarn.ask.datasource.QuestionContext;
import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.ColumnSchema;
import dev.tarn.ask.nl.model.DataType;
import dev.tarn.ask.nl.model.ForeignKey;
import dev.tarn.ask.nl.sql.SqlDialect;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A catalog of this very server as a datasource (engine tarn): the whole life of a datasource, over HTTP and through the Java API. */
class TarnDatasourceIT {
    private static TestServer server;
    private static DatasourceClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = new DatasourceClient(server.root());
        for (String statement : List.of(
                "CREATE SCHEMA shop",
                "CREATE TABLE shop.countries (code VARCHAR PRIMARY KEY, name VARCHAR, population BIGINT)",
                "CREATE TABLE shop.customers (id INTEGER PRIMARY KEY, full_name VARCHAR, email VARCHAR, country_code VARCHAR REFERENCES shop.countries(code))",
                "COMMENT ON TABLE shop.customers IS 'People who bought something'",
                "CREATE TABLE main.warehouses (city VARCHAR PRIMARY KEY, country_code VARCHAR)",
                "INSERT INTO main.warehouses VALUES ('Lyon', 'FR'), ('Osaka', 'JP')",
                "COMMENT ON COLUMN shop.customers.full_name IS 'Given and family name'",
                "INSERT INTO shop.countries VALUES ('FR', 'France', 68000000), ('JP', 'Japan', 124000000), ('NZ', 'New Zealand', 5000000)",
                "INSERT INTO shop.customers VALUES (1, 'Ada Lovelace', 'ada@example.com', 'FR'), (2, 'Kenji Sato', 'kenji@example.com', 'JP'), "
                        + "(3, 'Aroha Smith', 'aroha@example.com', 'NZ')")) {
            HttpTestClient.Answer answer = server.root().query(statement);
            assertThat(answer.status()).as(statement + ": " + answer.body()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode createShop() {
        return client.create(Map.of("engine", "tarn", "name", "Shop", "access_config", Map.of("catalog", "memory", "schema", "shop")));
    }

    @Test
    void aCreatedDatasourceHasTheContractShapeAndIsListedInTheEnvelope() {
        JsonNode created = createShop();
        assertThat(created.path("id").asText()).startsWith("ds_");
        assertThat(created.path("engine").asText()).isEqualTo("tarn");
        assertThat(created.path("meta_status").asText()).isEqualTo("unprocessed");
        assertThat(created.path("access_config")).isEqualTo(HttpTestClient.JSON.valueToTree(Map.of("catalog", "memory", "schema", "shop")));
        for (String field : List.of("project_id", "name", "desc", "meta_error", "sample_questions", "schema_count", "table_count", "field_count",
                "created_at", "modified_at")) {
            assertThat(created.has(field)).as(field).isTrue();
        }
        JsonNode page = client.get("/api/v1/datasources?name=sho&size=100").json();
        assertThat(page.path("items").findValuesAsText("id")).contains(created.path("id").asText());
        assertThat(page.path("page").asInt()).isEqualTo(1);
        assertThat(page.path("items").get(0).has("access_config")).isFalse();
    }

    @Test
    void syncReadsTablesColumnsCommentsAndKeysIntoTheMetaShape() {
        String id = createShop().path("id").asText();
        JsonNode meta = client.sync(id);
        JsonNode customers = meta.path("schemas").path("shop").path("tables").path("customers");
        assertThat(meta.path("datasource_id").asText()).isEqualTo(id);
        assertThat(customers.path("full_name").asText()).isEqualTo("shop.customers");
        assertThat(customers.path("origin_desc").asText()).isEqualTo("People who bought something");
        assertThat(customers.path("primary_key").get(0).asText()).isEqualTo("id");
        assertThat(customers.path("foreign_keys").get(0).path("referenced_table").asText()).isEqualTo("countries");
        JsonNode fullName = customers.path("fields").path("full_name");
        assertThat(fullName.path("data_type").asText()).isEqualTo("VARCHAR");
        assertThat(fullName.path("origin_desc").asText()).isEqualTo("Given and family name");
        assertThat(fullName.path("curr_desc").asText()).isEqualTo("Given and family name");
        assertThat(fullName.path("visibility").asBoolean()).isTrue();
        assertThat(fullName.path("identifiable_type").asText()).isEqualTo("plain");
        assertThat(fullName.path("sample_data").asText()).contains("Ada Lovelace");
        JsonNode datasource = client.get("/v1/datasources/" + id).json();
        assertThat(datasource.path("meta_status").asText()).isEqualTo("success");
        assertThat(datasource.path("schema_count").asInt()).isEqualTo(1);
        assertThat(datasource.path("table_count").asInt()).isEqualTo(2);
        assertThat(datasource.path("field_count").asInt()).isEqualTo(7);
        assertThat(client.get("/v1/datasources/" + id + "/runtime-meta").json().path("schemas").path("shop").findValuesAsText("name"))
                .containsExactlyInAnyOrder("countries", "customers");
    }

    @Test
    void annotationsHiddenFieldsAndValueIndexesShapeTheQuestionContext() {
        String id = createShop().path("id").asText();
        client.sync(id);
        Datasources datasources = server.server().datasources();
        long before = datasources.questionContext(id).version();

        HttpTestClient.Answer annotated = client.patch("/v1/datasources/" + id + "/meta", Map.of("schemas", Map.of("shop", Map.of("tables",
                Map.of("countries", Map.of("desc", "Countries we ship to", "fields", Map.of("population", "Inhabitants in 2024")))))));
        assertThat(annotated.status()).as(annotated.body()).isEqualTo(200);
        JsonNode population = annotated.json().path("schemas").path("shop").path("tables").path("countries").path("fields").path("population");
        assertThat(population.path("curr_desc").asText()).isEqualTo("Inhabitants in 2024");
        assertThat(population.path("curr_desc_stat").asText()).isEqualTo("user");

        HttpTestClient.Answer hidden = client.patch("/v1/datasources/" + id + "/field?schema_name=shop&table_name=customers&field_name=email",
                Map.of("visibility", false, "identifiable_type", "email"));
        assertThat(hidden.status()).as(hidden.body()).isEqualTo(200);
        assertThat(hidden.json().path("identifiable_type").asText()).isEqualTo("email");

        HttpTestClient.Answer index = client.post("/v1/datasources/" + id + "/indexes",
                Map.of("schema_name", "shop", "table_name", "countries", "field_name", "name"));
        assertThat(index.status()).as(index.body()).isEqualTo(200);
        assertThat(index.json().path("index_value_count").asInt()).isEqualTo(3);
        assertThat(index.json().path("distinct_count").asInt()).isEqualTo(3);
        assertThat(index.json().path("max_length").asInt()).isEqualTo("New Zealand".length());

        QuestionContext context = datasources.questionContext(id);
        assertThat(context.version()).isGreaterThan(before);
        assertThat(context.dialect()).isEqualTo(SqlDialect.DUCKDB);
        assertThat(context.schema().table("customers").orElseThrow().columns()).extracting(ColumnSchema::name)
                .containsExactly("id", "full_name", "country_code");
        assertThat(context.schema().table("customers").orElseThrow().foreignKeys()).containsExactly(new ForeignKey("country_code", "countries", "code"));
        assertThat(context.schema().table("countries").orElseThrow().description()).isEqualTo("Countries we ship to");
        assertThat(context.schema().table("countries").orElseThrow().column("population").orElseThrow())
                .isEqualTo(new ColumnSchema("population", DataType.INTEGER, "Inhabitants in 2024"));
        assertThat(context.values().lookup(List.of("new", "zealand"))).extracting(value -> value.column())
                .containsExactly(new ColumnReference("countries", "name"));

        JsonNode indexes = client.get("/v1/datasources/" + id + "/indexes").json();
        assertThat(indexes.path("total").asInt()).isEqualTo(1);
        String indexId = indexes.path("items").get(0).path("id").asText();
        assertThat(client.delete("/v1/datasources/" + id + "/indexes/" + indexId).status()).isEqualTo(200);
        assertThat(datasources.questionContext(id).values().lookup(List.of("new", "zealand"))).isEmpty();
    }

    @Test
    void runAnswersUnqualifiedNamesWithParametersAndStopsAtTheRowLimit() {
        String id = createShop().path("id").asText();
        client.sync(id);
        ResultTable table = server.server().datasources().run(id,
                "SELECT name, population FROM countries WHERE population > ? ORDER BY population DESC", List.of(10_000_000), 10);
        assertThat(table.columns()).containsExactly(new ResultTable.Column("name", DataType.TEXT), new ResultTable.Column("population", DataType.INTEGER));
        assertThat(table.rows()).containsExactly(List.of("Japan", 124_000_000L), List.of("France", 68_000_000L));
        assertThat(table.truncated()).isFalse();
        ResultTable limited = server.server().datasources().run(id, "SELECT code FROM countries ORDER BY code", List.of(), 2);
        assertThat(limited.rows()).hasSize(2);
        assertThat(limited.truncated()).isTrue();
        long start = System.nanoTime();
        ResultTable huge = server.server().datasources().run(id, "SELECT i FROM range(2000000000) t(i)", List.of(), 5);
        assertThat(huge.rows()).hasSize(5);
        assertThat(huge.truncated()).isTrue();
        // the rows past the limit are never read
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
    }

    @Test
    void runRefusesEverythingButOneReadOnlyQuery() {
        String id = createShop().path("id").asText();
        Datasources datasources = server.server().datasources();
        for (String sql : List.of("DELETE FROM countries", "DROP TABLE shop.countries", "SELECT 1; DELETE FROM countries",
                "INSERT INTO countries VALUES ('XX', 'Nowhere', 0)")) {
            assertThatThrownBy(() -> datasources.run(id, sql, List.of(), 10)).as(sql)
                    .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATASOURCE_QUERY_REFUSED));
        }
        // what the parser cannot read goes as a derived table, where COPY is a syntax error
        assertThatThrownBy(() -> datasources.run(id, "COPY countries TO 'stolen.csv'", List.of(), 10))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SQL_ERROR));
        assertThat(datasources.run(id, "SELECT count(*) AS n FROM countries", List.of(), 10).rows()).containsExactly(List.of(3L));
        assertThatThrownBy(() -> datasources.run(id, "SELECT no_such_column FROM countries", List.of(), 10))
                .isInstanceOfSatisfying(TarnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SQL_ERROR);
                    assertThat(e.getMessage()).contains("no_such_column");
                });
    }

    @Test
    void aValueIndexOnANumberIsRefusedAndTheQuestionContextNeedsSyncedMetadata() {
        String id = createShop().path("id").asText();
        HttpTestClient.Answer unsynced = client.post("/v1/datasources/" + id + "/indexes",
                Map.of("schema_name", "shop", "table_name", "countries", "field_name", "population"));
        assertThat(unsynced.status()).isEqualTo(400);
        assertThat(unsynced.json().path("detail").asText()).contains("/meta");
        client.sync(id);
        HttpTestClient.Answer number = client.post("/v1/datasources/" + id + "/indexes",
                Map.of("schema_name", "shop", "table_name", "countries", "field_name", "population"));
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.json().path("code").asText()).isEqualTo("VALUE_INDEX_NOT_TEXT");
    }

    @Test
    void datasourcesSurviveARestartWithTheirMetadataAndIndexes() throws Exception {
        try (TestServer own = TestServer.start()) {
            DatasourceClient ownClient = new DatasourceClient(own.root());
            own.root().query("CREATE TABLE cities (name VARCHAR)");
            own.root().query("INSERT INTO cities VALUES ('Lyon'), ('Osaka')");
            String id = ownClient.create(Map.of("engine", "tarn")).path("id").asText();
            ownClient.sync(id);
            assertThat(ownClient.post("/v1/datasources/" + id + "/indexes",
                    Map.of("schema_name", "main", "table_name", "cities", "field_name", "name")).status()).isEqualTo(200);
            long version = own.server().datasources().questionContext(id).version();
            own.stopKeepingData();
            try (TestServer again = TestServer.startOn(own.dataDirectory())) {
                QuestionContext context = again.server().datasources().questionContext(id);
                assertThat(context.version()).isEqualTo(version);
                assertThat(context.values().lookup(List.of("osaka"))).hasSize(1);
                assertThat(new DatasourceClient(again.root()).get("/v1/datasources/" + id + "/meta").json()
                        .path("schemas").path("main").path("tables").has("cities")).isTrue();
                again.stopKeepingData();
            }
        }
    }

    @Test
    void aQueryLongerThanTheStatementTimeoutIsCancelled() {
        try (TestServer quick = TestServer.start(Map.of(dev.tarn.config.ConfigKey.ASK_DATASOURCE_STATEMENT_TIMEOUT_SECONDS, "1"))) {
            String id = new DatasourceClient(quick.root()).create(Map.of("engine", "tarn")).path("id").asText();
            long start = System.nanoTime();
            assertThatThrownBy(() -> quick.server().datasources().run(id, "SELECT sum(hash(i)) AS h FROM range(1000000000000) t(i)", List.of(), 1))
                    .isInstanceOfSatisfying(TarnException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SQL_ERROR);
                        assertThat(e.getMessage()).contains("longer than 1 s");
                    });
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(6_000);
        }
    }

    @Test
    void withoutASchemaEverySchemaIsSyncedAndUnqualifiedNamesResolveInAllOfThem() {
        String id = client.create(Map.of("engine", "tarn")).path("id").asText();
        JsonNode meta = client.sync(id);
        assertThat(meta.path("schemas").has("main")).isTrue();
        assertThat(meta.path("schemas").has("shop")).isTrue();
        QuestionContext context = server.server().datasources().questionContext(id);
        assertThat(context.schema().table("warehouses")).isPresent();
        assertThat(context.schema().table("countries")).isPresent();
        ResultTable joined = server.server().datasources().run(id, "SELECT w.city, c.name FROM warehouses w JOIN countries c "
                + "ON c.code = w.country_code ORDER BY w.city", List.of(), 10);
        assertThat(joined.rows()).containsExactly(List.of("Lyon", "France"), List.of("Osaka", "Japan"));
    }

    @Test
    void anUploadedMetaDocumentsDescriptionsWinOverTheDatabasesComments() {
        String id = createShop().path("id").asText();
        HttpTestClient.Answer synced = client.post("/v1/datasources/" + id + "/meta", Map.of("meta", Map.of("schemas", Map.of("shop", Map.of(
                "tables", Map.of("customers", Map.of("curr_desc", "Our buyers", "fields", Map.of(
                        "full_name", Map.of("curr_desc", "Name as printed on invoices")))))))));
        assertThat(synced.status()).as(synced.body()).isEqualTo(200);
        JsonNode customers = synced.json().path("schemas").path("shop").path("tables").path("customers");
        assertThat(customers.path("origin_desc").asText()).isEqualTo("People who bought something");
        assertThat(customers.path("curr_desc").asText()).isEqualTo("Our buyers");
        assertThat(customers.path("fields").path("full_name").path("curr_desc").asText()).isEqualTo("Name as printed on invoices");
        assertThat(server.server().datasources().questionContext(id).schema().table("customers").orElseThrow().description()).isEqualTo("Our buyers");
    }

    @Test
    void realApiKeysCarryTheRolesPermissions() {
        String asker = server.root().post("/v1/sys/projects/" + dev.tarn.ask.keys.AskCaller.DEFAULT_PROJECT + "/api-keys", Map.of("ak_role", "asker"))
                .json().path("original_ak_value").asText();
        String admin = server.root().post("/v1/sys/projects/" + dev.tarn.ask.keys.AskCaller.DEFAULT_PROJECT + "/api-keys", Map.of("ak_role", "admin"))
                .json().path("original_ak_value").asText();
        HttpTestClient.Answer created = server.anonymous().send(server.anonymous().request("/v1/datasources").header("Authorization", "Bearer " + asker)
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"engine\": \"csv\"}")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(server.anonymous().send(server.anonymous().request("/v1/datasources").header("Authorization", "Bearer " + asker).GET()).status())
                .isEqualTo(403);
        HttpTestClient.Answer listed = server.anonymous().send(server.anonymous().request("/api/v1/datasources").header("Authorization", "Bearer " + admin).GET());
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("items").findValuesAsText("id")).contains(created.json().path("id").asText());
    }

    @Test
    void anUnknownCatalogOrEngineIsABadRequestThatSaysWhatToUse() {
        HttpTestClient.Answer engine = client.post("/v1/datasources", Map.of("engine", "oracle"));
        assertThat(engine.status()).isEqualTo(400);
        assertThat(engine.json().path("detail").asText()).contains("postgresql", "mysql", "sqlite", "csv");
        HttpTestClient.Answer catalog = client.post("/v1/datasources", Map.of("engine", "tarn", "access_config", Map.of("catalog", "nowhere")));
        assertThat(catalog.status()).isEqualTo(400);
        assertThat(catalog.json().path("detail").asText()).contains("nowhere");
        assertThat(client.get("/v1/datasources/ds_missing").status()).isEqualTo(404);
        assertThat(server.anonymous().get("/v1/datasources").status()).isEqualTo(401);
    }
}
