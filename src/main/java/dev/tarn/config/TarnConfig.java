package dev.tarn.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The whole configuration of one server, validated when it is built. */
public record TarnConfig(
        String host,
        int port,
        Path dataDirectory,
        Optional<String> rootPassword,
        boolean waitForSetup,
        EngineSettings engine,
        QuerySettings query,
        IngestSettings ingest,
        int bcryptCost,
        AuthSettings auth,
        int realtimeRequestsPerSecond,
        int liveSubscriptionsPerUser,
        long shutdownGraceMillis,
        TopicSettings topics,
        DatasourceSettings datasources) {

    public TarnConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(rootPassword, "rootPassword");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(datasources, "datasources");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        if (bcryptCost < 4 || bcryptCost > 31) {
            throw new IllegalArgumentException("auth.bcrypt_cost must be between 4 and 31, not " + bcryptCost);
        }
        if (liveSubscriptionsPerUser < 1) {
            throw new IllegalArgumentException("live.max_subscriptions_per_user must be at least 1, not " + liveSubscriptionsPerUser);
        }
        if (shutdownGraceMillis < 0) {
            throw new IllegalArgumentException("shutdown.grace_ms must not be negative");
        }
    }

    /** Hides the root password, so a configuration printed by accident never leaks it. */
    @Override
    public String toString() {
        return "TarnConfig[host=" + host + ", port=" + port + ", dataDirectory=" + dataDirectory
                + ", rootPassword=" + (rootPassword.isPresent() ? "<secret>" : "<none>") + ", waitForSetup=" + waitForSetup
                + ", engine=" + engine + ", query=" + query + ", ingest=" + ingest + ", auth=" + auth
                + ", realtimeRequestsPerSecond=" + realtimeRequestsPerSecond + ", liveSubscriptionsPerUser=" + liveSubscriptionsPerUser + ", bcryptCost=" + bcryptCost
                + ", shutdownGraceMillis=" + shutdownGraceMillis + ", topics=" + topics + ", datasources=" + datasources + "]";
    }

    /** How the embedded engine is opened and shared. */
    public record EngineSettings(int connections, long connectionWaitMillis, int threads, Optional<String> memoryLimit) {
        public EngineSettings {
            if (connections < 1) {
                throw new IllegalArgumentException("engine.connections must be at least 1, not " + connections);
            }
            if (connectionWaitMillis < 0) {
                throw new IllegalArgumentException("engine.connection_wait_ms must not be negative");
            }
            if (threads < 0) {
                throw new IllegalArgumentException("engine.threads must not be negative (0 means one per core)");
            }
            Objects.requireNonNull(memoryLimit, "memoryLimit");
        }
    }

    /** Limits of the append API and the size of its log files. */
    public record IngestSettings(long appendMaxBodyBytes, int appendMaxFields, int appendMaxDepth, long appendLogSegmentBytes) {
        public IngestSettings {
            if (appendMaxBodyBytes < 1024) {
                throw new IllegalArgumentException("ingest.append_max_body_bytes must be at least 1024");
            }
            if (appendMaxFields < 1) {
                throw new IllegalArgumentException("ingest.append_max_fields must be at least 1");
            }
            if (appendMaxDepth < 2) {
                throw new IllegalArgumentException("ingest.append_max_depth must be at least 2");
            }
            if (appendLogSegmentBytes < 1024 * 1024) {
                throw new IllegalArgumentException("ingest.append_log_segment_bytes must be at least 1 MiB");
            }
        }
    }

    /**
     * Tokens, cookies and the protections of the realtime API's auth endpoints. The JWT secret is
     * optional: without it the server keeps a generated one in its data directory.
     */
    public record AuthSettings(Optional<String> jwtSecret, int jwtExpiryHours, boolean allowRemoteSetup, boolean cookieSecure,
                               int rateLimitPerSecond, int lockoutAttempts, int lockoutMinutes, boolean disableCommonPasswordCheck) {
        /** HS256 needs a key of at least 256 bits; a shorter one could be guessed offline from any token. */
        public static final int MINIMUM_SECRET_BYTES = 32;

        public AuthSettings {
            Objects.requireNonNull(jwtSecret, "jwtSecret");
            if (jwtSecret.isPresent() && jwtSecret.get().getBytes(StandardCharsets.UTF_8).length < MINIMUM_SECRET_BYTES) {
                throw new IllegalArgumentException("auth.jwt_secret must be at least " + MINIMUM_SECRET_BYTES
                        + " bytes long (or empty, to let Tarn generate one)");
            }
            if (jwtExpiryHours < 1 || jwtExpiryHours > 8760) {
                throw new IllegalArgumentException("auth.jwt_expiry_hours must be between 1 and 8760, not " + jwtExpiryHours);
            }
            if (rateLimitPerSecond < 0) {
                throw new IllegalArgumentException("auth.rate_limit_per_second must not be negative (0 means no limit)");
            }
            if (lockoutAttempts < 0) {
                throw new IllegalArgumentException("auth.lockout_attempts must not be negative (0 means never lock)");
            }
            if (lockoutMinutes < 1) {
                throw new IllegalArgumentException("auth.lockout_minutes must be at least 1, not " + lockoutMinutes);
            }
        }

        public Duration accessTokenLifetime() {
            return Duration.ofHours(jwtExpiryHours);
        }

        /** Keeps the secret out of anything that prints the configuration. */
        @Override
        public String toString() {
            return "AuthSettings[jwtSecret=" + (jwtSecret.isPresent() ? "<secret>" : "<generated>") + ", jwtExpiryHours=" + jwtExpiryHours
                    + ", allowRemoteSetup=" + allowRemoteSetup + ", cookieSecure=" + cookieSecure + ", rateLimitPerSecond=" + rateLimitPerSecond
                    + ", lockoutAttempts=" + lockoutAttempts + ", lockoutMinutes=" + lockoutMinutes
                    + ", disableCommonPasswordCheck=" + disableCommonPasswordCheck + "]";
        }
    }

    /** How the query API answers. */
    public record QuerySettings(boolean typedColumns, long maxBodyBytes, int logSize, String workerSlug) {
        public QuerySettings {
            if (maxBodyBytes < 1024) {
                throw new IllegalArgumentException("query.max_body_bytes must be at least 1024");
            }
            if (logSize < 1) {
                throw new IllegalArgumentException("query.log_size must be at least 1");
            }
            Objects.requireNonNull(workerSlug, "workerSlug");
        }
    }

    /**
     * Topics: how long a consumer group's claim on messages lasts before they are delivered again
     * (at-least-once when a consumer dies without acknowledging), and the longest a consume request
     * may wait for messages (kept below the HTTP server's 30 s idle timeout).
     */
    public record TopicSettings(int visibilityTimeoutSeconds, int maximumWaitSeconds) {
        public TopicSettings {
            if (visibilityTimeoutSeconds < 1 || visibilityTimeoutSeconds > 86_400) {
                throw new IllegalArgumentException("topics.visibility_timeout_seconds must be between 1 and 86400, not " + visibilityTimeoutSeconds);
            }
            if (maximumWaitSeconds < 0 || maximumWaitSeconds > 25) {
                throw new IllegalArgumentException("topics.max_wait_seconds must be between 0 and 25, not " + maximumWaitSeconds);
            }
        }

        public Duration visibilityTimeout() {
            return Duration.ofSeconds(visibilityTimeoutSeconds);
        }

        public Duration maximumWait() {
            return Duration.ofSeconds(maximumWaitSeconds);
        }
    }

    /**
     * AskTable datasources: how long one query on a datasource may run, how long connecting may take
     * before a wrong host or port is reported, and the largest file one upload may carry.
     */
    public record DatasourceSettings(int statementTimeoutSeconds, int connectTimeoutSeconds, long maximumFileBytes) {
        public DatasourceSettings {
            if (statementTimeoutSeconds < 1 || statementTimeoutSeconds > 3600) {
                throw new IllegalArgumentException("ask.datasource_statement_timeout_seconds must be between 1 and 3600, not " + statementTimeoutSeconds);
            }
            if (connectTimeoutSeconds < 1 || connectTimeoutSeconds > 60) {
                throw new IllegalArgumentException("ask.datasource_connect_timeout_seconds must be between 1 and 60, not " + connectTimeoutSeconds);
            }
            if (maximumFileBytes < 1) {
                throw new IllegalArgumentException("ask.datasource_max_file_bytes must be positive");
            }
        }

        public Duration statementTimeout() {
            return Duration.ofSeconds(statementTimeoutSeconds);
        }

        public Duration connectTimeout() {
            return Duration.ofSeconds(connectTimeoutSeconds);
        }
    }
}
