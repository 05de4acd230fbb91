package dev.tarn.ask.keys;

import dev.tarn.auth.Authenticator;
import dev.tarn.auth.Principal;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Locale;
import java.util.Optional;

/**
 * The way in before any API key exists: a Tarn administrator (role dba or system) with Basic
 * credentials acts as {@code sys}, so it can create the project's first keys. Other Tarn users
 * must use an API key: their realtime role says nothing about datasources.
 */
public final class AdministratorLogin implements AskAuthentication {
    private final Authenticator authenticator;

    public AdministratorLogin(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    public static boolean isBasic(Optional<String> authorization) {
        return authorization.map(header -> header.trim().toLowerCase(Locale.ROOT).startsWith("basic ")).orElse(false);
    }

    @Override
    public AskCaller authenticate(Optional<String> authorization, Optional<String> origin) {
        if (!isBasic(authorization)) {
            throw new TarnException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "Authentication required: send Authorization: Bearer <API key or token>, or Basic credentials of a Tarn administrator");
        }
        Principal principal = authenticator.basic(authorization);
        if (!principal.isAdministrator()) {
            throw new TarnException(ErrorCode.PERMISSION_DENIED,
                    "Only Tarn administrators (dba, system) may use Basic credentials here; other callers use an API key");
        }
        return AskCaller.of(AskRole.SYS, Optional.empty());
    }
}
