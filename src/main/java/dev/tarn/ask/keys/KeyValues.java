package dev.tarn.ask.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How key values are made, stored and shown. A value is a prefix and 32 random bytes (256 bits), so
 * one unsalted SHA-256 is the right hash: nobody can guess such a value, and a slow password hash
 * (bcrypt at cost 12 costs about 250 ms) on every request would make each API call wait that long
 * for nothing. A fast hash also lets the value be looked up by its hash in memory.
 */
final class KeyValues {
    private static final int RANDOM_BYTES = 32;
    private static final int SHOWN_LAST_CHARACTERS = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyValues() {
    }

    static String newValue(String prefix) {
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }


    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The prefix, then stars, then the last characters: {@code ask_admin_****x9Qz}. */
    static String mask(String prefix, String value) {
        return prefix + "****" + value.substring(value.length() - SHOWN_LAST_CHARACTERS);
    }
}
