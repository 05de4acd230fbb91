package dev.tarn.files;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the files of one table live: namespace, table and, for per-user tables, the owner, so one
 * user's files sit apart from another's and a download can only reach the caller's own folder.
 */
public record FileScope(String namespace, String table, Optional<String> owner) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,128}");

    public FileScope {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(owner, "owner");
        if (!validName(namespace) || !validName(table)) {
            throw new IllegalArgumentException("namespace and table must be lower-case letters, digits and underscores");
        }
        owner.ifPresent(name -> {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty owner");
            }
        });
    }

    /** Whether a namespace or table name may be a path segment (already folded to lower case). */
    public static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }
}
