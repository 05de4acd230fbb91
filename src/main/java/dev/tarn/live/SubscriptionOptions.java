package dev.tarn.live;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.OptionalLong;

/**
 * How a subscription's initial data is sent: in batches of {@code batchSize} rows, only the last
 * {@code lastRows} rows, or only rows newer than {@code from} (a resume). Precedence: from, then
 * last_rows, then plain batching.
 */
public record SubscriptionOptions(int batchSize, int lastRows, OptionalLong from) {
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final int MAXIMUM_BATCH_SIZE = 10_000;

    public SubscriptionOptions {
        if (batchSize < 1 || batchSize > MAXIMUM_BATCH_SIZE) {
            throw invalid("options.batch_size must be between 1 and " + MAXIMUM_BATCH_SIZE + ", not " + batchSize);
        }
        if (lastRows < 0) {
            throw invalid("options.last_rows must not be negative");
        }
        if (lastRows > batchSize) {
            throw invalid("options.last_rows (" + lastRows + ") must not exceed options.batch_size (" + batchSize + ")");
        }
        if (from == null) {
            throw invalid("options.from must be a number");
        }
    }

    public static SubscriptionOptions defaults() {
        return new SubscriptionOptions(DEFAULT_BATCH_SIZE, 0, OptionalLong.empty());
    }

    /** The options as SUBSCRIBE TO … OPTIONS (…) and system.live show them. */
    public String describe() {
        StringBuilder text = new StringBuilder("{\"batch_size\":").append(batchSize);
        if (lastRows > 0) {
            text.append(",\"last_rows\":").append(lastRows);
        }
        from.ifPresent(value -> text.append(",\"from\":\"").append(value).append('"'));
        return text.append('}').toString();
    }

    private static TarnException invalid(String message) {
        return new TarnException(ErrorCode.INVALID_FIELD, message);
    }
}
