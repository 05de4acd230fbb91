package dev.tarn.auth;

import java.util.Locale;

/** The two kinds of token the realtime API issues, told apart by their {@code token_type} claim. */
public enum TokenType {
    /** Authenticates API calls; short-lived. */
    ACCESS,
    /** Only buys a new pair at /v1/api/auth/refresh; each one works once. */
    REFRESH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
