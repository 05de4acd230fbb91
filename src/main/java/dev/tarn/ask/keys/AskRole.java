package dev.tarn.ask.keys;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Locale;

/**
 * The roles of AskTable API keys, strongest first. The 2026 console names them {@code priv_admin},
 * {@code priv_asker}, {@code priv_visitor}; the SDK sends the bare names. Both are accepted.
 */
public enum AskRole {
    SYS, ADMIN, ASKER, VISITOR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this role has every right of {@code other}. */
    public boolean includes(AskRole other) {
        return ordinal() <= other.ordinal();
    }

    public static AskRole parse(String name) {
        String bare = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (bare.startsWith("priv_")) {
            bare = bare.substring("priv_".length());
        }
        return switch (bare) {
            case "sys" -> SYS;
            case "admin" -> ADMIN;
            case "asker" -> ASKER;
            case "visitor" -> VISITOR;
            default -> throw new TarnException(ErrorCode.INVALID_FIELD,
                    "Unknown ak_role '" + name + "': use sys, admin, asker or visitor (priv_ names are accepted)");
        };
    }
}
