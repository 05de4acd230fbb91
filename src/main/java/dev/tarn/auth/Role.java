package dev.tarn.auth;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Locale;

/** The four roles of the user store, shared by every surface. */
public enum Role {
    USER, SERVICE, DBA, SYSTEM;

    /** Administrators manage users and catalogs and may run statements that touch the engine itself. */
    public boolean isAdministrator() {
        return this == DBA || this == SYSTEM;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a role name, accepting the aliases the realtime dialect allows. */
    public static Role parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "user", "viewer", "readonly" -> USER;
            case "service", "developer", "analyst" -> SERVICE;
            case "dba", "admin" -> DBA;
            case "system" -> SYSTEM;
            default -> throw new TarnException(ErrorCode.INVALID_STATEMENT,
                    "Unknown role '" + name + "': use user, service, dba or system");
        };
    }
}
