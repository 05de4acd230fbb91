package dev.tarn.auth;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

/** Issues and checks the realtime API's JSON Web Tokens. (Being built: see AuthApiIT.) */
public final class TokenService {

    /** The principal an access token stands for; throws UNAUTHENTICATED errors for anything else. */
    public Principal verifyAccessToken(String token) {
        throw new TarnException(ErrorCode.INVALID_CREDENTIALS, "Invalid credentials");
    }
}
