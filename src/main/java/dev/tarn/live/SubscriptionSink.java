package dev.tarn.live;

/**
 * Where a subscription's events go: a client connection, which encodes and sends them in the
 * order given. {@link #send} must be quick (queue and return); the dispatcher calls it.
 */
public interface SubscriptionSink {
    void send(LiveEvent event);
}
