package dev.tarn.topics;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/** The WITH (…) options of the topic statements, checked so that a misspelt option is an error, not ignored. */
public final class TopicOptions {
    private TopicOptions() {
    }

    /** ADD SOURCE … WITH (payload = 'full'|'key'|'diff'); full when absent. */
    public static PayloadMode payload(Map<String, String> options) {
        requireKnown(options, Set.of("payload"));
        return options.containsKey("payload") ? PayloadMode.parse(options.get("payload")) : PayloadMode.FULL;
    }

    /** How long a topic keeps messages: by age, by size per partition, both or neither (CLEAR RETENTION). */
    public record Retention(OptionalLong seconds, OptionalLong maximumBytes) {
        public Retention {
            java.util.Objects.requireNonNull(seconds, "seconds");
            java.util.Objects.requireNonNull(maximumBytes, "maximumBytes");
        }
    }

    /** SET RETENTION WITH (retention_seconds = n, retention_max_bytes = n): the two limits, each optional; none clears both. */
    public static Retention retention(Map<String, String> options) {
        requireKnown(options, Set.of("retention_seconds", "retention_max_bytes"));
        return new Retention(number(options, "retention_seconds"), number(options, "retention_max_bytes"));
    }

    private static OptionalLong number(Map<String, String> options, String key) {
        if (!options.containsKey(key)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(options.get(key)));
        } catch (NumberFormatException e) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT, "The option " + key + " must be a whole number, not '" + options.get(key) + "'");
        }
    }

    private static void requireKnown(Map<String, String> options, Set<String> known) {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw new TarnException(ErrorCode.INVALID_STATEMENT, "Unknown option '" + key + "': use " + String.join(", ", known));
            }
        }
    }

    /** CONSUME … FROM EARLIEST|LATEST|n as read by the dialect; LATEST when absent. */
    public static StartPosition start(String text) {
        return switch (text.toUpperCase(java.util.Locale.ROOT)) {
            case "EARLIEST" -> new StartPosition.Earliest();
            case "LATEST" -> new StartPosition.Latest();
            default -> {
                try {
                    yield new StartPosition.AtOffset(Long.parseLong(text));
                } catch (NumberFormatException e) {
                    throw new TarnException(ErrorCode.INVALID_STATEMENT, "Start at EARLIEST, LATEST or an offset, not '" + text + "'");
                }
            }
        };
    }
}
