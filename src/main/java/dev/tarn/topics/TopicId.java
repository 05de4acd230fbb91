package dev.tarn.topics;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Locale;
import java.util.regex.Pattern;

/** A topic's name, namespace.name, in lower case (names compare without regard to case, as table names do). */
public record TopicId(String namespace, String name) {
    private static final Pattern PART = Pattern.compile("[a-z0-9_]{1,128}");

    public TopicId {
        namespace = namespace.toLowerCase(Locale.ROOT);
        name = name.toLowerCase(Locale.ROOT);
        if (!PART.matcher(namespace).matches() || !PART.matcher(name).matches()) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT, "A topic is named namespace.name, each part letters, digits and underscores: '"
                    + namespace + "." + name + "' is not");
        }
    }

    /** A topic id as clients send it ("shop.cart_events"); a bare name is in {@code defaultNamespace}. */
    public static TopicId parse(String text, String defaultNamespace) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            return new TopicId(defaultNamespace, text);
        }
        if (text.indexOf('.', dot + 1) >= 0) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT, "A topic is named namespace.name: '" + text + "' has too many dots");
        }
        return new TopicId(text.substring(0, dot), text.substring(dot + 1));
    }

    @Override
    public String toString() {
        return namespace + "." + name;
    }
}
