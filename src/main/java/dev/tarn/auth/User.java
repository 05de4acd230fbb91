package dev.tarn.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored user; the password exists only as its bcrypt hash. An empty hash means the user has no
 * password yet (root while the server waits for its setup): nothing can log in with it.
 */
public record User(String name, Role role, String passwordHash, Optional<String> email, Instant createdAt, Instant updatedAt) {
    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public boolean hasPassword() {
        return !passwordHash.isEmpty();
    }

    /** Hides the hash, so a user printed by accident never leaks it. */
    @Override
    public String toString() {
        return "User[name=" + name + ", role=" + role.wireName() + "]";
    }
}
