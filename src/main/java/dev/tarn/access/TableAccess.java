package dev.tarn.access;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a reader may do with one table: nothing, or read some of its columns and rows. */
public sealed interface TableAccess {
    /** The table may not be read at all; the reason names the table and, where it helps, why. */
    record Hidden(String reason) implements TableAccess {
        public Hidden {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The table may be read. {@code columns}: only these (empty: all). {@code grants}: a row is
     * visible when every condition of at least one grant holds (empty: every row is visible).
     */
    record Readable(Optional<List<String>> columns, Optional<List<List<BoundCondition>>> grants) implements TableAccess {
        public Readable {
            columns = columns.map(List::copyOf);
            grants = grants.map(list -> list.stream().map(List::copyOf).toList());
            if (columns.isPresent() && columns.get().isEmpty()) {
                throw new IllegalArgumentException("a readable table needs at least one column; use Hidden instead");
            }
        }

        public boolean unrestricted() {
            return columns.isEmpty() && grants.isEmpty();
        }
    }

    static TableAccess all() {
        return new Readable(Optional.empty(), Optional.empty());
    }
}
