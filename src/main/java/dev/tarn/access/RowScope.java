package dev.tarn.access;

/**
 * The access rewrite as the query paths call it: a statement rewritten so that it sees and changes
 * only the acting user's rows of per-user tables (unchanged when it touches none).
 */
@FunctionalInterface
public interface RowScope {
    String apply(String statement, String userName, String defaultSchema);
}
