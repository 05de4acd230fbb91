package dev.tarn.ask.policy;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

/** AskTable's rule for role and policy names: lower-case letters, digits and underscores, at most 64 characters. */
final class Names {
    private Names() {
    }

    static String check(String field, String name) {
        if (name == null || !name.matches("[a-z0-9_]{1,64}")) {
            throw new TarnException(ErrorCode.INVALID_FIELD, field + " must be 1 to 64 lower-case letters, digits or underscores"
                    + (name == null ? "" : ", not '" + (name.length() > 70 ? name.substring(0, 70) + "…" : name) + "'"));
        }
        return name;
    }

    /** A role's or policy's description is shown in lists: at most this many characters. */
    static final int LONGEST_DESCRIPTION = 10_000;

    static void checkDescription(String description) {
        if (description != null && description.length() > LONGEST_DESCRIPTION) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "description must be at most " + LONGEST_DESCRIPTION
                    + " characters, not " + description.length() + ": shorten it");
        }
    }
}
