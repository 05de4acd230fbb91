package dev.tarn.ask.session;

import java.util.Objects;

/**
 * One Server-Sent Event of an ask session: its id (monotonic within the session, so a client
 * resumes with {@code Last-Event-ID}), its name and one line of JSON.
 */
public record AskEvent(long id, String name, String json) {
    public AskEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(json, "json");
        if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an event's data must be one line");
        }
    }
}
