package dev.tarn.http.realtime;

import dev.tarn.auth.IssuedTokens;
import dev.tarn.auth.LoginService;
import dev.tarn.auth.TokenService;
import dev.tarn.auth.User;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** POST /v1/api/auth/login, /refresh and /logout, GET /v1/api/auth/me. */
final class AuthHandlers {
    private static final Set<String> LOGIN_FIELDS = Set.of("user", "username", "password");

    private final LoginService logins;
    private final TokenService tokens;
    private final AuthCookies cookies;

    AuthHandlers(LoginService logins, TokenService tokens, AuthCookies cookies) {
        this.logins = logins;
        this.tokens = tokens;
        this.cookies = cookies;
    }

    void login(Context context) {
        AuthRequestBody body = AuthRequestBody.read(context, LOGIN_FIELDS);
        String userName = body.userName();
        String password = body.requiredText("password", AuthRequestBody.MAXIMUM_PASSWORD_LENGTH);
        answer(context, logins.login(userName, password));
    }

    /** The refresh cookie first, then a Bearer refresh token. */
    void refresh(Context context) {
        String token = AuthCookies.read(context, AuthCookies.REFRESH).or(() -> bearer(context))
                .orElseThrow(() -> new TarnException(ErrorCode.AUTHENTICATION_REQUIRED,
                        "No refresh token: send the " + AuthCookies.REFRESH + " cookie or Authorization: Bearer <refresh_token>"));
        answer(context, tokens.refresh(token));
    }

    /** Clears both cookies and ends the session of any token the caller still holds; always succeeds. */
    void logout(Context context) {
        List<String> held = new ArrayList<>();
        AuthCookies.read(context, AuthCookies.REFRESH).ifPresent(held::add);
        AuthCookies.read(context, AuthCookies.ACCESS).ifPresent(held::add);
        try {
            bearer(context).ifPresent(held::add);
        } catch (TarnException ignored) {
            // Basic or garbage: there is no session to end
        }
        held.forEach(tokens::endSession);
        cookies.clear(context);
        context.contentType("application/json").result(AuthAnswers.message("Logged out successfully").toString());
    }

    /** A Bearer access token first, then the access cookie. */
    void me(Context context) {
        String token = bearer(context).or(() -> AuthCookies.read(context, AuthCookies.ACCESS))
                .orElseThrow(() -> new TarnException(ErrorCode.AUTHENTICATION_REQUIRED,
                        "Authentication required: send Authorization: Bearer <access_token> or the " + AuthCookies.ACCESS + " cookie"));
        User user = tokens.currentUser(token);
        context.contentType("application/json").result(AuthAnswers.profile(user).toString());
    }

    private void answer(Context context, IssuedTokens issued) {
        cookies.set(context, issued);
        // tokens must not be kept by caches between the client and us
        context.header("Cache-Control", "no-store");
        context.contentType("application/json").result(AuthAnswers.session(issued).toString());
    }

    /** The token of an {@code Authorization: Bearer} header; another scheme is refused, not ignored. */
    private static Optional<String> bearer(Context context) {
        String header = context.header("Authorization");
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String trimmed = header.strip();
        if (!trimmed.regionMatches(true, 0, "Bearer ", 0, 7) || trimmed.substring(7).isBlank()) {
            throw new TarnException(ErrorCode.INVALID_CREDENTIALS, "The Authorization header must be Bearer <token> here");
        }
        return Optional.of(trimmed.substring(7).strip());
    }
}
