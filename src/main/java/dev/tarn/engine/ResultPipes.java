package dev.tarn.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Named pipes (FIFOs) that DuckDB's COPY writes query results into while a request reads them out.
 * COPY renders rows on every core, where a result fetched through JDBC is produced by one thread
 * at a time; through a pipe the result still streams, with the pipe's buffer as backpressure.
 * One pipe per engine connection, made once at start with mkfifo; where that command is missing
 * (not a POSIX system) there are none and results go through JDBC.
 */
final class ResultPipes {
    private static final Logger LOG = LoggerFactory.getLogger(ResultPipes.class);

    private final BlockingQueue<Path> free;

    private ResultPipes(List<Path> pipes) {
        this.free = new ArrayBlockingQueue<>(pipes.size(), false, pipes);
    }

    static Optional<ResultPipes> create(Path folder, int count) {
        try {
            Files.createDirectories(folder);
            try (Stream<Path> leftovers = Files.list(folder)) {
                for (Path leftover : leftovers.toList()) {
                    Files.deleteIfExists(leftover);
                }
            }
            List<Path> pipes = new ArrayList<>();
            List<String> command = new ArrayList<>(List.of("mkfifo", "-m", "600"));
            for (int i = 0; i < count; i++) {
                Path pipe = folder.resolve("result-" + i);
                pipes.add(pipe);
                command.add(pipe.toString());
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                LOG.warn("event=result_pipes_unavailable message=\"mkfifo failed; results stream through JDBC\"");
                return Optional.empty();
            }
            return Optional.of(new ResultPipes(pipes));
        } catch (IOException e) {
            LOG.warn("event=result_pipes_unavailable message=\"{}\"", e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    Optional<Path> acquire() {
        return Optional.ofNullable(free.poll());
    }

    void release(Path pipe) {
        free.offer(pipe);
    }
}
