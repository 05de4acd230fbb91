package dev.tarn.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Creates the {@code root} user (role system) on the first start, so a new installation can be
 * used within a minute but has no password that works everywhere: the password is the configured
 * one, or a generated one printed once to the console (never to the log), or, with
 * {@code root.wait_for_setup}, none at all until the setup flow sets it.
 */
public final class RootAccount {
    public static final String NAME = "root";
    private static final Logger LOG = LoggerFactory.getLogger(RootAccount.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private RootAccount() {
    }

    /**
     * Ensures root exists when the store is new; does nothing when it already has users, except give
     * a root still waiting for its setup the password configured since.
     */
    public static void ensure(UserStore users, Optional<String> configuredPassword, boolean waitForSetup, PrintStream console) {
        if (!users.isEmpty()) {
            if (configuredPassword.isPresent() && awaitsSetup(users) && users.setFirstPassword(NAME, configuredPassword.get())) {
                LOG.info("event=root_password_set source=configuration");
            }
            return;
        }
        if (configuredPassword.isPresent()) {
            users.create(NAME, Role.SYSTEM, configuredPassword.get());
            LOG.info("event=root_created source=configuration");
            return;
        }
        if (waitForSetup) {
            // root exists from the start, without a password: logging in as root answers "setup required"
            users.createWithoutPassword(NAME, Role.SYSTEM);
            LOG.info("event=root_pending message=\"waiting for the setup flow (POST /v1/api/auth/setup) to set the root password\"");
            return;
        }
        String password = generate();
        users.create(NAME, Role.SYSTEM, password);
        LOG.info("event=root_created source=generated");
        console.println();
        console.println("  Tarn created the user 'root' with this password (shown only now):");
        console.println();
        console.println("      " + password);
        console.println();
        console.println("  Change it with: ALTER USER root SET PASSWORD '...'");
        console.println();
        console.flush();
    }

    /** Whether the server still waits for its setup: root exists and has no password yet. */
    public static boolean awaitsSetup(UserStore users) {
        return users.find(NAME).filter(root -> !root.hasPassword()).isPresent();
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
