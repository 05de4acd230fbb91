package dev.tarn.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites DuckDB's syntax tree of a query in place: every BASE_TABLE reference to a per-user table,
 * wherever it is (joins, subqueries in FROM, WHERE and the select list, CTEs, set operations,
 * LATERAL, PIVOT sources, DESCRIBE and SUMMARIZE of a query), becomes the scoped subquery of
 * {@link ScopedSubqueryTemplate}. The walk is generic over the JSON, so a place DuckDB adds to its
 * trees later is covered without a change here; the check of the result still guards that claim.
 */
final class QueryTreeScoping {
    private final ScopedSubqueryTemplate template;
    private final PerUserTableLookup lookup;
    private final String userId;
    private final Set<PerUserTable> scoped = new LinkedHashSet<>();
    private final Set<String> texts = new HashSet<>();

    private QueryTreeScoping(ScopedSubqueryTemplate template, PerUserTableLookup lookup, String userId) {
        this.template = template;
        this.lookup = lookup;
        this.userId = userId;
    }

    /**
     * Scopes the statement node in place and returns the per-user tables it read (empty when it read
     * none and was left as it was). Refuses statements that name the owner column of a table they read.
     */
    static Set<PerUserTable> scope(ObjectNode statement, ScopedSubqueryTemplate template, PerUserTableLookup lookup, String userId) {
        QueryTreeScoping scoping = new QueryTreeScoping(template, lookup, userId);
        JsonNode node = statement.get("node");
        statement.set("node", scoping.visit(node));
        for (PerUserTable table : scoping.scoped) {
            if (scoping.texts.contains(table.ownerColumn().toLowerCase(Locale.ROOT))) {
                throw Refusals.denied("the column " + table.ownerColumn() + " of " + table.table()
                        + " is kept by the server; it cannot be read, set or named");
            }
        }
        return Set.copyOf(scoping.scoped);
    }

    /** Returns the node to keep in the parent: the node itself, changed in place, or its replacement. */
    private JsonNode visit(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            // Every name, alias and string of the user's statement, before we add our own.
            texts.add(node.asText().toLowerCase(Locale.ROOT));
            return node;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, visit(array.get(i)));
            }
            return array;
        }
        if (!(node instanceof ObjectNode object)) {
            return node;
        }
        QueryTreeNodes.checkFunction(object, lookup);
        QueryTreeNodes.checkCommonTableNames(object, lookup);
        QueryTreeNodes.checkShowReference(object, lookup);
        if (QueryTreeNodes.isBaseTable(object)) {
            Optional<PerUserTable> table = lookup.find(QueryTreeNodes.nameParts(object));
            visitChildren(object);
            if (table.isPresent()) {
                if (!object.path("at_clause").isNull() && !object.path("at_clause").isMissingNode()) {
                    throw Refusals.invalid("Reading an earlier version (AT) of the per-user table " + table.get().table() + " is not supported");
                }
                scoped.add(table.get());
                return template.replacement(table.get(), userId, object);
            }
            return object;
        }
        visitChildren(object);
        return object;
    }

    private void visitChildren(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            object.set(name, visit(object.get(name)));
        }
    }
}
