package dev.tarn.ask;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The SDK's prefixed string ids ({@code ds_…}, {@code ak_…}, {@code role_…}, {@code q_…}, {@code sess_…}): a prefix and
 * 16 random bytes in hex, for every ask object, so none is guessable from another.
 */
public final class AskIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AskIds() {
    }

    public static String next(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
