package dev.tarn.topics;

/** Where a consumer group without an acknowledged position starts reading a partition. */
public sealed interface StartPosition {
    /** The oldest message still kept. */
    record Earliest() implements StartPosition {
    }

    /** Only messages produced from now on. */
    record Latest() implements StartPosition {
    }

    /** A given offset. */
    record AtOffset(long offset) implements StartPosition {
        public AtOffset {
            if (offset < 0) {
                throw new IllegalArgumentException("offset must not be negative");
            }
        }
    }
}
