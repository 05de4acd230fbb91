package dev.tarn.access;

import dev.tarn.engine.Engine;
import dev.tarn.engine.TableName;
import dev.tarn.error.TarnException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tells which per-user table, if any, a name written in a statement could denote. It errs on the
 * side of "could": a name is checked against every table DuckDB might bind it to, because binding a
 * per-user table we did not recognise would expose every user's rows.
 */
final class PerUserTableLookup {
    private final String defaultSchema;
    private final ScopedTables tables;

    PerUserTableLookup(String defaultSchema, ScopedTables tables) {
        this.defaultSchema = defaultSchema.toLowerCase(Locale.ROOT);
        this.tables = tables;
    }

    /**
     * The per-user table the name made of {@code parts} (catalog, schema, table as written, one to
     * three of them) could denote. Refuses a name that could denote two different per-user tables.
     */
    Optional<PerUserTable> find(List<String> parts) {
        Set<PerUserTable> found = new LinkedHashSet<>();
        for (List<String> candidate : candidates(parts)) {
            table(candidate).ifPresent(table -> tables.ownerColumn(table).ifPresent(owner -> found.add(new PerUserTable(table, owner))));
        }
        if (found.size() > 1) {
            throw Refusals.invalid("The name " + String.join(".", parts) + " could mean more than one per-user table ("
                    + found.stream().map(t -> t.table().toString()).toList() + "); write it in full as catalog.schema.table");
        }
        return found.stream().findFirst();
    }

    /**
     * DuckDB binds {@code t} in the session's schema and then in {@code main} of the default catalog
     * (its search path); {@code a.t} as schema a of the default catalog, or as catalog a's
     * {@code main} or session schema; and {@code c.s.t} exactly.
     */
    private List<List<String>> candidates(List<String> parts) {
        List<String> lower = parts.stream().map(part -> part.toLowerCase(Locale.ROOT)).toList();
        List<List<String>> candidates = new ArrayList<>();
        switch (lower.size()) {
            case 1 -> {
                candidates.add(List.of(Engine.DEFAULT_CATALOG, defaultSchema, lower.get(0)));
                candidates.add(List.of(Engine.DEFAULT_CATALOG, Engine.DEFAULT_SCHEMA, lower.get(0)));
            }
            case 2 -> {
                candidates.add(List.of(Engine.DEFAULT_CATALOG, lower.get(0), lower.get(1)));
                candidates.add(List.of(lower.get(0), Engine.DEFAULT_SCHEMA, lower.get(1)));
                // For the session's own catalog DuckDB takes the session's schema, not main: memory.carts is memory.shop.carts after USE shop.
                candidates.add(List.of(lower.get(0), defaultSchema, lower.get(1)));
            }
            case 3 -> candidates.add(lower);
            default -> {
                // longer or empty names do not denote tables; DuckDB refuses them itself
            }
        }
        return candidates;
    }

    private static Optional<TableName> table(List<String> parts) {
        try {
            return Optional.of(new TableName(parts.get(0), parts.get(1), parts.get(2)));
        } catch (TarnException notAPlainName) {
            // Per-user tables have plain names (TableName's rule), so a name that is not plain cannot be one.
            return Optional.empty();
        }
    }
}
