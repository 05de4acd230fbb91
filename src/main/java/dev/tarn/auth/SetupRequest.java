package dev.tarn.auth;

import java.util.Objects;
import java.util.Optional;

/** The body of the setup call: the first DBA user, and the password root gets. */
public record SetupRequest(String userName, String password, String rootPassword, Optional<String> email) {
    public SetupRequest {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(rootPassword, "rootPassword");
        Objects.requireNonNull(email, "email");
    }

    /** Leaves the passwords out, so a request printed by accident never leaks them. */
    @Override
    public String toString() {
        return "SetupRequest[userName=" + userName + "]";
    }
}
