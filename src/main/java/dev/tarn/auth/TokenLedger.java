package dev.tarn.auth;

import dev.tarn.engine.SystemDatabase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the token service must remember across requests and restarts: which refresh tokens were
 * already spent (each works once) and which sessions were ended. A session is one login and every
 * pair refreshed from it; ending it refuses all of its tokens. Entries are kept only until the
 * tokens they concern have expired anyway.
 */
public final class TokenLedger {
    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    private final SystemDatabase database;
    private final Clock clock;
    /** Asked on every API call, so kept in memory; the table is its durable copy. */
    private final Map<String, Instant> endedSessions = new ConcurrentHashMap<>();
    private volatile Instant lastPurge = Instant.EPOCH;

    public TokenLedger(SystemDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
        database.update("""
                CREATE TABLE IF NOT EXISTS spent_refresh_tokens (
                    token_id VARCHAR PRIMARY KEY,
                    session_id VARCHAR NOT NULL,
                    expires_at TIMESTAMP NOT NULL)""");
        database.update("""
                CREATE TABLE IF NOT EXISTS ended_sessions (
                    session_id VARCHAR PRIMARY KEY,
                    remember_until TIMESTAMP NOT NULL)""");
        purgeExpired();
        for (Map<String, Object> row : database.query("SELECT session_id, remember_until FROM ended_sessions")) {
            endedSessions.put((String) row.get("session_id"), ((LocalDateTime) row.get("remember_until")).toInstant(ZoneOffset.UTC));
        }
    }

    /**
     * Records that a refresh token was used; false when it had been used before. Check and record
     * are one statement, so of two requests racing with the same token only one wins.
     */
    public boolean spend(String tokenId, String sessionId, Instant expiresAt) {
        purgeNowAndThen();
        return database.update("INSERT OR IGNORE INTO spent_refresh_tokens VALUES (?, ?, ?)",
                tokenId, sessionId, LocalDateTime.ofInstant(expiresAt, ZoneOffset.UTC)) > 0;
    }

    /** Ends a session: none of its tokens, issued up to now, is accepted until {@code rememberUntil}. */
    public void endSession(String sessionId, Instant rememberUntil) {
        endedSessions.merge(sessionId, rememberUntil, (old, fresh) -> old.isAfter(fresh) ? old : fresh);
        database.update("INSERT OR REPLACE INTO ended_sessions VALUES (?, ?)",
                sessionId, LocalDateTime.ofInstant(endedSessions.get(sessionId), ZoneOffset.UTC));
    }

    public boolean isEnded(String sessionId) {
        Instant until = endedSessions.get(sessionId);
        return until != null && clock.instant().isBefore(until);
    }

    private void purgeNowAndThen() {
        if (Duration.between(lastPurge, clock.instant()).compareTo(PURGE_INTERVAL) > 0) {
            purgeExpired();
        }
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        lastPurge = now;
        LocalDateTime cutoff = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
        database.update("DELETE FROM spent_refresh_tokens WHERE expires_at < ?", cutoff);
        database.update("DELETE FROM ended_sessions WHERE remember_until < ?", cutoff);
        endedSessions.values().removeIf(until -> !now.isBefore(until));
    }
}
