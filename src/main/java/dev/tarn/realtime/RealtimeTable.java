package dev.tarn.realtime;

import java.util.Objects;
import java.util.OptionalLong;

/** What the dialect knows of a table beyond its columns: its type, who may read it, and its row lifetime. */
public record RealtimeTable(String namespace, String name, TableType type, AccessLevel accessLevel, OptionalLong ttlSeconds) {
    public RealtimeTable {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(accessLevel, "accessLevel");
        Objects.requireNonNull(ttlSeconds, "ttlSeconds");
    }
}
