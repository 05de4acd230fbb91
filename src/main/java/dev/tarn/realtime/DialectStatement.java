package dev.tarn.realtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** A statement of the realtime dialect that DuckDB does not know, as the dialect reader found it. */
sealed interface DialectStatement {
    record CreateNamespace(String name, boolean ifNotExists) implements DialectStatement {
    }

    record DropNamespace(String name, boolean ifExists, boolean cascade) implements DialectStatement {
    }

    record AlterNamespace(String name, String description) implements DialectStatement {
    }

    record ShowNamespaces() implements DialectStatement {
    }

    record UseNamespace(String name) implements DialectStatement {
    }

    /** CREATE [USER|SHARED|STREAM] TABLE; the column list is kept as text, DuckDB reads it. */
    record CreateTable(Optional<TableType> type, boolean ifNotExists, Optional<String> namespace, String name,
                       String columns, Map<String, String> options) implements DialectStatement {
        public CreateTable {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(namespace, "namespace");
            options = Map.copyOf(options);
        }
    }

    record DropTable(Optional<TableType> type, boolean ifExists, Optional<String> namespace, String name) implements DialectStatement {
    }

    record ShowTables(Optional<String> namespace) implements DialectStatement {
    }

    record DescribeTable(Optional<String> namespace, String name) implements DialectStatement {
    }

    /** EXECUTE AS USER 'x' (statement): the inner statement runs as user x with role user. */
    record ExecuteAs(String userName, String statement) implements DialectStatement {
    }

    /** CREATE TOPIC [IF NOT EXISTS] [ns.]name [PARTITIONS n]. */
    record CreateTopic(String topic, OptionalInt partitions, boolean ifNotExists) implements DialectStatement {
    }

    record DropTopic(String topic, boolean ifExists) implements DialectStatement {
    }

    record ClearTopic(String topic) implements DialectStatement {
    }

    /** ALTER TOPIC t ADD SOURCE table ON op [WHERE condition] [WITH (payload = '…')]; the condition is kept as text, DuckDB reads it. */
    record AddTopicSource(String topic, List<String> table, String operation, Optional<String> filter,
                          Map<String, String> options) implements DialectStatement {
        public AddTopicSource {
            table = List.copyOf(table);
            options = Map.copyOf(options);
        }
    }

    /** ALTER TOPIC t SET RETENTION WITH (…), or CLEAR RETENTION (no options). */
    record TopicRetention(String topic, Map<String, String> options) implements DialectStatement {
        public TopicRetention {
            options = Map.copyOf(options);
        }
    }

    /** CONSUME FROM t [GROUP 'g'] [PARTITION p] [FROM EARLIEST|LATEST|n] [LIMIT n]; start is EARLIEST, LATEST or the offset's digits. */
    record ConsumeTopic(String topic, Optional<String> group, OptionalInt partition, Optional<String> start,
                        OptionalInt limit) implements DialectStatement {
    }

    /** ACK t GROUP 'g' [PARTITION p] UPTO OFFSET n. */
    record AcknowledgeTopic(String topic, String group, OptionalInt partition, long offset) implements DialectStatement {
    }

    /** SUBSCRIBE TO namespace.table [WHERE …] [OPTIONS (name = number, …)]: checks a live query for the WebSocket. */
    record SubscribeTo(String namespace, String table, Optional<String> where, Map<String, Long> options) implements DialectStatement {
        public SubscribeTo {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(where, "where");
            options = Map.copyOf(options);
        }
    }

    /** KILL LIVE QUERY 'id'. */
    record KillLiveQuery(String liveId) implements DialectStatement {
    }
}
