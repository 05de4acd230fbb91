package dev.tarn.realtime;

import dev.tarn.engine.SqlScript;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dialect's own statements are recognised; everything else is left to DuckDB. */
class DialectReaderTest {

    private static Optional<DialectStatement> read(String sql) {
        return DialectReader.read(SqlScript.split(sql).get(0).text());
    }

    @Test
    void readsNamespaceStatements() {
        assertThat(read("CREATE NAMESPACE IF NOT EXISTS shop")).contains(new DialectStatement.CreateNamespace("shop", true));
        assertThat(read("DROP NAMESPACE IF EXISTS shop CASCADE")).contains(new DialectStatement.DropNamespace("shop", true, true));
        assertThat(read("use namespace shop")).contains(new DialectStatement.UseNamespace("shop"));
        assertThat(read("SET NAMESPACE shop")).contains(new DialectStatement.UseNamespace("shop"));
        assertThat(read("USE shop")).contains(new DialectStatement.UseNamespace("shop"));
        assertThat(read("SHOW NAMESPACES")).contains(new DialectStatement.ShowNamespaces());
    }

    @Test
    void readsTheSecondStatementOfAScriptByItsOwnText() {
        SqlScript.Statement second = SqlScript.split("CREATE NAMESPACE shop; CREATE SHARED TABLE shop.items (id BIGINT PRIMARY KEY)").get(1);
        DialectStatement.CreateTable create = (DialectStatement.CreateTable) DialectReader.read(second.text()).orElseThrow();
        assertThat(create.columns()).isEqualTo("id BIGINT PRIMARY KEY");
    }

    @Test
    void readsTypedTablesWithTheirOptions() {
        DialectStatement.CreateTable create = (DialectStatement.CreateTable) read(
                "CREATE USER TABLE IF NOT EXISTS shop.carts (id BIGINT PRIMARY KEY, sku TEXT NOT NULL, qty INT DEFAULT 1) "
                        + "WITH (FLUSH_POLICY = 'rows:5000,interval:300', STORAGE_ID = local) USING kalamdb").orElseThrow();
        assertThat(create.type()).contains(TableType.USER);
        assertThat(create.ifNotExists()).isTrue();
        assertThat(create.namespace()).contains("shop");
        assertThat(create.name()).isEqualTo("carts");
        assertThat(create.columns().trim()).isEqualTo("id BIGINT PRIMARY KEY, sku TEXT NOT NULL, qty INT DEFAULT 1");
        assertThat(create.options()).isEqualTo(Map.of("FLUSH_POLICY", "rows:5000,interval:300", "STORAGE_ID", "local"));
    }

    @Test
    void leavesOrdinarySqlToDuckDb() {
        assertThat(read("SELECT * FROM shop.carts")).isEmpty();
        assertThat(read("CREATE VIEW v AS SELECT 1")).isEmpty();
        assertThat(read("SHOW TABLES")).isPresent();
        assertThat(read("INSERT INTO t VALUES (1)")).isEmpty();
    }

    @Test
    void readsExecuteAsWithItsInnerStatement() {
        assertThat(read("EXECUTE AS USER 'alice' (INSERT INTO shop.carts (sku) VALUES ('A-1'))"))
                .contains(new DialectStatement.ExecuteAs("alice", "INSERT INTO shop.carts (sku) VALUES ('A-1')"));
        assertThat(read("EXECUTE AS USER bob(SELECT 1)")).contains(new DialectStatement.ExecuteAs("bob", "SELECT 1"));
        assertThatThrownBy(() -> read("EXECUTE AS USER 'alice' SELECT 1")).isInstanceOf(TarnException.class).hasMessageContaining("'('");
    }

    @Test
    void malformedDialectStatementsSayWhatWasExpected() {
        assertThatThrownBy(() -> read("CREATE SHARED TABLE shop.items (id BIGINT")).isInstanceOf(TarnException.class)
                .hasMessageContaining("A '(' is never closed");
        assertThatThrownBy(() -> read("CREATE SHARED TABLE shop.items (id INT) WITH (TTL = 1, TTL = 2)"))
                .hasMessageContaining("The option TTL is given twice");
        assertThatThrownBy(() -> read("CREATE SHARED TABLE shop.items (id INT) WITH (TTL 1)"))
                .hasMessageContaining("Expected '=' after the option TTL");
        assertThatThrownBy(() -> read("ALTER NAMESPACE shop SET DESCRIPTION 42"))
                .hasMessageContaining("Expected the description as a quoted string, found '42'");
        assertThatThrownBy(() -> read("DROP NAMESPACE shop please")).hasMessageContaining("Unexpected 'please'");
        assertThatThrownBy(() -> read("EXECUTE AS USER 'alice' ()")).hasMessageContaining("needs a statement");
    }

    @Test
    void theTableDefinitionAddsTheOwnerColumnAndSystemColumns() {
        DialectStatement.CreateTable create = (DialectStatement.CreateTable) read(
                "CREATE USER TABLE shop.carts (id BIGSERIAL PRIMARY KEY, owner TEXT DEFAULT CURRENT_USER(), note TEXT)").orElseThrow();
        RealtimeTable table = TableDefinition.metadata(create, "shop");
        assertThat(TableDefinition.createSql(create, table)).isEqualTo("""
                CREATE TABLE memory."shop"."carts" (
                  "_user_id" VARCHAR NOT NULL DEFAULT getvariable('tarn_user'),
                  id BIGINT DEFAULT snowflake_id(),
                  owner TEXT DEFAULT getvariable('tarn_user'),
                  note TEXT,
                  "_seq" BIGINT NOT NULL DEFAULT snowflake_id(),
                  "_deleted" BOOLEAN NOT NULL DEFAULT false,
                  PRIMARY KEY ("_user_id", "id")
                )""");
    }

