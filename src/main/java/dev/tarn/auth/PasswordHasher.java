package dev.tarn.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * bcrypt hashing with the password rules every surface shares (setup, CREATE USER, ALTER USER):
 * 8 to 72 bytes of UTF-8, and not one of the most common passwords unless that check is turned off.
 */
public final class PasswordHasher {
    public static final int MINIMUM_BYTES = 8;
    /** bcrypt reads at most 72 bytes; a longer password would be silently truncated, so it is refused. */
    public static final int MAXIMUM_BYTES = 72;

    private final int cost;
    private final boolean refuseCommonPasswords;

    public PasswordHasher(int cost) {
        this(cost, true);
    }

    public PasswordHasher(int cost, boolean refuseCommonPasswords) {
        this.cost = cost;
        this.refuseCommonPasswords = refuseCommonPasswords;
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

    /** A hash at this hasher's cost of a random password nobody knows, for checks that must take as long as real ones. */
    String decoyHash() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return BCrypt.withDefaults().hashToString(cost, HexFormat.of().formatHex(random).toCharArray());
    }

    /** Fails with INVALID_PASSWORD, saying which rule the password breaks. */
    public void requireAcceptable(String password) {
        int length = password.getBytes(StandardCharsets.UTF_8).length;
        if (length < MINIMUM_BYTES || length > MAXIMUM_BYTES) {
            throw new TarnException(ErrorCode.INVALID_PASSWORD,
                    "A password must be " + MINIMUM_BYTES + " to " + MAXIMUM_BYTES + " bytes long, not " + length);
        }
        if (refuseCommonPasswords && CommonPasswords.contains(password)) {
            throw new TarnException(ErrorCode.INVALID_PASSWORD,
                    "This password is one of the most commonly used passwords, which attackers try first; choose another");
        }
    }
}
