package dev.tarn.http.realtime;

import dev.tarn.auth.Principal;
import dev.tarn.live.LiveEvent;
import dev.tarn.live.SubscriptionSink;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * One client's WebSocket: who it is once authenticated, how it wants messages, and its outbound
 * queue. A virtual thread per connection encodes and sends queued messages in order and waits for
 * each send, so a slow client only slows itself; one that falls too far behind is disconnected.
 */
final class LiveConnection implements SubscriptionSink {
    private static final Logger LOG = LoggerFactory.getLogger(LiveConnection.class);
    /** Server messages longer than this are gzipped into binary frames, when gzip was negotiated and it helps. */
    static final int GZIP_THRESHOLD_BYTES = 512;
    private static final int MAXIMUM_QUEUED_MESSAGES = 50_000;
    private static final Object CLOSE = new Object();

    private final long id;
    private final Session session;
    private final LinkedBlockingQueue<Object> outbound = new LinkedBlockingQueue<>();
    private final int messagesPerSecond;
    private final String clientAddress;
    private volatile Principal principal;
    private volatile boolean gzip = true;
    private long windowStart;
    private int messagesInWindow;

    LiveConnection(long id, Session session, int messagesPerSecond, String clientAddress) {
        this.id = id;
        this.clientAddress = clientAddress;
        this.session = session;
        this.messagesPerSecond = messagesPerSecond;
        Thread.ofVirtual().name("live-sender-" + id).start(this::sendQueued);
    }

    long id() {
        return id;
    }

    String clientAddress() {
        return clientAddress;
    }

    Principal principal() {
        return principal;
    }

    boolean authenticated() {
        return principal != null;
    }

    void authenticated(Principal principal, boolean gzip) {
        this.principal = principal;
        this.gzip = gzip;
    }

    /** Whether another inbound message fits this second's allowance. */
    synchronized boolean withinRate() {
        long now = System.nanoTime();
        if (now - windowStart > 1_000_000_000L) {
            windowStart = now;
            messagesInWindow = 0;
        }
        return ++messagesInWindow <= messagesPerSecond;
    }

    @Override
    public void send(LiveEvent event) {
        enqueue(event);
    }

    void send(String message) {
        enqueue(message);
    }

    /** Sends what is queued, then closes with this code and reason. */
    void closeAfterQueued(int code, String reason) {
        outbound.offer(new Close(code, reason));
    }

    /** Stops the sender; the socket is already closed. */
    void closed() {
        outbound.clear();
        outbound.offer(CLOSE);
    }

    private record Close(int code, String reason) {
    }

    private void enqueue(Object message) {
        if (outbound.size() >= MAXIMUM_QUEUED_MESSAGES) {
            LOG.warn("event=live_client_too_slow connection={} queued={}", id, outbound.size());
            outbound.clear();
            outbound.offer(new Close(1008, "The client reads too slowly"));
            return;
        }
        outbound.offer(message);
    }

    private void sendQueued() {
        try {
            while (true) {
                Object message = outbound.take();
                if (message == CLOSE) {
                    return;
                }
                if (message instanceof Close close) {
                    session.close(close.code(), close.reason(), Callback.NOOP);
                    return;
                }
                if (!session.isOpen()) {
                    return;
                }
                String text = message instanceof LiveEvent event ? LiveMessages.event(event) : (String) message;
                Callback.Completable sent = new Callback.Completable();
                byte[] compressed = gzip && text.length() > GZIP_THRESHOLD_BYTES ? gzip(text) : null;
                if (compressed != null && compressed.length < text.getBytes(StandardCharsets.UTF_8).length) {
                    session.sendBinary(ByteBuffer.wrap(compressed), sent);
                } else {
                    session.sendText(text, sent);
                }
                sent.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("event=live_send_failed connection={} message=\"{}\"", id, e.getMessage());
            session.close(1011, "send failed", Callback.NOOP);
        }
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length() / 3);
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
        return bytes.toByteArray();
    }
}
