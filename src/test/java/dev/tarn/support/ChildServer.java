package dev.tarn.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Tarn server in a child JVM, so a test can kill it with SIGKILL and start it again on the same data. */
public final class ChildServer implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("event=started .*port=(\\d+)");

    private final Process process;
    private final int port;

    private ChildServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static ChildServer start(Path dataDirectory) {
        return start(dataDirectory, java.util.Map.of());
    }

    /** A child server with further settings as TARN_* environment variables. */
    public static ChildServer start(Path dataDirectory, java.util.Map<String, String> environment) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "dev.tarn.Main", "serve", "--port", "0", "--data", dataDirectory.toString()));
        builder.environment().keySet().removeIf(name -> name.startsWith("TARN_"));
        builder.environment().put("TARN_ROOT_PASSWORD", TestServer.ROOT_PASSWORD);
        builder.environment().put("TARN_HOST", "127.0.0.1");
        builder.environment().put("TARN_AUTH_BCRYPT_COST", "4");
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        try {
            Process process = builder.start();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread.ofPlatform().daemon(true).start(() -> readOutput(process, port));
            return new ChildServer(process, port.get(60, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the child server did not start", e);
        }
    }

    private static void readOutput(Process process, CompletableFuture<Integer> port) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher matcher = STARTED.matcher(line);
                if (matcher.find()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                }
            }
        } catch (IOException ignored) {
            // the process was killed
        }
        port.completeExceptionally(new IllegalStateException("the child server exited before it started"));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public HttpTestClient root() {
        return new HttpTestClient("http://127.0.0.1:" + port, "root", TestServer.ROOT_PASSWORD);
    }

    /** SIGKILL: no shutdown hook, no flush, no checkpoint. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
