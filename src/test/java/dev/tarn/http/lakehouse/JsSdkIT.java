package dev.tarn.http.lakehouse;

import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The official Altertable JS SDK (@altertable/lakehouse 0.2.2, as users install it from npm) works
 * against Tarn: src/test/js/lakehouse-sdk/sdk-check.mjs makes the SDK calls and assertions, and this
 * test starts the server, runs that script with Node and requires every check to pass.
 */
class JsSdkIT {
    private static final Path SCRIPT_SOURCE = Path.of("src", "test", "js", "lakehouse-sdk");
    private static final Path WORK_DIRECTORY = Path.of("target", "js-sdk");
    private static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(120);

    /** The checks sdk-check.mjs prints as "ok <name>"; every one of them must have passed. */
    private static final List<String> CHECKS = List.of(
            "query streams metadata, columns and rows",
            "append writes rows the next query sees without waiting",
            "upsert with the legacy mode merges rows by key",
            "queryAll returns every row of a table",
            "validate tells valid statements from invalid ones",
            "getQuery shows the logged query",
            "cancelQuery answers according to the session",
            "an SQL error rejects",
            "a wrong password is an authentication error");

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theOfficialJavaScriptSdkPassesEveryCheck() throws Exception {
        // CI installs Node, so a missing one is a broken build machine, not a reason to skip.
        Path node = executableOnPath("node").orElseGet(() -> fail(
                "This test needs Node.js (20 or later) on PATH to run the Altertable JS SDK, but 'node' was not found. PATH="
                        + System.getenv("PATH")));
        Path workDirectory = prepareWorkDirectory();

        Map<String, String> environment = Map.of(
                "TARN_URL", server.baseUrl(),
                "TARN_USER", "root",
                "TARN_PASSWORD", TestServer.ROOT_PASSWORD);
        Run check = run(workDirectory, environment, CHECK_TIMEOUT, workDirectory.resolve("sdk-check.log"),
                node.toString(), "sdk-check.mjs");

        assertThat(check.exitCode()).as("exit code of node sdk-check.mjs; its output:%n%s", check.output()).isZero();
        assertThat(check.output()).as("output of node sdk-check.mjs").contains("all checks passed");
        List<String> lines = check.output().lines().toList();
        for (String name : CHECKS) {
            // A whole line, because "not ok <name>: …" also contains "ok <name>".
            assertThat(lines).as("output of node sdk-check.mjs:%n%s", check.output()).contains("ok " + name);
        }
    }

    /**
     * Copies the script and its package.json into target/js-sdk on every run, so edits take effect,
     * and installs the SDK from npm only once, because the download is the slow part.
     */
    private static Path prepareWorkDirectory() throws IOException, InterruptedException {
        Path workDirectory = WORK_DIRECTORY.toAbsolutePath();
        Files.createDirectories(workDirectory);
        for (String file : List.of("package.json", "sdk-check.mjs")) {
            Files.copy(SCRIPT_SOURCE.resolve(file), workDirectory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(workDirectory.resolve("node_modules/@altertable/lakehouse"))) {
            Path npm = executableOnPath("npm").orElseGet(() -> fail(
                    "This test needs npm on PATH to install @altertable/lakehouse, but 'npm' was not found. PATH=" + System.getenv("PATH")));
            Run install = run(workDirectory, Map.of(), INSTALL_TIMEOUT, workDirectory.resolve("npm-install.log"),
                    npm.toString(), "install", "--no-audit", "--no-fund", "--prefix", workDirectory.toString());
            assertThat(install.exitCode()).as("exit code of npm install; its output:%n%s", install.output()).isZero();
        }
        return workDirectory;
    }

    /** What a finished process printed (stderr merged into stdout) and how it ended. */
    private record Run(int exitCode, String output) {
    }

    /**
     * Runs a command with its output going to a log file rather than a pipe, so a process that hangs
     * cannot block the test past its timeout; the log also stays behind for a look after a failure.
     */
    private static Run run(Path directory, Map<String, String> environment, Duration timeout, Path log, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("'%s' did not finish within %s; its output so far:%n%s", String.join(" ", command), timeout, read(log));
        }
        return new Run(process.exitValue(), read(log));
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static Optional<Path> executableOnPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
