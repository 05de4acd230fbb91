package dev.tarn.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tarn.engine.SyntaxTrees;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subquery that stands in for a per-user table, {@code (SELECT * EXCLUDE (owner) FROM table
 * WHERE owner = 'user') AS alias}, as DuckDB's own syntax tree. DuckDB serialises it once with
 * placeholder names; each use copies that tree and puts the real names and the user id into its
 * fields, so no SQL text is ever pasted together and DuckDB quotes and escapes everything itself.
 */
final class ScopedSubqueryTemplate {
    private static final String OWNER_COLUMN = "tarn_owner_column";
    private static final String CATALOG = "tarn_catalog";
    private static final String SCHEMA = "tarn_schema";
    private static final String TABLE = "tarn_table";
    private static final String OWNER = "tarn_owner";
    private static final String ALIAS = "tarn_alias";
    private static final String TEMPLATE = "SELECT * FROM (SELECT * EXCLUDE (\"" + OWNER_COLUMN + "\") FROM \"" + CATALOG + "\".\""
            + SCHEMA + "\".\"" + TABLE + "\" WHERE \"" + OWNER_COLUMN + "\" = '" + OWNER + "') AS \"" + ALIAS + "\"";

    /** The SUBQUERY table reference of the template statement. */
    private final ObjectNode subquery;

    private ScopedSubqueryTemplate(ObjectNode subquery) {
        this.subquery = subquery;
    }

    /** Serialises the template through DuckDB and checks that it has the shape this class fills in. */
    static ScopedSubqueryTemplate serialise(SyntaxTrees syntaxTrees) {
        ObjectNode root = SyntaxTreeJson.read(syntaxTrees.toJson(TEMPLATE));
        if (SyntaxTreeJson.isError(root)) {
            throw unexpected("it failed: " + SyntaxTreeJson.errorMessage(root));
        }
        JsonNode from = SyntaxTreeJson.statements(root).path(0).path("node").path("from_table");
        if (!(from instanceof ObjectNode reference) || !"SUBQUERY".equals(SyntaxTreeJson.text(reference, "type"))
                || !reference.has("alias") || !reference.has("column_name_alias") || !reference.has("sample")
                || !(reference.path("subquery").path("node") instanceof ObjectNode)) {
            throw unexpected("the subquery reference has an unknown shape");
        }
        Set<String> seen = new HashSet<>();
        collectTexts(reference, seen);
        for (String placeholder : List.of(OWNER_COLUMN, CATALOG, SCHEMA, TABLE, OWNER, ALIAS)) {
            if (!seen.contains(placeholder)) {
                throw unexpected("the placeholder " + placeholder + " is missing");
            }
        }
        return new ScopedSubqueryTemplate(reference);
    }

    /**
     * The subquery to put where {@code baseTable} (a BASE_TABLE reference to {@code table}) was. It
     * keeps the reference's alias, or takes the table's name as written as one, so that qualified
     * column names in the rest of the query still bind; column aliases and sampling move along too.
     */
    ObjectNode replacement(PerUserTable table, String userId, ObjectNode baseTable) {
        ObjectNode replacement = filled(table, userId);
        String alias = SyntaxTreeJson.text(baseTable, "alias");
        replacement.put("alias", alias.isEmpty() ? SyntaxTreeJson.text(baseTable, "table_name") : alias);
        replacement.set("column_name_alias", baseTable.path("column_name_alias").deepCopy());
        replacement.set("sample", baseTable.path("sample").deepCopy());
        return replacement;
    }

    /** The SELECT node a correctly scoped reference to {@code table} for {@code userId} consists of. */
    ObjectNode scopedSelect(PerUserTable table, String userId) {
        return (ObjectNode) filled(table, userId).path("subquery").path("node");
    }

    private ObjectNode filled(PerUserTable table, String userId) {
        Map<String, String> values = Map.of(OWNER_COLUMN, table.ownerColumn(), CATALOG, table.table().catalog(),
                SCHEMA, table.table().schema(), TABLE, table.table().table(), OWNER, userId);
        ObjectNode copy = subquery.deepCopy();
        substitute(copy, values);
        return copy;
    }

    /** Replaces every text value that is exactly a placeholder; each value is looked at once, so no value is replaced twice. */
    private static void substitute(JsonNode node, Map<String, String> values) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = object.get(name);
                if (child.isTextual() && values.containsKey(child.asText())) {
                    object.set(name, TextNode.valueOf(values.get(child.asText())));
                } else {
                    substitute(child, values);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode child = array.get(i);
                if (child.isTextual() && values.containsKey(child.asText())) {
                    array.set(i, TextNode.valueOf(values.get(child.asText())));
                } else {
                    substitute(child, values);
                }
            }
        }
    }

    private static void collectTexts(JsonNode node, Set<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> collectTexts(child, texts));
    }

    private static TarnException unexpected(String detail) {
        return new TarnException(ErrorCode.INTERNAL_ERROR, "DuckDB's serialisation of the row scope subquery changed: " + detail);
    }
}
