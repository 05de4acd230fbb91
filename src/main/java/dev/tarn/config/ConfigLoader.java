package dev.tarn.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Builds a {@link TarnConfig} from, in rising precedence: the defaults of {@link ConfigKey}, a
 * properties file, {@code TARN_*} environment variables, and command-line overrides.
 * Unknown keys anywhere fail the start, because a misspelt key would otherwise be silently ignored.
 */
public final class ConfigLoader {
    private final Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);

    public ConfigLoader() {
        for (ConfigKey key : ConfigKey.values()) {
            values.put(key, key.defaultValue());
        }
    }

    /** Reads a properties file; every key in it must be known. */
    public ConfigLoader file(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage());
        }
        List<String> unknown = new ArrayList<>();
        for (String name : properties.stringPropertyNames()) {
            Optional<ConfigKey> key = ConfigKey.byKey(name);
            if (key.isPresent()) {
                values.put(key.get(), properties.getProperty(name).trim());
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown configuration keys in " + path + ": " + String.join(", ", unknown)
                    + " (known keys are listed in etc/tarn.properties)");
        }
        return this;
    }

    /** Applies TARN_* variables; an unknown TARN_* variable fails, so a typo is never ignored. */
    public ConfigLoader environment(Map<String, String> environment) {
        List<String> unknown = new ArrayList<>();
        environment.forEach((name, value) -> {
            if (!name.startsWith("TARN_")) {
                return;
            }
            ConfigKey.byEnvironmentVariable(name).ifPresentOrElse(key -> values.put(key, value.trim()), () -> unknown.add(name));
        });
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown configuration variables: " + String.join(", ", unknown)
                    + " (known keys are listed in etc/tarn.properties; TARN_<KEY> with dots as underscores)");
        }
        return this;
    }

    public ConfigLoader set(ConfigKey key, String value) {
        values.put(key, value);
        return this;
    }

    public TarnConfig build() {
        try {
            return new TarnConfig(
                    text(ConfigKey.HOST),
                    integer(ConfigKey.PORT),
                    Path.of(text(ConfigKey.DATA)),
                    optional(ConfigKey.ROOT_PASSWORD),
                    bool(ConfigKey.ROOT_WAIT_FOR_SETUP),
                    new TarnConfig.EngineSettings(
                            integer(ConfigKey.ENGINE_CONNECTIONS),
                            longValue(ConfigKey.ENGINE_CONNECTION_WAIT_MS),
                            integer(ConfigKey.ENGINE_THREADS),
                            optional(ConfigKey.ENGINE_MEMORY_LIMIT)),
                    new TarnConfig.QuerySettings(
                            bool(ConfigKey.QUERY_TYPED_COLUMNS),
                            longValue(ConfigKey.QUERY_MAX_BODY_BYTES),
                            integer(ConfigKey.QUERY_LOG_SIZE),
                            text(ConfigKey.QUERY_WORKER_SLUG)),
                    new TarnConfig.IngestSettings(
                            longValue(ConfigKey.INGEST_APPEND_MAX_BODY_BYTES),
                            integer(ConfigKey.INGEST_APPEND_MAX_FIELDS),
                            integer(ConfigKey.INGEST_APPEND_MAX_DEPTH),
                            longValue(ConfigKey.INGEST_APPEND_LOG_SEGMENT_BYTES)),
                    integer(ConfigKey.AUTH_BCRYPT_COST),
                    new TarnConfig.AuthSettings(
                            optional(ConfigKey.AUTH_JWT_SECRET),
                            integer(ConfigKey.AUTH_JWT_EXPIRY_HOURS),
                            bool(ConfigKey.AUTH_ALLOW_REMOTE_SETUP),
                            bool(ConfigKey.AUTH_COOKIE_SECURE),
                            integer(ConfigKey.AUTH_RATE_LIMIT_PER_SECOND),
                            integer(ConfigKey.AUTH_LOCKOUT_ATTEMPTS),
                            integer(ConfigKey.AUTH_LOCKOUT_MINUTES),
                            bool(ConfigKey.AUTH_DISABLE_COMMON_PASSWORD_CHECK)),
                    integer(ConfigKey.REALTIME_RATE_LIMIT_PER_SECOND),
                    integer(ConfigKey.LIVE_MAX_SUBSCRIPTIONS_PER_USER),
                    longValue(ConfigKey.SHUTDOWN_GRACE_MS),
                    new TarnConfig.TopicSettings(
                            integer(ConfigKey.TOPICS_VISIBILITY_TIMEOUT_SECONDS),
                            integer(ConfigKey.TOPICS_MAX_WAIT_SECONDS)),
                    new TarnConfig.DatasourceSettings(
                            integer(ConfigKey.ASK_DATASOURCE_STATEMENT_TIMEOUT_SECONDS),
                            integer(ConfigKey.ASK_DATASOURCE_CONNECT_TIMEOUT_SECONDS),
                            longValue(ConfigKey.ASK_DATASOURCE_MAX_FILE_BYTES)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private String text(ConfigKey key) {
        return values.get(key);
    }

    private Optional<String> optional(ConfigKey key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private int integer(ConfigKey key) {
        return Math.toIntExact(longValue(key));
    }

    private long longValue(ConfigKey key) {
        String value = values.get(key);
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(key.key() + " must be a whole number, not '" + shown(key) + "'");
        }
    }

    private boolean bool(ConfigKey key) {
        String value = values.get(key).trim().toLowerCase();
        return switch (value) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(key.key() + " must be true or false, not '" + shown(key) + "'");
        };
    }

    private String shown(ConfigKey key) {
        return key.secret() ? "<secret>" : values.get(key);
    }

    /** A configuration that cannot be used; the server refuses to start with this message. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
