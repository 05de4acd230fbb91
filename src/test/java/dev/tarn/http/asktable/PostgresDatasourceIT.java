package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.ask.ResultTable;
import dev.tarn.ask.datasource.QuestionContext;
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

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real PostgreSQL (127.0.0.1:5432, user postgres) as a datasource, in a throwaway schema dropped afterwards. */
class PostgresDatasourceIT {
    private static final String SCHEMA = "tarn_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static TestServer server;
    private static DatasourceClient client;

    @BeforeAll
    static void start() throws Exception {
        postgres("CREATE SCHEMA " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".regions (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                "COMMENT ON TABLE " + SCHEMA + ".regions IS 'Sales regions'",
                "CREATE TABLE " + SCHEMA + ".orders (id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES " + SCHEMA + ".regions(id), "
                        + "amount NUMERIC(10,2), ordered_on DATE, note TEXT)",
                "COMMENT ON COLUMN " + SCHEMA + ".orders.amount IS 'Order total in euros'",
                "CREATE SEQUENCE " + SCHEMA + ".order_numbers",
                "INSERT INTO " + SCHEMA + ".regions VALUES (1, 'North'), (2, 'South')",
                "INSERT INTO " + SCHEMA + ".orders VALUES (1, 1, 10.50, '2026-01-05', 'first'), (2, 1, 20.00, '2026-02-01', NULL), "
                        + "(3, 2, 7.25, '2026-02-03', 'third')");
        server = TestServer.start();
        client = new DatasourceClient(server.root());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        postgres("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    private static void postgres(String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static Map<String, Object> access() {
        Map<String, Object> access = new HashMap<>(Map.of("host", "127.0.0.1", "port", 5432, "db", "postgres", "user", "postgres",
                "schema", SCHEMA));
        access.put("password", "not-needed-with-trust-auth");
        return access;
    }

    @Test
    void createSyncAndAskThroughTheJavaApi() {
        JsonNode created = client.create(Map.of("engine", "postgresql", "name", "Orders", "access_config", access()));
        String id = created.path("id").asText();
        assertThat(created.path("access_config").has("password")).isFalse();
        assertThat(client.get("/v1/datasources/" + id).body()).doesNotContain("not-needed-with-trust-auth");

        JsonNode meta = client.sync(id);
        JsonNode orders = meta.path("schemas").path(SCHEMA).path("tables").path("orders");
        assertThat(meta.path("schemas").size()).isEqualTo(1);
        assertThat(meta.path("schemas").path(SCHEMA).path("tables").path("regions").path("origin_desc").asText()).isEqualTo("Sales regions");
        assertThat(orders.path("fields").path("amount").path("origin_desc").asText()).isEqualTo("Order total in euros");
        assertThat(orders.path("fields").path("amount").path("data_type").asText()).isEqualTo("numeric");
        assertThat(orders.path("primary_key").get(0).asText()).isEqualTo("id");
        assertThat(orders.path("foreign_keys").get(0).path("referenced_table").asText()).isEqualTo("regions");

        QuestionContext context = server.server().datasources().questionContext(id);
        assertThat(context.dialect()).isEqualTo(SqlDialect.POSTGRESQL);
        assertThat(context.schema().table("orders").orElseThrow().foreignKeys()).containsExactly(new ForeignKey("region_id", "regions", "id"));
        assertThat(context.schema().table("orders").orElseThrow().columns()).extracting(ColumnSchema::type)
                .containsExactly(DataType.INTEGER, DataType.INTEGER, DataType.DECIMAL, DataType.DATE, DataType.TEXT);

        ResultTable totals = server.server().datasources().run(id, "SELECT r.name, SUM(o.amount) AS total FROM orders o "
                + "JOIN regions r ON r.id = o.region_id WHERE o.ordered_on >= ? GROUP BY r.name ORDER BY r.name", List.of(java.time.LocalDate.of(2026, 2, 1)), 100);
        assertThat(totals.columns()).extracting(ResultTable.Column::type).containsExactly(DataType.TEXT, DataType.DECIMAL);
        assertThat(totals.rows()).hasSize(2);
        assertThat(totals.rows().get(0).get(0)).isEqualTo("North");
        assertThat(((java.math.BigDecimal) totals.rows().get(0).get(1))).isEqualByComparingTo("20.00");

        HttpTestClient.Answer index = client.post("/v1/datasources/" + id + "/indexes",
                Map.of("schema_name", SCHEMA, "table_name", "orders", "field_name", "note"));
        assertThat(index.status()).as(index.body()).isEqualTo(200);
        assertThat(index.json().path("value_count").asInt()).isEqualTo(2);
        assertThat(server.server().datasources().questionContext(id).values().lookup(List.of("third"))).hasSize(1);
    }

    @Test
    void theConnectionIsReadOnlyEvenForAStatementThatLooksLikeAQuery() {
        String id = client.create(Map.of("engine", "postgresql", "access_config", access())).path("id").asText();
        client.sync(id);
        assertThatThrownBy(() -> server.server().datasources().run(id, "UPDATE orders SET amount = 0", List.of(), 10))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATASOURCE_QUERY_REFUSED));
        assertThatThrownBy(() -> server.server().datasources().run(id,
                "WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone", List.of(), 10))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATASOURCE_QUERY_REFUSED));
        // a function that writes is a plain SELECT to any parser: the read-only transaction is what refuses it
        assertThatThrownBy(() -> server.server().datasources().run(id, "SELECT nextval('" + SCHEMA + ".order_numbers')", List.of(), 10))
                .isInstanceOfSatisfying(TarnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SQL_ERROR);
                    assertThat(e.getMessage()).contains("read-only");
                });
        assertThat(server.server().datasources().run(id, "SELECT count(*) AS n FROM orders", List.of(), 10).rows()).containsExactly(List.of(3L));
        assertThatThrownBy(() -> server.server().datasources().run(id, "SELECT pg_sleep(0.1) FROM no_such_table", List.of(), 10))
                .isInstanceOfSatisfying(TarnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SQL_ERROR);
                    assertThat(e.getMessage()).contains("no_such_table");
                });
    }

    @Test
    void selectedTablesLimitTheSyncAndAnIncrementalSyncAddsTheRest() {
        String id = client.create(Map.of("engine", "postgresql", "access_config", access())).path("id").asText();
        HttpTestClient.Answer selected = client.post("/v1/datasources/" + id + "/meta", Map.of("selected_tables", Map.of(SCHEMA, List.of("regions"))));
        assertThat(selected.status()).as(selected.body()).isEqualTo(200);
        assertThat(selected.json().path("schemas").path(SCHEMA).path("tables").properties()).extracting(Map.Entry::getKey).containsExactly("regions");
        client.patch("/v1/datasources/" + id + "/meta", Map.of("schemas", Map.of(SCHEMA, Map.of("tables", Map.of("regions", Map.of("desc", "Where we sell"))))));
        HttpTestClient.Answer incremental = client.put("/v1/datasources/" + id + "/meta", Map.of("selected_tables", Map.of(SCHEMA, List.of("orders"))));
        assertThat(incremental.status()).as(incremental.body()).isEqualTo(200);
        JsonNode tables = incremental.json().path("schemas").path(SCHEMA).path("tables");
        assertThat(tables.has("orders")).isTrue();
        assertThat(tables.path("regions").path("curr_desc").asText()).isEqualTo("Where we sell");
    }

    @Test
    void aWrongDatabaseOrAClosedPortAnswersFastWithTheDriversReason() {
        Map<String, Object> wrongDatabase = new HashMap<>(access());
        wrongDatabase.put("db", "no_such_database_" + SCHEMA);
        long start = System.nanoTime();
        JsonNode check = client.post("/v1/datasources/test-connection", Map.of("engine", "postgresql", "access_config", wrongDatabase)).json();
        assertThat(check.path("ok").asBoolean()).isFalse();
        assertThat(check.path("error").asText()).contains("no_such_database_");
        Map<String, Object> closedPort = new HashMap<>(access());
        closedPort.put("port", 1);
        JsonNode refused = client.post("/v1/datasources/test-connection", Map.of("engine", "postgresql", "access_config", closedPort)).json();
        assertThat(refused.path("ok").asBoolean()).isFalse();
        assertThat(refused.path("error").asText()).isNotBlank();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        HttpTestClient.Answer create = client.post("/v1/datasources", Map.of("engine", "postgresql", "access_config", wrongDatabase));
        assertThat(create.status()).isEqualTo(400);
        assertThat(create.json().path("detail").asText()).contains("no_such_database_");
        JsonNode ok = client.post("/v1/datasources/test-connection", Map.of("engine", "postgresql", "access_config", access())).json();
        assertThat(ok.path("ok").asBoolean()).isTrue();
        assertThat(ok.path("server_version").asText()).startsWith("PostgreSQL");
    }

    @Test
    void aQueryLongerThanTheStatementTimeoutIsStoppedWithABadRequest() {
        try (TestServer quick = TestServer.start(Map.of(dev.tarn.config.ConfigKey.ASK_DATASOURCE_STATEMENT_TIMEOUT_SECONDS, "1"))) {
            String id = new DatasourceClient(quick.root()).create(Map.of("engine", "postgresql", "access_config", access())).path("id").asText();
            long start = System.nanoTime();
            assertThatThrownBy(() -> quick.server().datasources().run(id, "SELECT pg_sleep(10)", List.of(), 1))
                    .isInstanceOfSatisfying(TarnException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SQL_ERROR);
                        assertThat(e.getMessage()).contains("statement timeout");
                    });
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        }
    }

    @Test
    void patchKeepsTheStoredPasswordAndRefusesAConfigurationThatCannotConnect() {
        String id = client.create(Map.of("engine", "postgresql", "access_config", access())).path("id").asText();
        HttpTestClient.Answer renamed = client.patch("/v1/datasources/" + id, Map.of("name", "Renamed", "desc", "Orders of the shop",
                "sample_questions", List.of("total amount by region"), "access_config", Map.of("port", 5432)));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().path("name").asText()).isEqualTo("Renamed");
        assertThat(renamed.json().path("sample_questions").get(0).asText()).isEqualTo("total amount by region");
        assertThat(renamed.body()).doesNotContain("not-needed-with-trust-auth");
        HttpTestClient.Answer broken = client.patch("/v1/datasources/" + id, Map.of("access_config", Map.of("db", "no_such_database_" + SCHEMA)));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(client.get("/v1/datasources/" + id).json().path("access_config").path("db").asText()).isEqualTo("postgres");
    }

    @Test
    void anUnreachableHostAnswersWithinTheConnectTimeout() {
        Map<String, Object> unreachable = new HashMap<>(access());
        // TEST-NET-1 (RFC 5737): never routed, so the connection attempt can only time out
        unreachable.put("host", "192.0.2.1");
        long start = System.nanoTime();
        JsonNode check = client.post("/v1/datasources/test-connection", Map.of("engine", "postgresql", "access_config", unreachable)).json();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(check.path("ok").asBoolean()).isFalse();
        assertThat(check.path("error").asText()).isNotBlank();
        assertThat(millis).isLessThan(9_000);
    }
}