    @Test
    void currentUserIsExpandedOutsideStringsOnly() {
        assertThat(CurrentUser.expand("SELECT CURRENT_USER(), current_user, 'CURRENT_USER()' -- CURRENT_USER"))
                .isEqualTo("SELECT getvariable('tarn_user'), getvariable('tarn_user'), 'CURRENT_USER()' -- CURRENT_USER");
    }

    @Test
    void readsTopicStatements() {
        assertThat(read("CREATE TOPIC shop.cart_events PARTITIONS 4"))
                .contains(new DialectStatement.CreateTopic("shop.cart_events", java.util.OptionalInt.of(4), false));
        assertThat(read("create topic if not exists events")).contains(new DialectStatement.CreateTopic("events", java.util.OptionalInt.empty(), true));
        assertThat(read("DROP TOPIC IF EXISTS shop.cart_events")).contains(new DialectStatement.DropTopic("shop.cart_events", true));
        assertThat(read("CLEAR TOPIC shop.cart_events")).contains(new DialectStatement.ClearTopic("shop.cart_events"));
        assertThat(read("ALTER TOPIC shop.cart_events SET RETENTION WITH (retention_seconds = 3600, RETENTION_MAX_BYTES = 1024)"))
                .contains(new DialectStatement.TopicRetention("shop.cart_events", Map.of("retention_seconds", "3600", "retention_max_bytes", "1024")));
        assertThat(read("ALTER TOPIC shop.cart_events CLEAR RETENTION")).contains(new DialectStatement.TopicRetention("shop.cart_events", Map.of()));
    }

    @Test
    void readsASourceWhoseConditionIsPassedOnAsWritten() {
        assertThat(read("ALTER TOPIC shop.cart_events ADD SOURCE shop.carts ON INSERT WITH (payload = 'full')")).contains(
                new DialectStatement.AddTopicSource("shop.cart_events", java.util.List.of("shop", "carts"), "INSERT", Optional.empty(), Map.of("payload", "full")));
        assertThat(read("ALTER TOPIC t ADD SOURCE carts ON UPDATE WHERE qty > 10 AND sku IN (SELECT sku FROM hot WHERE n > 1)")).contains(
                new DialectStatement.AddTopicSource("t", java.util.List.of("carts"), "UPDATE",
                        Optional.of("qty > 10 AND sku IN (SELECT sku FROM hot WHERE n > 1)"), Map.of()));
        assertThat(read("ALTER TOPIC t ADD SOURCE carts ON DELETE WHERE note = 'WITH (x)' WITH (payload = 'key')")).contains(
                new DialectStatement.AddTopicSource("t", java.util.List.of("carts"), "DELETE", Optional.of("note = 'WITH (x)'"), Map.of("payload", "key")));
        assertThatThrownBy(() -> read("ALTER TOPIC t ADD SOURCE carts ON INSERT WHERE")).isInstanceOf(TarnException.class)
                .hasMessageContaining("condition");
    }

    @Test
    void readsConsumeAndAck() {
        assertThat(read("CONSUME FROM shop.cart_events GROUP 'billing' PARTITION 2 FROM EARLIEST LIMIT 50")).contains(
                new DialectStatement.ConsumeTopic("shop.cart_events", Optional.of("billing"), java.util.OptionalInt.of(2), Optional.of("EARLIEST"),
                        java.util.OptionalInt.of(50)));
        assertThat(read("consume from t from 17")).contains(new DialectStatement.ConsumeTopic("t", Optional.empty(), java.util.OptionalInt.empty(),
                Optional.of("17"), java.util.OptionalInt.empty()));
        assertThat(read("ACK shop.cart_events GROUP 'billing' PARTITION 0 UPTO OFFSET 49"))
                .contains(new DialectStatement.AcknowledgeTopic("shop.cart_events", "billing", java.util.OptionalInt.of(0), 49));
        assertThatThrownBy(() -> read("CONSUME FROM t GROUP 'g' FROM YESTERDAY")).isInstanceOf(TarnException.class).hasMessageContaining("EARLIEST");
        assertThatThrownBy(() -> read("ACK t GROUP 'g' UPTO OFFSET many")).isInstanceOf(TarnException.class).hasMessageContaining("offset");
    }

    @Test
    void readsLiveQueryStatements() {
        assertThat(read("SUBSCRIBE TO shop.carts WHERE qty > 1 AND sku LIKE 'OPTIONS%' OPTIONS (last_rows = 5, batch_size=10, from_seq_id=42)"))
                .contains(new DialectStatement.SubscribeTo("shop", "carts", Optional.of("qty > 1 AND sku LIKE 'OPTIONS%'"),
                        Map.of("last_rows", 5L, "batch_size", 10L, "from_seq_id", 42L)));
        assertThat(read("subscribe to shop.carts")).contains(new DialectStatement.SubscribeTo("shop", "carts", Optional.empty(), Map.of()));
        assertThat(read("KILL LIVE QUERY '7-cart'")).contains(new DialectStatement.KillLiveQuery("7-cart"));
        assertThatThrownBy(() -> read("SUBSCRIBE TO carts")).isInstanceOf(TarnException.class).hasMessageContaining("namespace.table");
        assertThatThrownBy(() -> read("SUBSCRIBE TO shop.carts OPTIONS (last_rows = 'x')")).isInstanceOf(TarnException.class);
    }
}
