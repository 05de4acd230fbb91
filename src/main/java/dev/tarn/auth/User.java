package dev.tarn.auth;

import java.time.Instant;
import java.util.Objects;

/** A stored user; the password exists only as its bcrypt hash. */
public record User(String name, Role role, String passwordHash, Instant createdAt) {
    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Hides the hash, so a user printed by accident never leaks it. */
    @Override
    public String toString() {
        return "User[name=" + name + ", role=" + role.wireName() + "]";
    }
}
