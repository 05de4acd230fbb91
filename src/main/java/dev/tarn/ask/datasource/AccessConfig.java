package dev.tarn.ask.datasource;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a datasource is reached. Servers: host, port, db, user and password (kept, because it is needed
 * to connect, but never shown: {@link #withoutPassword()} is what any answer carries). A {@code tarn}
 * datasource: catalog and schema. File datasources carry nothing here: their files are uploaded, so
 * no caller can make the server read a path of its choosing.
 */
public record AccessConfig(Optional<String> host, Optional<Integer> port, Optional<String> db, Optional<String> user,
                           Optional<String> password, Optional<String> catalog, Optional<String> schema) {
    private static final Set<String> KNOWN = Set.of("host", "port", "db", "user", "password", "catalog", "schema",
            "db_version", "extra_config", "securetunnel_id", "files");
    private static final Set<String> PATH_KEYS = Set.of("db", "files", "file", "path", "location", "url");

    public AccessConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(schema, "schema");
    }

    public static AccessConfig empty() {
        return new AccessConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Reads the request's {@code access_config} for an engine, refusing what that engine cannot use. */
    public static AccessConfig from(DatasourceEngine engine, Map<String, Object> fields) {
        AccessConfig config = parse(engine, fields);
        config.validate(engine);
        return config;
    }

    /** The fields as given, each checked on its own; whether they are enough together is {@link #validate}'s question. */
    private static AccessConfig parse(DatasourceEngine engine, Map<String, Object> fields) {
        for (String key : fields.keySet()) {
            if (engine.isDatabaseFile() || engine.isDataFiles()) {
                if (PATH_KEYS.contains(key) && fields.get(key) != null) {
                    throw new TarnException(ErrorCode.DATASOURCE_CONFIG_INVALID, "A " + engine.wireName()
                            + " datasource cannot point at a path or URL ('" + key + "'): create it without access_config and upload its "
                            + "file with POST /v1/datasources/{id}/files (multipart field 'file')");
                }
            }
            if (!KNOWN.contains(key)) {
                throw new TarnException(ErrorCode.DATASOURCE_CONFIG_INVALID, "Unknown access_config field '" + key
                        + "': use host, port, db, user, password (servers) or catalog, schema (tarn)");
            }
        }
        return new AccessConfig(text(fields, "host"), port(fields), text(fields, "db"), text(fields, "user"),
                text(fields, "password"), text(fields, "catalog"), text(fields, "schema"));
    }

    /** This configuration with the fields of {@code change} that are present; an absent password keeps the stored one. */
    public AccessConfig merge(DatasourceEngine engine, Map<String, Object> change) {
        AccessConfig update = parse(engine, change);
        AccessConfig merged = new AccessConfig(update.host.or(() -> host), update.port.or(() -> port), update.db.or(() -> db),
                update.user.or(() -> user), update.password.or(() -> password), update.catalog.or(() -> catalog), update.schema.or(() -> schema));
        merged.validate(engine);
        return merged;
    }

    private void validate(DatasourceEngine engine) {
        if (engine.isServer()) {
            if (host.isEmpty() || user.isEmpty()) {
                throw new TarnException(ErrorCode.DATASOURCE_CONFIG_INVALID, "A " + engine.wireName()
                        + " datasource needs access_config.host and access_config.user (and usually port, db and password)");
            }
            if (engine == DatasourceEngine.MYSQL && db.isEmpty()) {
                throw new TarnException(ErrorCode.DATASOURCE_CONFIG_INVALID, "A mysql datasource needs access_config.db, the database to read");
            }
        } else if (host.isPresent() || user.isPresent() || password.isPresent()) {
            throw new TarnException(ErrorCode.DATASOURCE_CONFIG_INVALID, "A " + engine.wireName()
                    + " datasource takes no host, user or password" + (engine == DatasourceEngine.TARN ? "; give catalog and schema" : ""));
        }
        if (engine != DatasourceEngine.TARN && catalog.isPresent()) {
            throw new TarnException(ErrorCode.DATASOURCE_CONFIG_INVALID, "access_config.catalog is only for tarn datasources");
        }
    }

    /** The catalog a {@code tarn} datasource reads; the server's default catalog when none is given. */
    public String catalogOrDefault() {
        return catalog.orElse("memory");
    }

    /** The configuration as callers may see it: everything but the password. */
    public Map<String, Object> withoutPassword() {
        Map<String, Object> shown = new LinkedHashMap<>();
        host.ifPresent(value -> shown.put("host", value));
        port.ifPresent(value -> shown.put("port", value));
        db.ifPresent(value -> shown.put("db", value));
        user.ifPresent(value -> shown.put("user", value));
        catalog.ifPresent(value -> shown.put("catalog", value));
        schema.ifPresent(value -> shown.put("schema", value));
        return shown;
    }

    /** Everything, password included: only for the datasource store. */
    Map<String, Object> stored() {
        Map<String, Object> all = withoutPassword();
        password.ifPresent(value -> all.put("password", value));
        return all;
    }

    @Override
    public String toString() {
        return "AccessConfig" + withoutPassword() + (password.isPresent() ? " password=<secret>" : "");
    }

    private static Optional<String> text(Map<String, Object> fields, String key) {
        Object value = fields.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> || value instanceof Iterable<?>) {
            throw new TarnException(ErrorCode.DATASOURCE_CONFIG_INVALID, "access_config." + key + " must be text");
        }
        String text = value.toString().trim();
        return text.isEmpty() && !key.equals("password") ? Optional.empty() : Optional.of(key.equals("password") ? value.toString() : text);
    }

    private static Optional<Integer> port(Map<String, Object> fields) {
        Object value = fields.get("port");
        if (value == null || value.toString().isBlank()) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(value.toString().trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return Optional.of(port);
        } catch (NumberFormatException e) {
            throw new TarnException(ErrorCode.DATASOURCE_CONFIG_INVALID, "access_config.port must be a port number between 1 and 65535, not '" + value + "'");
        }
    }
}
