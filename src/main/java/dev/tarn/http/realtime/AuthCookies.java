package dev.tarn.http.realtime;

import dev.tarn.auth.IssuedTokens;
import io.javalin.http.Context;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The two auth cookies, named as the realtime API's clients expect: HttpOnly so scripts cannot
 * read them, SameSite=Strict so other sites cannot send them, Secure only over https when configured.
 */
final class AuthCookies {
    static final String ACCESS = "kalamdb_auth";
    static final String REFRESH = "kalamdb_refresh";

    private final boolean secureOverHttps;

    AuthCookies(boolean secureOverHttps) {
        this.secureOverHttps = secureOverHttps;
    }

    void set(Context context, IssuedTokens tokens) {
        Instant now = Instant.now();
        add(context, ACCESS, tokens.accessToken(), Duration.between(now, tokens.accessExpiresAt()));
        add(context, REFRESH, tokens.refreshToken(), Duration.between(now, tokens.refreshExpiresAt()));
    }

    void clear(Context context) {
        add(context, ACCESS, "", Duration.ZERO);
        add(context, REFRESH, "", Duration.ZERO);
    }

    static Optional<String> read(Context context, String name) {
        return Optional.ofNullable(context.cookie(name)).filter(value -> !value.isBlank());
    }

    private void add(Context context, String name, String value, Duration lifetime) {
        StringBuilder cookie = new StringBuilder(name).append('=').append(value)
                .append("; Path=/; Max-Age=").append(Math.max(0, lifetime.toSeconds()));
        if (lifetime.isZero()) {
            cookie.append("; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        }
        cookie.append("; HttpOnly; SameSite=Strict");
        if (secureOverHttps && "https".equalsIgnoreCase(context.scheme())) {
            cookie.append("; Secure");
        }
        context.res().addHeader("Set-Cookie", cookie.toString());
    }
}
