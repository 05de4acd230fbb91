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
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+");
    private static final int MAXIMUM_EMAIL_LENGTH = 254;
    private static final String COLUMNS = "name, role, password_hash, email, created_at, updated_at";

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
        // columns added after the first release: data directories created before them gain them here
        database.update("ALTER TABLE users ADD COLUMN IF NOT EXISTS email VARCHAR");
        database.update("ALTER TABLE users ADD COLUMN IF NOT EXISTS updated_at TIMESTAMP");
    }

    public long version() {
        return version.get();
    }

    public boolean isEmpty() {
        return database.query("SELECT 1 FROM users LIMIT 1").isEmpty();
    }

    public Optional<User> find(String name) {
        return database.query("SELECT " + COLUMNS + " FROM users WHERE name = ? AND deleted_at IS NULL", name)
                .stream().findFirst().map(UserStore::user);
    }

    public List<User> list() {
        return database.query("SELECT " + COLUMNS + " FROM users WHERE deleted_at IS NULL ORDER BY name")
                .stream().map(UserStore::user).toList();
    }

    /** Creates a user; a name used before by a deleted user is taken over by the new one. */
    public User create(String name, Role role, String password) {
        return create(name, role, password, Optional.empty());
    }

    public User create(String name, Role role, String password, Optional<String> email) {
        requireName(name);
        email.ifPresent(UserStore::requireEmail);
        if (find(name).isPresent()) {
            throw new TarnException(ErrorCode.USER_EXISTS, "User '" + name + "' already exists");
        }
        return insert(name, role, hasher.hash(password), email);
    }

    /** The setup flow's root: a user that exists but cannot log in until its password is set. */
    User createWithoutPassword(String name, Role role) {
        requireName(name);
        return insert(name, role, "", Optional.empty());
    }

    private User insert(String name, Role role, String hash, Optional<String> email) {
        LocalDateTime now = now();
        database.update("DELETE FROM users WHERE name = ?", name);
        database.update("INSERT INTO users (name, role, password_hash, email, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, NULL)",
                name, role.wireName(), hash, email.orElse(null), now, now);
        version.incrementAndGet();
        Instant instant = now.toInstant(ZoneOffset.UTC);
        return new User(name, role, hash, email, instant, instant);
    }

    public void changePassword(String name, String password) {
        String hash = hasher.hash(password);
        requireChanged(database.update("UPDATE users SET password_hash = ?, updated_at = ? WHERE name = ? AND deleted_at IS NULL",
                hash, now(), name), name);
    }

    /**
     * Sets the password of a user that has none yet; false when it has one already. The check and the
     * change are one statement, so two setups racing cannot both set root's password.
     */
    boolean setFirstPassword(String name, String password) {
        String hash = hasher.hash(password);
        long changed = database.update("UPDATE users SET password_hash = ?, updated_at = ? WHERE name = ? AND password_hash = '' AND deleted_at IS NULL",
                hash, now(), name);
        version.incrementAndGet();
        return changed > 0;
    }

    public void changeRole(String name, Role role) {
        requireChanged(database.update("UPDATE users SET role = ?, updated_at = ? WHERE name = ? AND deleted_at IS NULL",
                role.wireName(), now(), name), name);
    }

    public void changeEmail(String name, String email) {
        requireEmail(email);
        requireChanged(database.update("UPDATE users SET email = ?, updated_at = ? WHERE name = ? AND deleted_at IS NULL",
                email, now(), name), name);
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

    static void requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new TarnException(ErrorCode.INVALID_USER_NAME,
                    "A user name must be 1 to 128 letters, digits or _ . @ -, not starting with a punctuation mark");
        }
    }

    static void requireEmail(String email) {
        if (email.length() > MAXIMUM_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            throw new TarnException(ErrorCode.INVALID_EMAIL, "An email address must look like name@example.com and be at most "
                    + MAXIMUM_EMAIL_LENGTH + " characters long");
        }
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }

    private static User user(Map<String, Object> row) {
        Instant createdAt = instant(row.get("created_at")).orElse(Instant.EPOCH);
        return new User((String) row.get("name"), Role.parse((String) row.get("role")), (String) row.get("password_hash"),
                Optional.ofNullable((String) row.get("email")), createdAt, instant(row.get("updated_at")).orElse(createdAt));
    }

    private static Optional<Instant> instant(Object value) {
        return value instanceof LocalDateTime local ? Optional.of(local.toInstant(ZoneOffset.UTC)) : Optional.empty();
    }
}
