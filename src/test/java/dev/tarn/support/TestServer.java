package dev.tarn.support;

import dev.tarn.Server;
import dev.tarn.config.ConfigKey;
import dev.tarn.config.ConfigLoader;
import dev.tarn.config.TarnConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A real Tarn server on a free port with a throwaway data directory, for integration tests. */
public final class TestServer implements AutoCloseable {
    public static final String ROOT_PASSWORD = "root-password-for-tests";

    private final Path dataDirectory;
    private final Server server;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private TestServer(Path dataDirectory, Map<ConfigKey, String> settings) {
        this.dataDirectory = dataDirectory;
        ConfigLoader loader = new ConfigLoader()
                .set(ConfigKey.PORT, "0")
                .set(ConfigKey.HOST, "127.0.0.1")
                .set(ConfigKey.DATA, dataDirectory.toString())
                .set(ConfigKey.ROOT_PASSWORD, ROOT_PASSWORD)
                .set(ConfigKey.AUTH_BCRYPT_COST, "4")
                // every test connects from 127.0.0.1: one shared per-address limit would make tests flaky
                .set(ConfigKey.AUTH_RATE_LIMIT_PER_SECOND, "0")
                .set(ConfigKey.REALTIME_RATE_LIMIT_PER_SECOND, "0")
                .set(ConfigKey.SHUTDOWN_GRACE_MS, "2000");
        settings.forEach(loader::set);
        TarnConfig config = loader.build();
        this.server = Server.start(config, new PrintStream(console, true));
    }

    public static TestServer start() {
        return start(Map.of());
    }

    public static TestServer start(Map<ConfigKey, String> settings) {
        try {
            return new TestServer(Files.createTempDirectory("tarn-test-"), settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server on an existing data directory, e.g. to see what survives a restart. */
    public static TestServer startOn(Path dataDirectory) {
        return new TestServer(dataDirectory, Map.of());
    }

    /** Stops the server and keeps its data directory for a later {@link #startOn}. */
    public void stopKeepingData() {
        server.close();
    }

    /** The running server, for tests that call a component's Java API directly. */
    public Server server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** What the server printed to its console (the generated root password, when there is one). */
    public String console() {
        return console.toString();
    }

    /** A client that authenticates as root. */
    public HttpTestClient root() {
        return new HttpTestClient(baseUrl(), "root", ROOT_PASSWORD);
    }

    public HttpTestClient as(String user, String password) {
        return new HttpTestClient(baseUrl(), user, password);
    }

    public HttpTestClient anonymous() {
        return new HttpTestClient(baseUrl(), null, null);
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }
}
