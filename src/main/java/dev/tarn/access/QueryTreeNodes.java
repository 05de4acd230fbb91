package dev.tarn.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What row scoping looks for in DuckDB's syntax tree of a query, shared by the rewrite and by the
 * check of its result: table references, CTE names, SHOW/DESCRIBE targets and function calls.
 */
final class QueryTreeNodes {
    private QueryTreeNodes() {
    }

    static boolean isBaseTable(ObjectNode node) {
        return "BASE_TABLE".equals(SyntaxTreeJson.text(node, "type")) && node.has("table_name");
    }

    static boolean isSelectNode(ObjectNode node) {
        return "SELECT_NODE".equals(SyntaxTreeJson.text(node, "type"));
    }

    /**
     * The name of a table reference as written, one to three parts. DuckDB 2 stores it twice (as
     * catalog, schema and table, and as a path); if the two ever disagree we cannot know which one
     * binds, so the statement is refused.
     */
    static List<String> nameParts(ObjectNode reference) {
        List<String> parts = new ArrayList<>();
        for (String field : List.of("catalog_name", "schema_name", "table_name")) {
            String part = SyntaxTreeJson.text(reference, field);
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        JsonNode path = reference.path("qualified_name").path("path");
        if (path.isArray()) {
            List<String> pathParts = new ArrayList<>();
            path.forEach(part -> pathParts.add(part.asText()));
            if (!pathParts.equals(parts)) {
                throw Refusals.invalid("The table name " + String.join(".", parts) + " is stored in two ways that disagree; it cannot be checked");
            }
        }
        return parts;
    }

    /** Refuses a function that could reach a per-user table's rows through a string (see {@link RowReadingFunctions}). */
    static void checkFunction(ObjectNode node, PerUserTableLookup lookup) {
        if (!"FUNCTION".equals(SyntaxTreeJson.text(node, "class"))) {
            return;
        }
        String name = SyntaxTreeJson.text(node, "function_name");
        if (RowReadingFunctions.alwaysRefused(name)) {
            throw Refusals.denied("the function " + name + "() runs SQL given as text, reads a database file or copies a database, "
                    + "so it cannot be limited to your own rows");
        }
        if (RowReadingFunctions.countsEveryonesRows(name)) {
            throw Refusals.denied("the function " + name + "() reports how many rows every table holds, every user's rows of "
                    + "per-user tables included; list tables with SHOW TABLES or information_schema.tables");
        }
        if (!RowReadingFunctions.readsTableNamedByString(name)) {
            return;
        }
        List<JsonNode> arguments = new ArrayList<>();
        node.path("arguments").forEach(argument -> arguments.add(argument.has("expression") ? argument.get("expression") : argument));
        if (arguments.isEmpty() || !isStringConstant(arguments.get(0))) {
            throw Refusals.denied("the function " + name + "() must name its table as a plain string constant, so that it can be checked");
        }
        for (JsonNode argument : arguments.subList(1, arguments.size())) {
            if (!"CONSTANT".equals(SyntaxTreeJson.text(argument, "class")) || isStringConstant(argument)) {
                throw Refusals.denied("the function " + name + "() may take only its table name and constant flags here");
            }
        }
        String tableName = SyntaxTreeJson.text(arguments.get(0).path("literal"), "text");
        List<String> parts = NameText.parts(tableName).orElseThrow(() -> Refusals.denied(
                "the function " + name + "() must name its table plainly (catalog.schema.table, no quotes), so that it can be checked"));
        lookup.find(parts).ifPresent(table -> {
            throw Refusals.denied("the function " + name + "() would read " + table.table() + " for every user; query the table instead");
        });
    }

    /** A CTE named like a per-user table would be read as that table by our rewrite, or hide it; both surprise. */
    static void checkCommonTableNames(ObjectNode node, PerUserTableLookup lookup) {
        for (JsonNode entry : node.path("cte_map").path("map")) {
            String name = SyntaxTreeJson.text(entry, "key");
            lookup.find(List.of(name)).ifPresent(table -> {
                throw Refusals.invalid("The common table expression " + name + " has the name of the per-user table "
                        + table.table() + "; give it another name");
            });
        }
    }

    /** SHOW and DESCRIBE of a named table (rather than of a query) would show it unscoped. */
    static void checkShowReference(ObjectNode node, PerUserTableLookup lookup) {
        if ("SHOW_REF".equals(SyntaxTreeJson.text(node, "type")) && !SyntaxTreeJson.text(node, "table_name").isEmpty()) {
            lookup.find(nameParts(node)).ifPresent(table -> {
                throw Refusals.denied("SHOW of the per-user table " + table.table() + " is not allowed; DESCRIBE it or query it instead");
            });
        }
    }

    private static boolean isStringConstant(JsonNode expression) {
        return "CONSTANT".equals(SyntaxTreeJson.text(expression, "class"))
                && "STRING".equals(SyntaxTreeJson.text(expression.path("literal"), "kind"));
    }
}
