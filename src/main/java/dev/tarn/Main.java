package dev.tarn;

import dev.tarn.config.ConfigKey;
import dev.tarn.config.ConfigLoader;
import dev.tarn.config.TarnConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The tarn command: {@code tarn serve [--port N] [--data DIR] [--config FILE]}. */
@Command(name = "tarn", mixinStandardHelpOptions = true, version = "tarn 0.1.0",
        description = "Tarn: keep your events and files, query them with SQL over HTTP.",
        subcommands = {Main.Serve.class})
public final class Main implements Runnable {

    public static void main(String[] arguments) {
        System.exit(new CommandLine(new Main()).execute(arguments));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Starts the server and runs until it is stopped (Ctrl-C or SIGTERM stop it gracefully). */
    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", description = "HTTP port (default 2900, or TARN_PORT)")
        Integer port;

        @Option(names = "--data", description = "data directory (default ./data, or TARN_DATA)")
        Path data;

        @Option(names = "--config", description = "properties file (default etc/tarn.properties when it exists)")
        Path configFile;

        @Override
        public Integer call() throws InterruptedException {
            TarnConfig config;
            try {
                ConfigLoader loader = new ConfigLoader();
                Path file = configFile != null ? configFile : Path.of("etc", "tarn.properties");
                if (configFile != null || Files.isRegularFile(file)) {
                    loader.file(file);
                }
                loader.environment(System.getenv());
                if (port != null) {
                    loader.set(ConfigKey.PORT, String.valueOf(port));
                }
                if (data != null) {
                    loader.set(ConfigKey.DATA, data.toString());
                }
                config = loader.build();
            } catch (ConfigLoader.ConfigException e) {
                System.err.println("tarn: " + e.getMessage());
                return 2;
            }
            Server server = Server.start(config, System.out);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "tarn-shutdown"));
            stopped.await();
            return 0;
        }
    }
}
