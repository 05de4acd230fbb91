package dev.tarn.access;

import net.sf.jsqlparser.schema.Table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Names of JSqlParser table nodes as DuckDB reads them: catalog, schema, table, without quotes. */
final class ParsedTables {
    private ParsedTables() {
    }

    static List<String> nameParts(Table table) {
        List<String> parts = new ArrayList<>();
        for (String part : table.getNameParts()) {
            parts.add(unquote(part));
        }
        Collections.reverse(parts); // JSqlParser keeps the parts last one first
        return parts;
    }

    /** The name without its double quotes or backquotes (both quote names in DuckDB), doubled quotes made single. */
    static String unquote(String name) {
        for (String quote : new String[] {"\"", "`"}) {
            if (name.length() >= 2 && name.startsWith(quote) && name.endsWith(quote)) {
                return name.substring(1, name.length() - 1).replace(quote + quote, quote);
            }
        }
        return name;
    }
}
