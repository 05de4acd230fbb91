package dev.tarn.ask.keys;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Locale;
import java.util.Optional;

/**
 * The one authentication of every AskTable and Ask route: {@code Authorization: Bearer} with an
 * AskTable API key ({@code ask_<role>_…}), a temporary token, an Ask secret key ({@code sk_live_…})
 * or publishable key ({@code pk_live_…}, from its allowed origins only, and only to ask); or Basic
 * credentials of a Tarn administrator, who acts as sys. A request costs one SHA-256 and one map
 * lookup (keys) or one HMAC check (tokens); nothing touches the disk but a coalesced last-use write.
 */
public final class AskCredentials implements AskAuthentication {
    private final KeyStore keys;
    private final TemporaryTokens tokens;
    private final AdministratorLogin administrators;

    public AskCredentials(KeyStore keys, TemporaryTokens tokens, AdministratorLogin administrators) {
        this.keys = keys;
        this.tokens = tokens;
        this.administrators = administrators;
    }

    @Override
    public AskCaller authenticate(Optional<String> authorization, Optional<String> origin) {
        if (authorization.isEmpty() || authorization.get().isBlank()) {
            throw new TarnException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "Authentication required: send Authorization: Bearer <API key or token>, or Basic credentials of a Tarn administrator");
        }
        if (AdministratorLogin.isBasic(authorization)) {
            return administrators.authenticate(authorization, origin);
        }
        String header = authorization.get().trim();
        if (header.equalsIgnoreCase("bearer")) {
            throw new TarnException(ErrorCode.AUTHENTICATION_REQUIRED, "The Bearer credential is empty: send Authorization: Bearer <API key or token>");
        }
        if (!header.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            throw new TarnException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "Unsupported Authorization scheme: send Authorization: Bearer <API key or token>");
        }
        String credential = header.substring("bearer ".length()).trim();
        if (TemporaryTokens.looksLikeToken(credential)) {
            return tokens.verify(credential);
        }
        StoredKey key = keys.find(credential).orElseThrow(() -> new TarnException(ErrorCode.ASK_KEY_INVALID,
                "The API key is unknown or was deleted; ask an administrator for a new one"));
        if (key.kind() == KeyKind.PUBLISHABLE) {
            requireAllowedOrigin(key, origin);
        }
        keys.recordUse(key);
        return key.caller();
    }

    /** A publishable key lives in a web page, where anyone can read it: only its origins make it worth nothing elsewhere. */
    private static void requireAllowedOrigin(StoredKey key, Optional<String> origin) {
        if (origin.isEmpty() || origin.get().isBlank()) {
            throw new TarnException(ErrorCode.ASK_ORIGIN_NOT_ALLOWED, "This publishable key (pk_live_) works only from a browser page"
                    + " of its allowed origins, and this request has no Origin header; server-side callers use a secret key (sk_live_)");
        }
        Optional<AllowedOrigin> requestOrigin = AllowedOrigin.parse(origin.get());
        if (requestOrigin.isEmpty() || !key.allowedOrigins().contains(requestOrigin.get())) {
            throw new TarnException(ErrorCode.ASK_ORIGIN_NOT_ALLOWED, "This publishable key is not allowed from origin '"
                    + origin.get() + "'; an administrator can add it to the key's allowed_origins");
        }
    }
}
