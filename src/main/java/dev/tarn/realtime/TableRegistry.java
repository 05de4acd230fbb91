package dev.tarn.realtime;

import dev.tarn.engine.SystemDatabase;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dialect's table metadata (type, access level, TTL), kept in the system database beside the
 * users. A table unknown here is an ordinary SHARED table (tables made through the Lakehouse API).
 */
public final class TableRegistry {
    private final SystemDatabase database;
    private final Map<String, RealtimeTable> tables = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

    public TableRegistry(SystemDatabase database) {
        this.database = database;
        database.update("""
                CREATE TABLE IF NOT EXISTS realtime_tables (
                    namespace VARCHAR NOT NULL, name VARCHAR NOT NULL, type VARCHAR NOT NULL,
                    access_level VARCHAR NOT NULL, ttl_seconds BIGINT, PRIMARY KEY (namespace, name))""");
        for (Map<String, Object> row : database.query("SELECT * FROM realtime_tables")) {
            Object ttl = row.get("ttl_seconds");
            RealtimeTable table = new RealtimeTable((String) row.get("namespace"), (String) row.get("name"),
                    TableType.parse((String) row.get("type")), AccessLevel.parse((String) row.get("access_level")),
                    ttl == null ? OptionalLong.empty() : OptionalLong.of(((Number) ttl).longValue()));
            tables.put(key(table.namespace(), table.name()), table);
        }
    }

    public Optional<RealtimeTable> find(String namespace, String name) {
        return Optional.ofNullable(tables.get(key(namespace, name)));
    }

    /** The table a dotted name denotes: name (in {@code namespace}), namespace.name or memory.namespace.name. */
    public Optional<RealtimeTable> resolve(List<String> parts, String namespace) {
        return switch (parts.size()) {
            case 1 -> find(namespace, parts.get(0));
            case 2 -> find(parts.get(0), parts.get(1));
            case 3 -> parts.get(0).equalsIgnoreCase("memory") ? find(parts.get(1), parts.get(2)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    public List<RealtimeTable> all() {
        return List.copyOf(tables.values());
    }

    public void register(RealtimeTable table) {
        database.update("DELETE FROM realtime_tables WHERE namespace = ? AND name = ?", lower(table.namespace()), lower(table.name()));
        database.update("INSERT INTO realtime_tables VALUES (?, ?, ?, ?, ?)", lower(table.namespace()), lower(table.name()),
                table.type().name(), table.accessLevel().name(), table.ttlSeconds().isPresent() ? table.ttlSeconds().getAsLong() : null);
        tables.put(key(table.namespace(), table.name()), table);
        version.incrementAndGet();
    }

    /**
     * Grows after every change of the set of tables, after the change is visible, so what was
     * derived from the tables (the access rewrites kept in memory) can tell it is out of date.
     */
    public long version() {
        return version.get();
    }

    public void forget(String namespace, String name) {
        database.update("DELETE FROM realtime_tables WHERE namespace = ? AND name = ?", lower(namespace), lower(name));
        tables.remove(key(namespace, name));
        version.incrementAndGet();
    }

    public void forgetNamespace(String namespace) {
        database.update("DELETE FROM realtime_tables WHERE namespace = ?", lower(namespace));
        tables.keySet().removeIf(key -> key.startsWith(lower(namespace) + "."));
        version.incrementAndGet();
    }

    private static String key(String namespace, String name) {
        return lower(namespace) + "." + lower(name);
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
