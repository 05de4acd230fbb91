package dev.tarn.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** A table name given as text (a string argument such as {@code 'shop.carts'}), split into its parts. */
final class NameText {
    private static final Pattern PLAIN_PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private NameText() {
    }

    /**
     * The parts of a dotted name made of plain identifiers, or empty when any part is something else
     * (quoted, spaced): such names are not resolved here, and callers that need to know refuse them.
     */
    static Optional<List<String>> parts(String text) {
        List<String> parts = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            if (!PLAIN_PART.matcher(part).matches()) {
                return Optional.empty();
            }
            parts.add(part);
        }
        return parts.isEmpty() || parts.size() > 3 ? Optional.empty() : Optional.of(parts);
    }
}
