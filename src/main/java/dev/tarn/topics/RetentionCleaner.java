package dev.tarn.topics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Deletes messages past their topic's retention (age, then size per partition) in the background, once per period. */
final class RetentionCleaner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionCleaner.class);

    private final TopicCatalog catalog;
    private final TopicStore store;
    private final Clock clock;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon(true).name("tarn-topic-retention").factory());

    RetentionCleaner(TopicCatalog catalog, TopicStore store, Clock clock, Duration period) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::clean, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void clean() {
        try {
            for (Topic topic : catalog.all()) {
                for (int partition = 0; partition < topic.partitions(); partition++) {
                    long deleted = 0;
                    if (topic.retentionSeconds().isPresent()) {
                        deleted += store.expire(topic.id(), partition, clock.millis() - topic.retentionSeconds().getAsLong() * 1000);
                    }
                    if (topic.retentionMaximumBytes().isPresent()) {
                        deleted += store.trim(topic.id(), partition, topic.retentionMaximumBytes().getAsLong());
                    }
                    if (deleted > 0) {
                        LOG.info("event=topic_retention topic={} partition={} deleted={}", topic.id(), partition, deleted);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("event=topic_retention_failed message=\"{}\"", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
