package dev.tarn.ask.keys;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Locale;

/**
 * The three sorts of long-lived keys: AskTable API keys (a role each), and the Ask API's secret
 * {@code sk_live_} keys (server side) and publishable {@code pk_live_} keys (browsers, bound to origins).
 */
public enum KeyKind {
    API_KEY("api_key"),
    SECRET("secret"),
    PUBLISHABLE("publishable");

    private final String wireName;

    KeyKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The clear value's recognisable start, so a leaked key can be found by secret scanners and told apart. */
    String valuePrefix(AskRole role) {
        return switch (this) {
            case API_KEY -> "ask_" + role.wireName() + "_";
            case SECRET -> "sk_live_";
            case PUBLISHABLE -> "pk_live_";
        };
    }

    /** The kind of an Ask API key as a client names it ({@code secret} or {@code publishable}). */
    public static KeyKind parseAskKind(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "secret", "sk_live" -> SECRET;
            case "publishable", "pk_live" -> PUBLISHABLE;
            default -> throw new TarnException(ErrorCode.INVALID_FIELD,
                    "Unknown kind '" + name + "': use secret (server side, sk_live_) or publishable (browsers, pk_live_, needs allowed_origins)");
        };
    }

    static KeyKind fromWireName(String wireName) {
        for (KeyKind kind : values()) {
            if (kind.wireName.equals(wireName)) {
                return kind;
            }
        }
        throw new IllegalStateException("unknown key kind in the system database: " + wireName);
    }
}
