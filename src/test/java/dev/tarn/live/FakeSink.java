package dev.tarn.live;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A subscription sink that keeps every event, for tests. */
final class FakeSink implements SubscriptionSink {
    final List<LiveEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void send(LiveEvent event) {
        events.add(event);
    }

    /** The events of type {@code type}, once at least {@code count} of them arrived (or after 5 s). */
    <T extends LiveEvent> List<T> await(Class<T> type, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            List<T> found = events.stream().filter(type::isInstance).map(type::cast).toList();
            if (found.size() >= count) {
                return found;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
