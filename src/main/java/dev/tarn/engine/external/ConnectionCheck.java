package dev.tarn.engine.external;

import java.util.Objects;
import java.util.Optional;

/** The outcome of trying to connect: how long it took, and the server's version or the driver's reason for failing. */
public record ConnectionCheck(boolean ok, long latencyMillis, Optional<String> serverVersion, Optional<String> error) {
    public ConnectionCheck {
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(error, "error");
    }
}
