package dev.tarn.auth;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Checks user name and password credentials. A bcrypt check costs a quarter of a second at cost 12,
 * far too much per request, so a successful check is remembered for a few minutes as a keyed digest
 * of the password (the key lives only in this process); any change to the users forgets them all.
 */
public final class Authenticator {
    private static final long REMEMBER_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final int MAXIMUM_REMEMBERED = 10_000;

    private final UserStore users;
    private final PasswordHasher hasher;
    private final SecretKeySpec digestKey;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    private record Remembered(byte[] digest, Role role, long usersVersion, long expiresAtNanos) {
    }

    public Authenticator(UserStore users, PasswordHasher hasher) {
        this.users = users;
        this.hasher = hasher;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.digestKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /**
     * Authenticates an HTTP Authorization header: {@code Basic base64(user:password)}, or the same
     * token after {@code Bearer}, which older Altertable docs show.
     */
    public Principal basic(Optional<String> authorization) {
        String header = authorization.map(String::trim).filter(h -> !h.isEmpty())
                .orElseThrow(() -> new TarnException(ErrorCode.AUTHENTICATION_REQUIRED, "Authentication required: send Authorization: Basic base64(user:password)"));
        int space = header.indexOf(' ');
        String scheme = space < 0 ? "" : header.substring(0, space);
        if (!scheme.equalsIgnoreCase("Basic") && !scheme.equalsIgnoreCase("Bearer")) {
            throw new TarnException(ErrorCode.AUTHENTICATION_REQUIRED, "Unsupported authorization scheme: use Basic");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(space + 1).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new TarnException(ErrorCode.INVALID_CREDENTIALS, "Invalid credentials: the token is not base64 of user:password");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new TarnException(ErrorCode.INVALID_CREDENTIALS, "Invalid credentials: the token is not base64 of user:password");
        }
        return password(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** Authenticates a user name and password, or fails with INVALID_CREDENTIALS. */
    public Principal password(String userName, String password) {
        byte[] digest = digest(userName, password);
        long version = users.version();
        Remembered known = remembered.get(userName);
        if (known != null && known.usersVersion == version && System.nanoTime() < known.expiresAtNanos
                && MessageDigest.isEqual(known.digest, digest)) {
            return new Principal(userName, known.role);
        }
        User user = users.find(userName).orElse(null);
        if (user == null || !hasher.matches(password, user.passwordHash())) {
            throw new TarnException(ErrorCode.INVALID_CREDENTIALS, "Invalid user name or password");
        }
        if (remembered.size() >= MAXIMUM_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(userName, new Remembered(digest, user.role(), version, System.nanoTime() + REMEMBER_NANOS));
        return new Principal(user.name(), user.role());
    }

    private byte[] digest(String userName, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(digestKey);
            mac.update(userName.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
