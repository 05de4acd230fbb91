package dev.tarn.realtime;

import dev.tarn.access.ScopedTables;
import dev.tarn.engine.Engine;
import dev.tarn.engine.TableName;

import java.util.Optional;

/** The registry's per-user tables, as the access rewrite asks for them: owned through the hidden owner column. */
public final class PerUserTables implements ScopedTables {
    private final TableRegistry registry;

    public PerUserTables(TableRegistry registry) {
        this.registry = registry;
    }

    /** Whether any per-user table exists; while none does, no statement needs the rewrite. */
    public boolean any() {
        return registry.all().stream().anyMatch(table -> table.type().perUser());
    }

    @Override
    public Optional<String> ownerColumn(TableName table) {
        if (!table.catalog().equalsIgnoreCase(Engine.DEFAULT_CATALOG)) {
            return Optional.empty();
        }
        return registry.find(table.schema(), table.table()).filter(t -> t.type().perUser()).map(t -> TableDefinition.OWNER_COLUMN);
    }
}
