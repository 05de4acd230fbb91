package dev.tarn.realtime;

import dev.tarn.engine.Column;
import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.engine.SqlQuoting;
import dev.tarn.engine.SqlToken;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which columns are of the dialect's FILE type. DuckDB keeps them as VARCHAR holding the file
 * reference JSON and forgets type aliases in results, so the column comment {@value #MARK} is the
 * durable record and answers name the type {@code FILE} again.
 */
final class FileColumns {
    static final String MARK = "tarn:file";
    /** The type name results report for a FILE column; the realtime encoder writes it as File. */
    static final String TYPE = "FILE";

    private final Map<String, Set<String>> columnsByTable = new ConcurrentHashMap<>();

    FileColumns(Engine engine) {
        try (Session session = engine.openSession()) {
            for (Map<String, Object> row : session.rows("SELECT schema_name, table_name, column_name FROM duckdb_columns() "
                    + "WHERE database_name = 'memory' AND comment = ?", MARK)) {
                columnsByTable.computeIfAbsent(key((String) row.get("schema_name"), (String) row.get("table_name")), k -> ConcurrentHashMap.newKeySet())
                        .add(lower((String) row.get("column_name")));
            }
        }
    }

    void register(Session session, RealtimeTable table, List<String> columns) {
        forget(table.namespace(), table.name());
        for (String column : columns) {
            session.execute("COMMENT ON COLUMN memory." + SqlQuoting.identifier(table.namespace()) + "." + SqlQuoting.identifier(table.name())
                    + "." + SqlQuoting.identifier(column) + " IS " + SqlQuoting.literal(MARK));
        }
        if (!columns.isEmpty()) {
            Set<String> names = ConcurrentHashMap.newKeySet();
            columns.forEach(column -> names.add(lower(column)));
            columnsByTable.put(key(table.namespace(), table.name()), names);
        }
    }

    void forget(String namespace, String table) {
        columnsByTable.remove(key(namespace, table));
    }

    void forgetNamespace(String namespace) {
        columnsByTable.keySet().removeIf(key -> key.startsWith(lower(namespace) + "."));
    }

    /**
     * The result columns with FILE restored for text columns named like a FILE column of a table
     * the statement reads (a name match: a computed text column with the same name is reported as
     * FILE too, which is harmless because it still carries text).
     */
    List<Column> mark(List<Column> columns, List<SqlToken> tokens, String namespace) {
        if (columnsByTable.isEmpty()) {
            return columns;
        }
        Set<String> fileColumns = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.type() != SqlToken.Type.WORD && token.type() != SqlToken.Type.QUOTED_IDENTIFIER) {
                continue;
            }
            boolean qualified = i + 2 < tokens.size() && tokens.get(i + 1).text().equals(".");
            Set<String> found = qualified ? columnsByTable.get(key(token.identifier(), tokens.get(i + 2).identifier()))
                    : columnsByTable.get(key(namespace, token.identifier()));
            if (found != null) {
                fileColumns.addAll(found);
            }
        }
        if (fileColumns.isEmpty()) {
            return columns;
        }
        List<Column> marked = new ArrayList<>(columns.size());
        for (Column column : columns) {
            boolean file = column.type().equalsIgnoreCase("VARCHAR") && fileColumns.contains(lower(column.name()));
            marked.add(file ? new Column(column.name(), TYPE) : column);
        }
        return List.copyOf(marked);
    }

    private static String key(String namespace, String table) {
        return lower(namespace) + "." + lower(table);
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
