package dev.tarn.ask.session;

import dev.tarn.ask.AskIds;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Ask API's sessions, in memory: a session is a conversation and its replay buffer, not data
 * anyone needs after a restart (the answers' usage is counted durably in {@link AskUsage}). A
 * session is found only by the customer, user and key that opened it: another customer asking
 * for its id gets the same 404 as for an id that never existed.
 */
public final class AskSessions {
    static final long IDLE_NANOS = TimeUnit.HOURS.toNanos(1);
    /** With {@link AskSession#MOST_EVENT_CHARACTERS_KEPT}, a bound on what replay buffers can hold (about 2 GB of characters at worst). */
    static final int MOST_SESSIONS = 1_000;

    private final Map<String, AskSession> sessions = new ConcurrentHashMap<>();

    /** The caller's session with this id, or a new one when no id is given. */
    public AskSession open(Optional<String> sessionId, String customer, String user, String owner, String datasourceId) {
        if (sessionId.isPresent()) {
            AskSession session = find(sessionId.get(), customer, user, owner);
            if (!session.datasourceId().equals(datasourceId)) {
                throw new TarnException(ErrorCode.INVALID_FIELD, "Session " + session.id() + " asks about " + session.datasourceId()
                        + ", not " + datasourceId + ": start a new session for another table");
            }
            return session;
        }
        forgetIdle();
        AskSession session = new AskSession(AskIds.next("sess_"), customer, user, owner, datasourceId);
        sessions.put(session.id(), session);
        return session;
    }

    public AskSession find(String sessionId, String customer, String user, String owner) {
        AskSession session = sessions.get(sessionId);
        if (session == null || !session.belongsTo(customer, user, owner)) {
            throw new TarnException(ErrorCode.ASK_SESSION_NOT_FOUND, "No session " + sessionId + " for this customer and user");
        }
        return session;
    }

    private void forgetIdle() {
        long now = System.nanoTime();
        sessions.values().removeIf(session -> now - session.lastUsedNanos() > IDLE_NANOS);
        while (sessions.size() >= MOST_SESSIONS) {
            sessions.values().stream().min(Comparator.comparingLong(AskSession::lastUsedNanos))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
    }
}
