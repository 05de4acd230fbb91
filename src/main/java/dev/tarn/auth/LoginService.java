package dev.tarn.auth;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a user in with name and password and opens a token session, with lockout after repeated failures. */
public final class LoginService {
    private static final Logger LOG = LoggerFactory.getLogger(LoginService.class);

    private final UserStore users;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final LoginThrottle throttle;
    /** Checked against for unknown names, so they take as long as wrong passwords and do not reveal which users exist. */
    private volatile String decoyHash;

    public LoginService(UserStore users, PasswordHasher hasher, TokenService tokens, LoginThrottle throttle) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    /**
     * Tokens for a user with the right password. INVALID_CREDENTIALS for a wrong name or password,
     * ACCOUNT_LOCKED after too many failures, SETUP_REQUIRED for root before the server's setup.
     */
    public IssuedTokens login(String userName, String password) {
        throttle.requireUnlocked(userName);
        User user = users.find(userName).orElse(null);
        if (user != null && !user.hasPassword() && user.name().equals(RootAccount.NAME)) {
            throw new TarnException(ErrorCode.SETUP_REQUIRED,
                    "The server needs its initial setup before root can log in: POST /v1/api/auth/setup from this machine");
        }
        if (user == null) {
            hasher.matches(password, decoyHash());
        }
        if (user == null || !hasher.matches(password, user.passwordHash())) {
            boolean locked = throttle.recordFailure(userName);
            LOG.info("event=login_failed user={} locked={}", userName, locked);
            throw new TarnException(ErrorCode.INVALID_CREDENTIALS, "Invalid user name or password");
        }
        throttle.recordSuccess(userName);
        LOG.info("event=login user={} role={}", user.name(), user.role().wireName());
        return tokens.issue(user);
    }

    private String decoyHash() {
        String hash = decoyHash;
        if (hash == null) {
            // made on first need: one bcrypt at the configured cost, which a start should not wait for
            hash = hasher.decoyHash();
            decoyHash = hash;
        }
        return hash;
    }
}
