package dev.tarn.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Task ids of appends carry the append's log sequence number, so the status of any task this
 * server ever issued follows from how far the applier has got, with nothing to remember per task
 * and across restarts. A random tag per data directory tells our ids from any other UUID.
 * Layout: 32-bit tag, version nibble 8 (custom) and a kind (0 an append, 1 an upload, which is done
 * when it answers), variant bits, then the 62-bit sequence of an append or random bits of an upload.
 */
public final class TaskIds {
    private static final long APPEND = 0x8000L;
    private static final long UPLOAD = 0x8001L;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final long tag;

    private TaskIds(long tag) {
        this.tag = tag;
    }

    public static TaskIds load(Path directory) {
        Path file = directory.resolve("task-tag");
        try {
            Files.createDirectories(directory);
            if (Files.exists(file)) {
                return new TaskIds(Long.parseLong(Files.readString(file).trim(), 16));
            }
            long tag = new SecureRandom().nextInt() & 0xFFFFFFFFL;
            Files.writeString(file, HexFormat.of().toHexDigits((int) tag));
            return new TaskIds(tag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    UUID issue(long sequence) {
        long mostSignificant = (tag << 32) | APPEND;
        long leastSignificant = 0x8000000000000000L | (sequence & 0x3FFFFFFFFFFFFFFFL);
        return new UUID(mostSignificant, leastSignificant);
    }

    /** The id of an upload: its work is committed by the time the id is handed out. */
    UUID issueCompleted() {
        return new UUID((tag << 32) | UPLOAD, 0x8000000000000000L | (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL));
    }

    /** The append sequence a task id stands for (0 for an upload, always done), if this server issued it. */
    OptionalLong sequence(UUID taskId) {
        long kind = taskId.getMostSignificantBits() & 0xFFFFFFFFL;
        if ((taskId.getMostSignificantBits() >>> 32) != tag || (taskId.getLeastSignificantBits() >>> 62) != 2) {
            return OptionalLong.empty();
        }
        if (kind == UPLOAD) {
            return OptionalLong.of(0);
        }
        return kind == APPEND ? OptionalLong.of(taskId.getLeastSignificantBits() & 0x3FFFFFFFFFFFFFFFL) : OptionalLong.empty();
    }
}
