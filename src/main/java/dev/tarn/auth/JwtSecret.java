package dev.tarn.auth;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The key that signs the realtime API's tokens: the configured {@code auth.jwt_secret}, or else one
 * generated at the first start and kept in {@code <data>/system/jwt-secret}, readable by the owner
 * only, so that tokens survive a restart. The key is never logged or printed.
 */
public final class JwtSecret {
    static final String FILE_NAME = "jwt-secret";
    private static final int GENERATED_BYTES = 64;
    private static final int MINIMUM_BYTES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(JwtSecret.class);

    private final byte[] key;

    private JwtSecret(byte[] key) {
        if (key.length < MINIMUM_BYTES) {
            throw new IllegalArgumentException("an HS256 key needs at least " + MINIMUM_BYTES + " bytes");
        }
        this.key = key.clone();
    }

    /** A secret from its bytes, as tests and the configuration give it. */
    public static JwtSecret of(byte[] key) {
        return new JwtSecret(key);
    }

    /** The configured secret when there is one, else the one kept in the data directory (created when missing). */
    public static JwtSecret load(Path dataDirectory, Optional<String> configured) {
        if (configured.isPresent()) {
            return new JwtSecret(configured.get().getBytes(StandardCharsets.UTF_8));
        }
        Path file = file(dataDirectory);
        try {
            if (!Files.exists(file)) {
                create(file);
            } else if (readableByOthers(file)) {
                LOG.warn("event=jwt_secret_readable_by_others path={} advice=\"chmod 600 it: whoever reads it can sign tokens\"", file);
            }
            return new JwtSecret(read(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the JWT secret " + file, e);
        }
    }

    public static Path file(Path dataDirectory) {
        return dataDirectory.toAbsolutePath().normalize().resolve("system").resolve(FILE_NAME);
    }

    byte[] key() {
        return key.clone();
    }

    /**
     * A key of its own for another kind of token, derived from this secret (HMAC-SHA-256 of the
     * purpose): one configured secret serves every token family, yet a token of one family never
     * verifies as another's, whatever claims it carries.
     */
    public byte[] derivedKey(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[GENERATED_BYTES];
        new SecureRandom().nextBytes(key);
        // written to a private temporary file, then moved: the key is never readable by others, nor half-written
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(temporary);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temporary);
        }
        Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        Arrays.fill(key, (byte) 0);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temporary);
            return;
        }
        LOG.info("event=jwt_secret_created path={}", file);
    }

    private static boolean readableByOthers(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return false;
        }
        return Files.getPosixFilePermissions(file).stream().anyMatch(permission -> permission.name().startsWith("GROUP")
                || permission.name().startsWith("OTHERS"));
    }

    private static byte[] read(Path file) throws IOException {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw new TarnException(ErrorCode.INVALID_CONFIGURATION, "The JWT secret file " + file + " is not base64; delete it to generate a new one"
                    + " (every issued token then stops working)");
        }
        if (key.length < MINIMUM_BYTES) {
            throw new TarnException(ErrorCode.INVALID_CONFIGURATION, "The JWT secret in " + file + " is shorter than " + MINIMUM_BYTES
                    + " bytes; delete it to generate a new one (every issued token then stops working)");
        }
        return key;
    }

    @Override
    public String toString() {
        return "JwtSecret[<secret>]";
    }
}
