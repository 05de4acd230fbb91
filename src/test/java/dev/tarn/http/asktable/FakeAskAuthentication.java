package dev.tarn.http.asktable;

import dev.tarn.ask.keys.AskAuthentication;
import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.keys.AskRole;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Map;
import java.util.Optional;

/** Bearer tokens named after the caller they stand for ("asker", "admin", "visitor", "other-admin" of another project). */
final class FakeAskAuthentication implements AskAuthentication {
    private static final Map<String, AskCaller> CALLERS = Map.of(
            "asker", AskCaller.of(AskRole.ASKER, Optional.of("key-asker")),
            "admin", AskCaller.of(AskRole.ADMIN, Optional.of("key-admin")),
            "visitor", AskCaller.of(AskRole.VISITOR, Optional.of("key-visitor")),
            "other-admin", new AskCaller(AskRole.ADMIN, Optional.of("key-other"), "p_other", Optional.empty(), Map.of(), Map.of(),
                    Optional.empty(), false));

    @Override
    public AskCaller authenticate(Optional<String> authorization, Optional<String> origin) {
        String token = authorization.map(header -> header.replaceFirst("(?i)^bearer ", "")).orElse("");
        AskCaller caller = CALLERS.get(token);
        if (caller == null) {
            throw new TarnException(ErrorCode.AUTHENTICATION_REQUIRED, "no such test token");
        }
        return caller;
    }
}
