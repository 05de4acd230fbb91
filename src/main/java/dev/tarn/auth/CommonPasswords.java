package dev.tarn.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The embedded list of the most common passwords (those of at least 8 characters, as shorter ones
 * fail the length rule anyway). Compared without case, since "Password1" is guessed as early as "password1".
 */
final class CommonPasswords {
    private static final String RESOURCE = "common-passwords.txt";
    private static final Set<String> PASSWORDS = load();

    private CommonPasswords() {
    }

    static boolean contains(String password) {
        return PASSWORDS.contains(password.toLowerCase(Locale.ROOT));
    }

    static int size() {
        return PASSWORDS.size();
    }

    private static Set<String> load() {
        InputStream input = CommonPasswords.class.getResourceAsStream(RESOURCE);
        if (input == null) {
            throw new IllegalStateException("the resource dev/tarn/auth/" + RESOURCE + " is missing from the build");
        }
        Set<String> passwords = new HashSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String password = line.strip();
                if (!password.isEmpty() && !password.startsWith("#")) {
                    passwords.add(password.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(passwords);
    }
}
