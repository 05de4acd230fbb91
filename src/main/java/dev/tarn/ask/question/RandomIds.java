package dev.tarn.ask.question;

import java.security.SecureRandom;
import java.util.HexFormat;

/** The SDK's prefixed string ids ({@code q_…}, {@code tp_…}, {@code sess_…}): a prefix and 16 random bytes in hex. */
public final class RandomIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    public static String next(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
