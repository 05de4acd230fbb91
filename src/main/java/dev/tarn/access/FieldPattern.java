package dev.tarn.access;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code <schema>.<table>.<field>} side of a row filter; each part may hold {@code *} wildcards
 * ({@code *.*.*uid*}). Names compare without regard to case: a filter written {@code Orders} also
 * covers {@code orders}, which errs on the side of filtering more.
 */
public record FieldPattern(String schema, String table, String field) {
    public FieldPattern {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(field, "field");
    }

    public boolean matchesTable(String schemaName, String tableName) {
        return matches(schema, schemaName) && matches(table, tableName);
    }

    public boolean matchesField(String fieldName) {
        return matches(field, fieldName);
    }

    /** True when the field part is one name, not a pattern: the filter names its column outright. */
    public boolean namesOneField() {
        return field.indexOf('*') < 0;
    }

    static boolean matches(String pattern, String name) {
        if (pattern.indexOf('*') < 0) {
            return pattern.equalsIgnoreCase(name);
        }
        StringBuilder regex = new StringBuilder();
        for (String piece : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(piece.toLowerCase(Locale.ROOT)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    @Override
    public String toString() {
        return schema + "." + table + "." + field;
    }
}
