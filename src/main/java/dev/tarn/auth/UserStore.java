package dev.tarn.auth;

import dev.tarn.engine.SystemDatabase;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** The users of this server, kept in the system database. */
public final class UserStore {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,127}");

    private final SystemDatabase database;
    private final PasswordHasher hasher;
    /** Bumped on every change, so cached credentials are checked again after any change of users. */
    private final AtomicLong version = new AtomicLong();

    public UserStore(SystemDatabase database, PasswordHasher hasher) {
        this.database = database;
        this.hasher = hasher;
        database.update("""
                CREATE TABLE IF NOT EXISTS users (
                    name VARCHAR PRIMARY KEY,
                    role VARCHAR NOT NULL,
                    password_hash VARCHAR NOT NULL,
                    created_at TIMESTAMP NOT NULL,
                    deleted_at TIMESTAMP)""");
    }

    public long version() {
        return version.get();
    }

    public boolean isEmpty() {
        return database.query("SELECT 1 FROM users LIMIT 1").isEmpty();
    }

    public Optional<User> find(String name) {
        return database.query("SELECT name, role, password_hash, created_at FROM users WHERE name = ? AND deleted_at IS NULL", name)
                .stream().findFirst().map(UserStore::user);
    }

    public List<User> list() {
        return database.query("SELECT name, role, password_hash, created_at FROM users WHERE deleted_at IS NULL ORDER BY name")
                .stream().map(UserStore::user).toList();
    }

    /** Creates a user; a name used before by a deleted user is taken over by the new one. */
    public User create(String name, Role role, String password) {
        requireName(name);
        if (find(name).isPresent()) {
            throw new TarnException(ErrorCode.USER_EXISTS, "User '" + name + "' already exists");
        }
        String hash = hasher.hash(password);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        database.update("DELETE FROM users WHERE name = ?", name);
        database.update("INSERT INTO users VALUES (?, ?, ?, ?, NULL)", name, role.wireName(), hash, now);
        version.incrementAndGet();
        return new User(name, role, hash, now.toInstant(ZoneOffset.UTC));
    }

    public void changePassword(String name, String password) {
        String hash = hasher.hash(password);
        requireChanged(database.update("UPDATE users SET password_hash = ? WHERE name = ? AND deleted_at IS NULL", hash, name), name);
    }

    public void changeRole(String name, Role role) {
        requireChanged(database.update("UPDATE users SET role = ? WHERE name = ? AND deleted_at IS NULL", role.wireName(), name), name);
    }

    /** Soft delete, as the realtime API defines it: the user can no longer log in. */
    public boolean delete(String name) {
        long changed = database.update("UPDATE users SET deleted_at = now() WHERE name = ? AND deleted_at IS NULL", name);
        version.incrementAndGet();
        return changed > 0;
    }

    private void requireChanged(long changed, String name) {
        version.incrementAndGet();
        if (changed == 0) {
            throw new TarnException(ErrorCode.USER_NOT_FOUND, "User '" + name + "' does not exist");
        }
    }

    private static void requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT,
                    "A user name must be 1 to 128 letters, digits or _ . @ -, not starting with a punctuation mark");
        }
    }

    private static User user(Map<String, Object> row) {
        Object created = row.get("created_at");
        Instant createdAt = created instanceof LocalDateTime local ? local.toInstant(ZoneOffset.UTC) : Instant.EPOCH;
        return new User((String) row.get("name"), Role.parse((String) row.get("role")), (String) row.get("password_hash"), createdAt);
    }
}
