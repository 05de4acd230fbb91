package dev.tarn.ask.keys;

import java.util.Optional;

/**
 * Turns a request's credentials into an {@link AskCaller}, or fails with 401 (TarnException with
 * AUTHENTICATION_REQUIRED or INVALID_CREDENTIALS). The Origin header matters only for publishable keys.
 */
@FunctionalInterface
public interface AskAuthentication {
    AskCaller authenticate(Optional<String> authorization, Optional<String> origin);
}
