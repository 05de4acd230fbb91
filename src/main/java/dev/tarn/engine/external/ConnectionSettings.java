package dev.tarn.engine.external;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach one external database: host, port, database and credentials for a server, or the
 * path of a database file that Tarn owns (never a path a caller chose). The password is kept here
 * because it is needed to connect; {@link #toString()} never shows it.
 *
 * @param database the PostgreSQL database or the MySQL schema
 */
public record ConnectionSettings(ExternalKind kind, String host, int port, String database, String user,
                                 Optional<String> password, Optional<Path> file) {
    public ConnectionSettings {
        Objects.requireNonNull(kind, "kind");
        host = host == null ? "" : host;
        database = database == null ? "" : database;
        user = user == null ? "" : user;
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(file, "file");
        if (kind.isFile() && file.isEmpty()) {
            throw new IllegalArgumentException(kind + " needs a database file");
        }
    }

    public static ConnectionSettings server(ExternalKind kind, String host, int port, String database, String user, Optional<String> password) {
        return new ConnectionSettings(kind, host, port, database, user, password, Optional.empty());
    }

    public static ConnectionSettings file(ExternalKind kind, Path file) {
        return new ConnectionSettings(kind, "", 0, "", "", Optional.empty(), Optional.of(file));
    }

    /** The JDBC address, without credentials: they travel as properties, so no URL ever carries the password. */
    String url() {
        return switch (kind) {
            case POSTGRESQL -> "jdbc:postgresql://" + host + ":" + port + "/" + database;
            case MYSQL -> "jdbc:mariadb://" + host + ":" + port + "/" + database;
            case SQLITE -> "jdbc:sqlite:" + file.orElseThrow();
            case DUCKDB -> "jdbc:duckdb:" + file.orElseThrow();
        };
    }

    @Override
    public String toString() {
        return "ConnectionSettings[kind=" + kind + ", host=" + host + ", port=" + port + ", database=" + database
                + ", user=" + user + ", password=" + (password.isPresent() ? "<secret>" : "<none>")
                + ", file=" + file.map(Path::getFileName).map(Path::toString).orElse("<none>") + "]";
    }
}
