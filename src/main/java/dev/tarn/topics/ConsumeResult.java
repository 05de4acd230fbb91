package dev.tarn.topics;

import java.util.List;

/** Messages of one read; {@code nextOffset} is the offset after the last one (or where the read started). */
public record ConsumeResult(List<TopicMessage> messages, long nextOffset, boolean hasMore) {
    public ConsumeResult {
        messages = List.copyOf(messages);
    }
}
