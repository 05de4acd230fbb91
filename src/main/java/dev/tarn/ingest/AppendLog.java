package dev.tarn.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The append-only, fsync'd log every accepted append is written to before it is acknowledged.
 * One writer thread takes whatever requests are waiting, writes them together and forces them to
 * disk once (group commit), so concurrent requests share one fsync. Records carry a CRC; a record
 * torn by a crash is cut off at recovery. Files roll over at a size limit and are deleted once
 * every record in them has been applied to its table.
 * <p>
 * Record layout: int length, int CRC32C of the rest, long sequence, short+UTF-8 user, short+UTF-8
 * table, then the JSON body to the end. (Task ids are derived from the sequence; see TaskIds.)
 */
final class AppendLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppendLog.class);
    private static final String PREFIX = "appends-";
    private static final String SUFFIX = ".log";
    private static final int HEADER_BYTES = 8;
    private static final int MAXIMUM_GROUP = 4096;

    private final Path directory;
    private final long segmentBytes;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(65_536);
    private final List<Segment> segments = new ArrayList<>();
    private final Thread writer;
    private Consumer<AppendRecord> durable = record -> { };
    private FileChannel channel;
    private long nextSequence;
    private volatile boolean closing;

    private record Pending(TableName table, String userName, byte[] body, List<ObjectNode> rows, BatchSchema schema,
                           CompletableFuture<AppendRecord> written) {
    }

    /** A log file and the highest sequence written to it. */
    private static final class Segment {
        private final Path path;
        private long lastSequence;

        private Segment(Path path, long lastSequence) {
            this.path = path;
            this.lastSequence = lastSequence;
        }
    }

    private AppendLog(Path directory, long segmentBytes) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.writer = Thread.ofPlatform().name("tarn-append-log").daemon(true).unstarted(this::writeLoop);
    }

    /**
     * Opens the log folder and reads back every intact record, in order, for replay. Writing starts
     * only with {@link #start}, once the caller has decided which sequence comes next.
     */
    static AppendLog open(Path directory, long segmentBytes, List<AppendRecord> recovered) {
        AppendLog log = new AppendLog(directory, segmentBytes);
        try {
            Files.createDirectories(directory);
            for (Path file : log.files()) {
                long last = log.recover(file, recovered);
                log.segments.add(new Segment(file, last));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the append log in " + directory, e);
        }
        return log;
    }

    /** Starts writing with {@code firstSequence} as the next number; durable records go to {@code sink} in order. */
    void start(long firstSequence, Consumer<AppendRecord> sink) {
        this.nextSequence = firstSequence;
        this.durable = sink;
        try {
            openSegment();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.start();
    }

    /** Writes an append and returns once it is on disk, with its sequence number. */
    AppendRecord append(TableName table, String userName, byte[] body, List<ObjectNode> rows, BatchSchema schema) {
        if (closing) {
            throw new TarnException(ErrorCode.SHUTTING_DOWN, "The server is shutting down; retry against a running server");
        }
        CompletableFuture<AppendRecord> written = new CompletableFuture<>();
        try {
            queue.put(new Pending(table, userName, body, rows, schema, written));
            return written.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TarnException(ErrorCode.SHUTTING_DOWN, "interrupted while writing the append log");
        } catch (ExecutionException e) {
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "cannot write the append log: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Deletes log files all of whose records are applied (never the one being written). */
    synchronized void release(long appliedSequence) {
        while (segments.size() > 1 && segments.get(0).lastSequence <= appliedSequence) {
            Segment old = segments.remove(0);
            try {
                Files.deleteIfExists(old.path);
            } catch (IOException e) {
                LOG.warn("event=append_log_delete_failed file={} message=\"{}\"", old.path, e.getMessage());
            }
        }
    }

    /** Deletes every file before the current one; used after a replay has applied everything. */
    synchronized void releaseAll() {
        release(Long.MAX_VALUE);
    }

    private void writeLoop() {
        List<Pending> group = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAXIMUM_GROUP - 1);
                writeGroup(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                LOG.error("event=append_log_write_failed message=\"{}\"", e.getMessage(), e);
                group.forEach(pending -> pending.written.completeExceptionally(e));
            }
            group.clear();
        }
    }

    private void writeGroup(List<Pending> group) throws IOException {
        List<AppendRecord> records = new ArrayList<>(group.size());
        ByteBuffer[] buffers = new ByteBuffer[group.size()];
        for (int i = 0; i < group.size(); i++) {
            Pending pending = group.get(i);
            AppendRecord record = new AppendRecord(nextSequence++, pending.table, pending.userName, pending.body, pending.rows,
                    Optional.of(pending.schema));
            records.add(record);
            buffers[i] = encode(record);
        }
        long remaining = 0;
        for (ByteBuffer buffer : buffers) {
            remaining += buffer.remaining();
        }
        while (remaining > 0) {
            remaining -= channel.write(buffers);
        }
        channel.force(false);
        synchronized (this) {
            segments.get(segments.size() - 1).lastSequence = records.get(records.size() - 1).sequence();
        }
        for (int i = 0; i < group.size(); i++) {
            durable.accept(records.get(i));
            group.get(i).written.complete(records.get(i));
        }
        if (channel.size() >= segmentBytes) {
            channel.close();
            openSegment();
        }
    }

    private static ByteBuffer encode(AppendRecord record) {
        byte[] user = record.userName().getBytes(StandardCharsets.UTF_8);
        byte[] table = record.table().toString().getBytes(StandardCharsets.UTF_8);
        int restLength = 8 + 2 + user.length + 2 + table.length + record.body().length;
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + restLength);
        buffer.putInt(restLength).putInt(0)
                .putLong(record.sequence())
                .putShort((short) user.length).put(user)
                .putShort((short) table.length).put(table)
                .put(record.body());
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), HEADER_BYTES, restLength);
        buffer.putInt(4, (int) crc.getValue());
        return buffer.flip();
    }

    /** Reads the intact records of one file; cuts the file at the first torn or corrupt record. */
    private long recover(Path file, List<AppendRecord> recovered) throws IOException {
        long last = 0;
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long position = 0;
            long size = reader.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            while (position + HEADER_BYTES <= size) {
                header.clear();
                reader.read(header, position);
                int length = header.getInt(0);
                int expectedCrc = header.getInt(4);
                if (length < 12 || position + HEADER_BYTES + length > size) {
                    break;
                }
                ByteBuffer rest = ByteBuffer.allocate(length);
                reader.read(rest, position + HEADER_BYTES);
                CRC32C crc = new CRC32C();
                crc.update(rest.array(), 0, length);
                if ((int) crc.getValue() != expectedCrc) {
                    break;
                }
                Optional<AppendRecord> record = decode(rest.flip());
                if (record.isEmpty()) {
                    break;
                }
                recovered.add(record.get());
                last = record.get().sequence();
                position += HEADER_BYTES + length;
            }
            if (position < size) {
                LOG.warn("event=append_log_truncated file={} kept_bytes={} dropped_bytes={}", file.getFileName(), position, size - position);
                reader.truncate(position);
                reader.force(true);
            }
        }
        return last;
    }

    private static Optional<AppendRecord> decode(ByteBuffer buffer) {
        try {
            long sequence = buffer.getLong();
            byte[] user = new byte[buffer.getShort()];
            buffer.get(user);
            byte[] table = new byte[buffer.getShort()];
            buffer.get(table);
            byte[] body = new byte[buffer.remaining()];
            buffer.get(body);
            String[] parts = new String(table, StandardCharsets.UTF_8).split("\\.", 3);
            return Optional.of(new AppendRecord(sequence, new TableName(parts[0], parts[1], parts[2]),
                    new String(user, StandardCharsets.UTF_8), body, List.of(), Optional.empty()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith(PREFIX) && f.getFileName().toString().endsWith(SUFFIX))
                    .sorted().toList();
        }
    }

    private synchronized void openSegment() throws IOException {
        Path file = directory.resolve(PREFIX + String.format("%020d", nextSequence) + SUFFIX);
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (segments.isEmpty() || !segments.get(segments.size() - 1).path.equals(file)) {
            segments.add(new Segment(file, nextSequence - 1));
        }
        // the new file's directory entry must survive a crash too
        try (FileChannel folder = FileChannel.open(directory, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException ignored) {
            // not every file system lets a directory be opened; the file's own fsync still holds its data
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(10_000);
            if (channel != null) {
                channel.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("event=append_log_close_failed message=\"{}\"", e.getMessage());
        }
    }
}
