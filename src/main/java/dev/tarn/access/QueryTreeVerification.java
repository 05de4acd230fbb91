package dev.tarn.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a rewritten query as DuckDB parses it again, independently of how the rewrite went: every
 * reference to a per-user table must sit, alone, in a SELECT that is exactly the scoped subquery for
 * this user, and nothing outside those subqueries may name an owner column. A rewrite bug, or SQL
 * text that DuckDB reads differently from the tree it was written from, is refused here.
 */
final class QueryTreeVerification {
    private final ScopedSubqueryTemplate template;
    private final PerUserTableLookup lookup;
    private final String userId;
    private final Set<PerUserTable> seen = new LinkedHashSet<>();
    private final Set<String> texts = new HashSet<>();

    private QueryTreeVerification(ScopedSubqueryTemplate template, PerUserTableLookup lookup, String userId) {
        this.template = template;
        this.lookup = lookup;
        this.userId = userId;
    }

    /** Refuses unless the serialised statement {@code root} reads per-user tables only through scoped subqueries. */
    static void verify(ObjectNode root, ScopedSubqueryTemplate template, PerUserTableLookup lookup, String userId) {
        if (SyntaxTreeJson.isError(root)) {
            throw unsafe("DuckDB cannot read the rewritten statement back: " + SyntaxTreeJson.errorMessage(root));
        }
        ArrayNode statements = SyntaxTreeJson.statements(root);
        if (statements.size() != 1) {
            throw unsafe("the rewritten text holds " + statements.size() + " statements");
        }
        QueryTreeVerification verification = new QueryTreeVerification(template, lookup, userId);
        verification.visit(statements.get(0));
        for (PerUserTable table : verification.seen) {
            if (verification.texts.contains(table.ownerColumn().toLowerCase(Locale.ROOT))) {
                throw unsafe("the owner column " + table.ownerColumn() + " is named outside a scoped subquery");
            }
        }
    }

    private void visit(JsonNode node) {
        if (node.isTextual()) {
            texts.add(node.asText().toLowerCase(Locale.ROOT));
            return;
        }
        if (node instanceof ArrayNode array) {
            array.forEach(this::visit);
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        QueryTreeNodes.checkFunction(object, lookup);
        QueryTreeNodes.checkCommonTableNames(object, lookup);
        QueryTreeNodes.checkShowReference(object, lookup);
        if (QueryTreeNodes.isSelectNode(object) && object.get("from_table") instanceof ObjectNode from && QueryTreeNodes.isBaseTable(from)) {
            Optional<PerUserTable> table = lookup.find(QueryTreeNodes.nameParts(from));
            if (table.isPresent()) {
                if (!SyntaxTreeJson.sameApartFromPositions(object, template.scopedSelect(table.get(), userId))) {
                    throw unsafe(table.get().table() + " is read by a query that is not the scoped subquery");
                }
                seen.add(table.get());
                return;
            }
        }
        if (QueryTreeNodes.isBaseTable(object)) {
            lookup.find(QueryTreeNodes.nameParts(object)).ifPresent(table -> {
                throw unsafe(table.table() + " is read without the row scope");
            });
        }
        object.forEach(this::visit);
    }

    private static RuntimeException unsafe(String detail) {
        return Refusals.invalid("The statement could not be limited to your rows safely (" + detail + "); simplify it");
    }
}
