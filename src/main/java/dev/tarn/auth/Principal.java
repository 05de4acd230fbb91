package dev.tarn.auth;

import java.util.Objects;

/** Who is making a request: an authenticated user and the role it acts with. */
public record Principal(String userName, Role role) {
    public Principal {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(role, "role");
    }

    public boolean isAdministrator() {
        return role.isAdministrator();
    }
}
