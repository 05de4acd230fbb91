package dev.tarn.ask.policy;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Locale;

/** Whether a policy grants what it matches or takes it away; a deny always wins over an allow. */
public enum PolicyPermission {
    ALLOW, DENY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PolicyPermission parse(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "allow" -> ALLOW;
            case "deny" -> DENY;
            default -> throw new TarnException(ErrorCode.ASK_INVALID_POLICY, "permission must be allow or deny, not '" + text + "'");
        };
    }
}
