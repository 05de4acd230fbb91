package dev.tarn.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.nio.charset.StandardCharsets;

/** bcrypt hashing with the password rules every surface shares: 8 to 72 bytes of UTF-8. */
public final class PasswordHasher {
    public static final int MINIMUM_BYTES = 8;
    /** bcrypt reads at most 72 bytes; a longer password would be silently truncated, so it is refused. */
    public static final int MAXIMUM_BYTES = 72;

    private final int cost;

    public PasswordHasher(int cost) {
        this.cost = cost;
    }

    public String hash(String password) {
        requireAcceptable(password);
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAXIMUM_BYTES || hash.isEmpty()) {
            return false;
        }
        return BCrypt.verifyer().verify(bytes, hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    public static void requireAcceptable(String password) {
        int length = password.getBytes(StandardCharsets.UTF_8).length;
        if (length < MINIMUM_BYTES || length > MAXIMUM_BYTES) {
            throw new TarnException(ErrorCode.INVALID_PASSWORD,
                    "A password must be " + MINIMUM_BYTES + " to " + MAXIMUM_BYTES + " bytes long, not " + length);
        }
    }
}
