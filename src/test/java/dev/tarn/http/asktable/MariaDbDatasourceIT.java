package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.ask.ResultTable;
import dev.tarn.ask.datasource.QuestionContext;
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

/** A real MariaDB (127.0.0.1:3306, root without password) as a mysql datasource, in a throwaway database dropped afterwards. */
class MariaDbDatasourceIT {
    private static final String DATABASE = "tarn_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static TestServer server;
    private static DatasourceClient client;

    @BeforeAll
    static void start() throws Exception {
        mariadb("CREATE DATABASE " + DATABASE,
                "CREATE TABLE " + DATABASE + ".authors (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL) COMMENT 'Who wrote the books'",
                "CREATE TABLE " + DATABASE + ".books (id INT PRIMARY KEY, title VARCHAR(200) COMMENT 'Title on the cover', "
                        + "author_id INT, published DATE, price DECIMAL(8,2), FOREIGN KEY (author_id) REFERENCES " + DATABASE + ".authors(id))",
                "INSERT INTO " + DATABASE + ".authors VALUES (1, 'Ursula K. Le Guin'), (2, 'Italo Calvino')",
                "INSERT INTO " + DATABASE + ".books VALUES (1, 'The Dispossessed', 1, '1974-05-01', 9.99), "
                        + "(2, 'Invisible Cities', 2, '1972-11-01', 12.50), (3, 'The Lathe of Heaven', 1, '1971-10-01', 8.00)");
        server = TestServer.start();
        client = new DatasourceClient(server.root());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        mariadb("DROP DATABASE IF EXISTS " + DATABASE);
    }

    private static void mariadb(String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static Map<String, Object> access() {
        return new HashMap<>(Map.of("host", "127.0.0.1", "port", 3306, "db", DATABASE, "user", "root"));
    }

    @Test
    void mariadbIsAcceptedForMysqlAndSyncsCommentsAndKeys() {
        JsonNode created = client.create(Map.of("engine", "mariadb", "name", "Library", "access_config", access()));
        assertThat(created.path("engine").asText()).isEqualTo("mysql");
        String id = created.path("id").asText();
        JsonNode meta = client.sync(id);
        JsonNode books = meta.path("schemas").path(DATABASE).path("tables").path("books");
        assertThat(meta.path("schemas").path(DATABASE).path("tables").path("authors").path("origin_desc").asText()).isEqualTo("Who wrote the books");
        assertThat(books.path("fields").path("title").path("origin_desc").asText()).isEqualTo("Title on the cover");
        assertThat(books.path("primary_key").get(0).asText()).isEqualTo("id");
        assertThat(books.path("foreign_keys").get(0).path("referenced_table").asText()).isEqualTo("authors");

        QuestionContext context = server.server().datasources().questionContext(id);
        assertThat(context.dialect()).isEqualTo(SqlDialect.MYSQL);
        assertThat(context.schema().table("books").orElseThrow().foreignKeys()).containsExactly(new ForeignKey("author_id", "authors", "id"));

        ResultTable result = server.server().datasources().run(id, "SELECT a.name, COUNT(*) AS books FROM books b JOIN authors a "
                + "ON a.id = b.author_id WHERE b.price < ? GROUP BY a.name ORDER BY books DESC", List.of(11), 10);
        assertThat(result.rows()).containsExactly(List.of("Ursula K. Le Guin", 2L));

        HttpTestClient.Answer index = client.post("/v1/datasources/" + id + "/indexes",
                Map.of("schema_name", DATABASE, "table_name", "books", "field_name", "title"));
        assertThat(index.status()).as(index.body()).isEqualTo(200);
        assertThat(server.server().datasources().questionContext(id).values().lookup(List.of("invisible", "cities"))).hasSize(1);
    }

    @Test
    void writesAndFilesAreRefusedAndTheSessionItselfIsReadOnly() {
        String id = client.create(Map.of("engine", "mysql", "access_config", access())).path("id").asText();
        assertThatThrownBy(() -> server.server().datasources().run(id, "DELETE FROM books", List.of(), 10))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATASOURCE_QUERY_REFUSED));
        assertThatThrownBy(() -> server.server().datasources().run(id, "SELECT * FROM books INTO OUTFILE '/tmp/stolen.txt'", List.of(), 10))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATASOURCE_QUERY_REFUSED));
        // what the parser cannot see, the session's own setting refuses
        assertThat(server.server().datasources().run(id, "SELECT @@session.tx_read_only AS read_only", List.of(), 1).rows())
                .containsExactly(List.of(1L));
        assertThat(server.server().datasources().run(id, "SELECT COUNT(*) AS n FROM books", List.of(), 10).rows()).containsExactly(List.of(3L));
    }

    @Test
    void sqlTheParserCannotReadStillRunsAsOneQueryAndNothingElse() {
        String id = client.create(Map.of("engine", "mysql", "access_config", access())).path("id").asText();
        ResultTable quarters = server.server().datasources().run(id, "SELECT MAKEDATE(YEAR(`published`), 1) + INTERVAL (QUARTER(`published`) - 1) "
                + "QUARTER AS quarter_start, COUNT(*) AS books FROM `books` GROUP BY 1 ORDER BY 1", List.of(), 10);
        assertThat(quarters.rows()).extracting(row -> row.get(1)).containsExactlyInAnyOrder(1L, 1L, 1L);
        // the same unreadable expression smuggling a second statement: a syntax error of the database, and nothing deleted
        assertThatThrownBy(() -> server.server().datasources().run(id, "SELECT INTERVAL (1) QUARTER AS x FROM books; DELETE FROM books", List.of(), 10))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SQL_ERROR));
        assertThat(server.server().datasources().run(id, "SELECT COUNT(*) AS n FROM books", List.of(), 10).rows()).containsExactly(List.of(3L));
    }

    @Test
    void aWrongPasswordAnswersFastWithTheDriversReasonAndCreatingFails() {
        Map<String, Object> wrong = access();
        wrong.put("password", "wrong-password-for-test");
        long start = System.nanoTime();
        JsonNode check = client.post("/api/v1/datasources/test-connection", Map.of("engine", "mysql", "access_config", wrong)).json();
        assertThat(check.path("ok").asBoolean()).isFalse();
        assertThat(check.path("error").asText()).containsIgnoringCase("access denied").doesNotContain("wrong-password-for-test");
        HttpTestClient.Answer create = client.post("/v1/datasources", Map.of("engine", "mysql", "access_config", wrong));
        assertThat(create.status()).isEqualTo(400);
        assertThat(create.json().path("detail").asText()).containsIgnoringCase("access denied");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);

        String id = client.create(Map.of("engine", "mysql", "access_config", access())).path("id").asText();
        JsonNode saved = client.post("/v1/datasources/" + id + "/test-connection", Map.of()).json();
        assertThat(saved.path("ok").asBoolean()).isTrue();
        assertThat(saved.path("server_version").asText()).containsIgnoringCase("maria");
    }
}
