package dev.tarn.realtime;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
