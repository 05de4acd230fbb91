package dev.tarn.http.ask;

import dev.tarn.ask.session.AskEvent;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A Server-Sent Events response: {@code id:}, {@code event:} and one line of {@code data:} per event,
 * a comment line as heartbeat. Writes are serialised (the heartbeat runs on another thread); once
 * the client is gone, further writes are dropped and the answer goes on, kept for resuming.
 */
final class SseStream {
    private final OutputStream output;
    private boolean closed;

    private SseStream(OutputStream output) {
        this.output = output;
    }

    static SseStream open(Context context) throws IOException {
        context.status(200);
        context.header("Content-Type", "text/event-stream; charset=utf-8");
        context.header("Cache-Control", "no-cache");
        // proxies such as nginx would otherwise hold the events back until the answer ends
        context.header("X-Accel-Buffering", "no");
        OutputStream output = context.res().getOutputStream();
        output.flush();
        return new SseStream(output);
    }

    synchronized void send(AskEvent event) {
        write("id: " + event.id() + "\nevent: " + event.name() + "\ndata: " + event.json() + "\n\n");
    }

    synchronized void ping() {
        write(": ping\n\n");
    }

    private void write(String text) {
        if (closed) {
            return;
        }
        try {
            output.write(text.getBytes(StandardCharsets.UTF_8));
            output.flush();
        } catch (IOException clientGone) {
            closed = true;
        }
    }
}
