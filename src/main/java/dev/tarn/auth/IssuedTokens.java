package dev.tarn.auth;

import java.time.Instant;
import java.util.Objects;

/** A fresh access and refresh token pair, with the user they were issued to. */
public record IssuedTokens(User user, String accessToken, Instant accessExpiresAt, String refreshToken, Instant refreshExpiresAt) {
    public IssuedTokens {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(accessExpiresAt, "accessExpiresAt");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(refreshExpiresAt, "refreshExpiresAt");
    }

    /** Leaves the tokens out, so a pair printed by accident never leaks them. */
    @Override
    public String toString() {
        return "IssuedTokens[user=" + user.name() + ", accessExpiresAt=" + accessExpiresAt + ", refreshExpiresAt=" + refreshExpiresAt + "]";
    }
}
