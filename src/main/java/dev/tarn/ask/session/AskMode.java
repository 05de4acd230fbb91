package dev.tarn.ask.session;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Locale;

/**
 * tableArth's privacy modes. Only {@code local_template} (the deterministic engine, no external
 * call at all) runs on this server; the others would send data or statistics to a language model,
 * and none is configured, so they are refused rather than quietly answered another way.
 */
public enum AskMode {
    FULL_AI, MASKED, HYBRID, LOCAL_TEMPLATE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AskMode parse(String name) {
        for (AskMode mode : values()) {
            if (mode.wireName().equals(name)) {
                return mode;
            }
        }
        throw new TarnException(ErrorCode.INVALID_FIELD, "Unknown mode '" + name + "': use full_ai, masked, hybrid or local_template");
    }

    /** Fails with 403 mode_forbidden unless this server can answer in this mode. */
    public void requireAvailable() {
        if (this != LOCAL_TEMPLATE) {
            throw new TarnException(ErrorCode.ASK_MODE_FORBIDDEN, "Mode " + wireName()
                    + " needs a language model and none is configured on this server: use local_template");
        }
    }
}
