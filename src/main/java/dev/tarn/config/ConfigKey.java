package dev.tarn.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every configuration key Tarn knows, with its default. The same list is documented in
 * etc/tarn.properties; a key that is not here is a startup error, so a typo never goes unnoticed.
 */
public enum ConfigKey {
    PORT("port", "2900", false),
    HOST("host", "0.0.0.0", false),
    DATA("data", "./data", false),
    ROOT_PASSWORD("root.password", "", true),
    ROOT_WAIT_FOR_SETUP("root.wait_for_setup", "false", false),
    ENGINE_CONNECTIONS("engine.connections", "16", false),
    ENGINE_CONNECTION_WAIT_MS("engine.connection_wait_ms", "10000", false),
    ENGINE_THREADS("engine.threads", "0", false),
    ENGINE_MEMORY_LIMIT("engine.memory_limit", "", false),
    QUERY_TYPED_COLUMNS("query.typed_columns", "false", false),
    QUERY_MAX_BODY_BYTES("query.max_body_bytes", "1048576", false),
    QUERY_LOG_SIZE("query.log_size", "10000", false),
    QUERY_WORKER_SLUG("query.worker_slug", "tarn-1", false),
    AUTH_BCRYPT_COST("auth.bcrypt_cost", "12", false),
    AUTH_JWT_SECRET("auth.jwt_secret", "", true),
    AUTH_JWT_EXPIRY_HOURS("auth.jwt_expiry_hours", "24", false),
    AUTH_ALLOW_REMOTE_SETUP("auth.allow_remote_setup", "false", false),
    AUTH_COOKIE_SECURE("auth.cookie_secure", "false", false),
    AUTH_RATE_LIMIT_PER_SECOND("auth.rate_limit_per_second", "20", false),
    AUTH_LOCKOUT_ATTEMPTS("auth.lockout_attempts", "5", false),
    AUTH_LOCKOUT_MINUTES("auth.lockout_minutes", "15", false),
    AUTH_DISABLE_COMMON_PASSWORD_CHECK("auth.disable_common_password_check", "false", false),
    REALTIME_RATE_LIMIT_PER_SECOND("realtime.rate_limit_per_second", "100", false),
    LIVE_MAX_SUBSCRIPTIONS_PER_USER("live.max_subscriptions_per_user", "10", false),
    INGEST_APPEND_MAX_BODY_BYTES("ingest.append_max_body_bytes", "16777216", false),
    INGEST_APPEND_MAX_FIELDS("ingest.append_max_fields", "1000", false),
    INGEST_APPEND_MAX_DEPTH("ingest.append_max_depth", "32", false),
    INGEST_APPEND_LOG_SEGMENT_BYTES("ingest.append_log_segment_bytes", "67108864", false),
    TOPICS_VISIBILITY_TIMEOUT_SECONDS("topics.visibility_timeout_seconds", "60", false),
    TOPICS_MAX_WAIT_SECONDS("topics.max_wait_seconds", "25", false),
    SHUTDOWN_GRACE_MS("shutdown.grace_ms", "10000", false),
    // AskTable datasources (ask-sources)
    ASK_DATASOURCE_STATEMENT_TIMEOUT_SECONDS("ask.datasource_statement_timeout_seconds", "30", false),
    ASK_DATASOURCE_CONNECT_TIMEOUT_SECONDS("ask.datasource_connect_timeout_seconds", "5", false),
    ASK_DATASOURCE_MAX_FILE_BYTES("ask.datasource_max_file_bytes", "1073741824", false);

    private final String key;
    private final String defaultValue;
    private final boolean secret;

    ConfigKey(String key, String defaultValue, boolean secret) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.secret = secret;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** Secrets are never printed, not even in a configuration error. */
    public boolean secret() {
        return secret;
    }

    /** The environment variable that overrides this key: TARN_ plus the key in capitals, dots as underscores. */
    public String environmentVariable() {
        return "TARN_" + key.toUpperCase().replace('.', '_');
    }

    public static Optional<ConfigKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static Optional<ConfigKey> byEnvironmentVariable(String name) {
        return Arrays.stream(values()).filter(k -> k.environmentVariable().equals(name)).findFirst();
    }
}
