package dev.tarn.files;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * FILE column storage on disk: uploads stream into a staging folder, move to
 * {@code <root>/<namespace>/<table>/<shared | users/<owner>>/<subfolder>/<file id>} once their
 * statement succeeded, and each stored file has a sidecar {@code <file id>.json} with its reference
 * (the MIME type a download answers with).
 */
public final class FileStore {
    /** Largest accepted file; the contract's default. */
    public static final long MAXIMUM_FILE_BYTES = 25L * 1024 * 1024;
    /** Most files in one request. */
    public static final int MAXIMUM_FILES = 20;
    /** Files per subfolder before the next one starts, so no folder grows without bound. */
    static final int FILES_PER_SUBFOLDER = 5000;

    private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
    private static final Pattern FILE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SUBFOLDER = Pattern.compile("f[0-9]{4}");
    private static final String SIDECAR = ".json";

    private final Path root;
    private final Path staging;

    public FileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(".staging");
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file written to staging, with the reference it will have once committed. */
    public record StagedFile(Path data, Path sidecar, FileScope scope, FileReference reference) {
    }

    public static boolean validFileId(String id) {
        return id != null && FILE_ID.matcher(id).matches();
    }

    public static boolean validSubfolder(String subfolder) {
        return subfolder != null && SUBFOLDER.matcher(subfolder).matches();
    }

    /** Where the servlet container may spool multipart parts: inside staging, so leftovers stay under the data directory. */
    public Path spoolDirectory() {
        return staging;
    }

    /**
     * Streams {@code content} into staging while hashing it; refuses more than
     * {@link #MAXIMUM_FILE_BYTES} without keeping the whole file in memory.
     */
    public StagedFile stage(FileScope scope, InputStream content, String originalName, String mime) {
        String id = UUID.randomUUID().toString().replace("-", "");
        Path data = staging.resolve(id);
        MessageDigest digest = sha256();
        long size = 0;
        try (InputStream input = new DigestInputStream(content, digest); OutputStream output = Files.newOutputStream(data)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = input.read(buffer)) >= 0; ) {
                size += read;
                if (size > MAXIMUM_FILE_BYTES) {
                    throw new TarnException(ErrorCode.FILE_TOO_LARGE, "The file '" + originalName + "' is larger than "
                            + MAXIMUM_FILE_BYTES / (1024 * 1024) + " MiB");
                }
                output.write(buffer, 0, read);
            }
        } catch (IOException e) {
            deleteQuietly(data);
            throw new TarnException(ErrorCode.STAGING_FAILED, "The file '" + originalName + "' could not be staged: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(data);
            throw e;
        }
        FileReference reference = new FileReference(id, subfolder(directory(scope)), originalName, size, mime,
                HexFormat.of().formatHex(digest.digest()));
        Path sidecar = staging.resolve(id + SIDECAR);
        try {
            Files.writeString(sidecar, reference.toJson());
        } catch (IOException e) {
            deleteQuietly(data);
            throw new TarnException(ErrorCode.STAGING_FAILED, "The file '" + originalName + "' could not be staged: " + e.getMessage(), e);
        }
        return new StagedFile(data, sidecar, scope, reference);
    }

    /** Moves staged files into table storage, after their statement succeeded. */
    public void commit(List<StagedFile> files) {
        for (StagedFile file : files) {
            Path folder = directory(file.scope()).resolve(file.reference().subfolder());
            try {
                Files.createDirectories(folder);
                // the sidecar first: a data file without one is never served, a sidecar alone is harmless
                Files.move(file.sidecar(), folder.resolve(file.reference().id() + SIDECAR), StandardCopyOption.ATOMIC_MOVE);
                Files.move(file.data(), folder.resolve(file.reference().id()), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.error("event=file_commit_failed id={} error={}", file.reference().id(), e.toString());
                throw new TarnException(ErrorCode.STAGING_FAILED, "A file of the statement could not be stored: " + e.getMessage(), e);
            }
        }
    }

    /** Removes staged files whose statement failed. */
    public void discard(List<StagedFile> files) {
        for (StagedFile file : files) {
            deleteQuietly(file.data());
            deleteQuietly(file.sidecar());
        }
    }

    /** A stored file: where its bytes are, and its reference. */
    public record StoredFile(Path data, FileReference reference) {
    }

    /** The stored file of a scope, subfolder and id; every part is checked, so no path can leave the scope's folder. */
    public Optional<StoredFile> find(FileScope scope, String subfolder, String id) {
        if (!validSubfolder(subfolder) || !validFileId(id)) {
            return Optional.empty();
        }
        Path folder = directory(scope).resolve(subfolder);
        Path data = folder.resolve(id).normalize();
        Path sidecar = folder.resolve(id + SIDECAR).normalize();
        if (!data.startsWith(root) || !Files.isRegularFile(data) || !Files.isRegularFile(sidecar)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StoredFile(data, FileReference.fromJson(Files.readString(sidecar))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path directory(FileScope scope) {
        Path table = root.resolve(scope.namespace()).resolve(scope.table());
        // owner names may hold any character: hex keeps them a single safe path segment
        return scope.owner().map(owner -> table.resolve("users").resolve(HexFormat.of().formatHex(owner.getBytes(StandardCharsets.UTF_8))))
                .orElse(table.resolve("shared"));
    }

    /** The newest subfolder of a scope, or the next one when it is full. */
    private static String subfolder(Path directory) {
        int newest = 1;
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> folders = Files.newDirectoryStream(directory, "f[0-9][0-9][0-9][0-9]")) {
                for (Path folder : folders) {
                    newest = Math.max(newest, Integer.parseInt(folder.getFileName().toString().substring(1)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String name = String.format("f%04d", newest);
        Path current = directory.resolve(name);
        if (Files.isDirectory(current)) {
            try (Stream<Path> entries = Files.list(current)) {
                if (entries.filter(path -> !path.getFileName().toString().endsWith(SIDECAR)).count() >= FILES_PER_SUBFOLDER && newest < 9999) {
                    name = String.format("f%04d", newest + 1);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return name;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("event=file_delete_failed path={} error={}", path, e.toString());
        }
    }
}
