package dev.tarn.ask.keys;

import dev.tarn.engine.SystemDatabase;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every AskTable API key and Ask API key, durable in the system database ({@code ask_keys}) and
 * held in memory by the hash of its value, because every AskTable and Ask request looks one up.
 * This store is the only writer of the table, so the memory copy changes with each create and
 * delete: a deleted key stops working with the answer to its DELETE.
 */
public final class KeyStore {
    /** The time of last use reaches the disk at most this often per key; memory has the exact one. */
    static final Duration LAST_USE_WRITE_INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(KeyStore.class);

    private final SystemDatabase database;
    private final Clock clock;
    private final Map<String, StoredKey> byHash = new ConcurrentHashMap<>();
    private final Map<String, String> hashById = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastUseWritten = new ConcurrentHashMap<>();

    public KeyStore(SystemDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
        database.update("""
                CREATE TABLE IF NOT EXISTS ask_keys (
                    id VARCHAR PRIMARY KEY,
                    kind VARCHAR NOT NULL,
                    project_id VARCHAR NOT NULL,
                    ak_role VARCHAR NOT NULL,
                    value_hash VARCHAR NOT NULL UNIQUE,
                    masked_value VARCHAR NOT NULL,
                    allowed_origins VARCHAR NOT NULL,
                    status INTEGER NOT NULL,
                    created_at TIMESTAMP NOT NULL,
                    last_used_at TIMESTAMP)""");
        // added with Ask API key bindings; data directories from before lack them
        database.update("ALTER TABLE ask_keys ADD COLUMN IF NOT EXISTS role_id VARCHAR");
        database.update("ALTER TABLE ask_keys ADD COLUMN IF NOT EXISTS customer VARCHAR");
        for (Map<String, Object> row : database.query("SELECT * FROM ask_keys")) {
            String allowed = (String) row.get("allowed_origins");
            StoredKey key = new StoredKey((String) row.get("id"), KeyKind.fromWireName((String) row.get("kind")),
                    (String) row.get("project_id"), AskRole.parse((String) row.get("ak_role")), ((Number) row.get("status")).intValue(),
                    instant(row.get("created_at")), Optional.ofNullable(row.get("last_used_at")).map(KeyStore::instant),
                    (String) row.get("masked_value"),
                    allowed.isEmpty() ? List.of() : Arrays.stream(allowed.split(" ")).map(AllowedOrigin::new).toList(),
                    new KeyBinding(Optional.ofNullable((String) row.get("role_id")), Optional.ofNullable((String) row.get("customer"))));
            remember((String) row.get("value_hash"), key);
            key.lastUsedAt().ifPresent(used -> lastUseWritten.put(key.id(), used));
        }
    }

    /** Creates a key; the answer holds its clear value, which nothing keeps. */
    public NewKey create(KeyKind kind, String projectId, AskRole role, List<AllowedOrigin> allowedOrigins) {
        return create(kind, projectId, role, allowedOrigins, KeyBinding.NONE);
    }

    /** Creates a key bound to a role and a customer (Ask API keys). */
    public synchronized NewKey create(KeyKind kind, String projectId, AskRole role, List<AllowedOrigin> allowedOrigins, KeyBinding binding) {
        String prefix = kind.valuePrefix(role);
        String value = KeyValues.newValue(prefix);
        String hash = KeyValues.hash(value);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        StoredKey key = new StoredKey(dev.tarn.ask.AskIds.next(kind == KeyKind.API_KEY ? "ak_" : "key_"), kind, projectId, role,
                StoredKey.ACTIVE, now, Optional.empty(), KeyValues.mask(prefix, value),
                kind == KeyKind.PUBLISHABLE ? allowedOrigins : List.of(), binding);
        database.update("INSERT INTO ask_keys (id, kind, project_id, ak_role, value_hash, masked_value, allowed_origins, status, created_at,"
                        + " last_used_at, role_id, customer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)", key.id(), kind.wireName(), projectId,
                role.wireName(), hash, key.maskedValue(), String.join(" ", key.allowedOrigins().stream().map(AllowedOrigin::value).toList()),
                key.status(), LocalDateTime.ofInstant(now, ZoneOffset.UTC), binding.roleId().orElse(null), binding.customer().orElse(null));
        remember(hash, key);
        LOG.info("event=ask_key_created id={} kind={} role={} project={}", key.id(), kind.wireName(), role.wireName(), projectId);
        return new NewKey(key, value, hash);
    }

    /** The keys of one kind in a project, oldest first, with their latest use. */
    public List<StoredKey> list(KeyKind kind, String projectId) {
        return byHash.values().stream()
                .filter(key -> key.kind() == kind && key.projectId().equals(projectId))
                .sorted(Comparator.comparing(StoredKey::createdAt).thenComparing(StoredKey::id))
                .toList();
    }

    /** Deletes a key of this kind and project; 404 when there is none (another project's key is none). */
    public synchronized void delete(KeyKind kind, String projectId, String keyId) {
        String hash = hashById.get(keyId);
        StoredKey key = hash == null ? null : byHash.get(hash);
        if (key == null || key.kind() != kind || !key.projectId().equals(projectId)) {
            throw new TarnException(ErrorCode.ASK_KEY_NOT_FOUND, "No " + (kind == KeyKind.API_KEY ? "API key" : "Ask API key")
                    + " '" + keyId + "' in project '" + projectId + "'; list the keys to see their ids");
        }
        database.update("DELETE FROM ask_keys WHERE id = ?", keyId);
        byHash.remove(hash);
        hashById.remove(keyId);
        lastUseWritten.remove(keyId);
        LOG.info("event=ask_key_deleted id={} kind={} project={}", keyId, kind.wireName(), projectId);
    }

    /**
     * The key whose clear value this is. The lookup goes by SHA-256 of the value, so how long it takes
     * says nothing usable about the stored values; the final comparison is constant-time all the same.
     */
    public Optional<StoredKey> find(String clearValue) {
        String hash = KeyValues.hash(clearValue);
        StoredKey key = byHash.get(hash);
        if (key == null || !MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                hashById.getOrDefault(key.id(), "").getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(key);
    }

    /** True while the key exists: a temporary token dies with the key that minted it. */
    public boolean exists(String keyId) {
        return hashById.containsKey(keyId);
    }

    /**
     * Notes that a key was just used. Memory always has the time; the disk gets it at most once per
     * {@link #LAST_USE_WRITE_INTERVAL} per key, so a busy key does not turn every request into a write.
     */
    public void recordUse(StoredKey key) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String hash = hashById.get(key.id());
        if (hash == null) {
            return;
        }
        byHash.computeIfPresent(hash, (ignored, current) -> current.usedAt(now));
        Instant written = lastUseWritten.get(key.id());
        if (written == null || !now.isBefore(written.plus(LAST_USE_WRITE_INTERVAL))) {
            lastUseWritten.put(key.id(), now);
            database.update("UPDATE ask_keys SET last_used_at = ? WHERE id = ?", LocalDateTime.ofInstant(now, ZoneOffset.UTC), key.id());
        }
    }

    private void remember(String hash, StoredKey key) {
        byHash.put(hash, key);
        hashById.put(key.id(), hash);
    }

    private static Instant instant(Object value) {
        return ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
    }
}
