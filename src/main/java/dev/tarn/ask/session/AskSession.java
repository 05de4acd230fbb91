package dev.tarn.ask.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One conversation of the Ask API: whose it is (customer, user and the key that opened it), the
 * questions asked so far (a follow-up refines the last one), and the events sent, kept so that a
 * client that lost its stream can resume after the last event it saw.
 */
public final class AskSession {
    /** Events kept per session for resuming, by count and by size; older ones are dropped first, the newest is always kept. */
    static final int MOST_EVENTS_KEPT = 2_000;
    static final long MOST_EVENT_CHARACTERS_KEPT = 1L << 20;
    /** A follow-up refines the conversation's recent questions; older ones no longer bear on it. */
    static final int MOST_QUESTIONS_REMEMBERED = 10;

    private final String id;
    private final String customer;
    private final String user;
    private final String owner;
    private final String datasourceId;
    private final List<AskEvent> events = new ArrayList<>();
    private final List<Consumer<AskEvent>> followers = new ArrayList<>();
    private final List<String> questions = new ArrayList<>();
    private long nextEventId = 1;
    private long keptCharacters;
    private boolean running;
    private volatile long lastUsedNanos = System.nanoTime();

    AskSession(String id, String customer, String user, String owner, String datasourceId) {
        this.id = id;
        this.customer = customer;
        this.user = user;
        this.owner = owner;
        this.datasourceId = datasourceId;
    }

    public String id() {
        return id;
    }

    public String customer() {
        return customer;
    }

    public String user() {
        return user;
    }

    public String datasourceId() {
        return datasourceId;
    }

    boolean belongsTo(String customer, String user, String owner) {
        return this.customer.equals(customer) && this.user.equals(user) && this.owner.equals(owner);
    }

    /** Starts one question; false when another question of this session is still running. */
    public synchronized boolean start(String question) {
        if (running) {
            return false;
        }
        running = true;
        lastUsedNanos = System.nanoTime();
        return true;
    }

    /** Ends the running question; an answered question becomes the one a follow-up refines. */
    public synchronized void finish(String question, boolean answered) {
        running = false;
        if (answered) {
            questions.add(question);
        }
        followers.clear();
        lastUsedNanos = System.nanoTime();
    }

    /** The questions answered so far, oldest first, at most the last few: what a follow-up refines. */
    public synchronized List<String> earlierQuestions() {
        return List.copyOf(questions.subList(Math.max(0, questions.size() - MOST_QUESTIONS_REMEMBERED), questions.size()));
    }

    /** Sends an event: kept for resuming, and passed to whoever follows the session live. */
    public AskEvent emit(String name, String json) {
        List<Consumer<AskEvent>> listening;
        AskEvent event;
        synchronized (this) {
            event = new AskEvent(nextEventId++, name, json);
            events.add(event);
            keptCharacters += json.length();
            while (events.size() > 1 && (events.size() > MOST_EVENTS_KEPT || keptCharacters > MOST_EVENT_CHARACTERS_KEPT)) {
                keptCharacters -= events.removeFirst().json().length();
            }
            listening = List.copyOf(followers);
        }
        listening.forEach(follower -> follower.accept(event));
        return event;
    }

    /**
     * The events after {@code lastSeenId}, and, while a question is running, {@code follower}
     * receives the rest as they come (under the session's lock, so none is missed or sent twice).
     *
     * @return the events to replay; {@link Replay#live()} says whether more will come
     */
    public synchronized Replay replayAfter(long lastSeenId, Consumer<AskEvent> follower) {
        List<AskEvent> missed = events.stream().filter(event -> event.id() > lastSeenId).toList();
        if (running) {
            followers.add(follower);
        }
        return new Replay(missed, running);
    }

    public synchronized void unfollow(Consumer<AskEvent> follower) {
        followers.remove(follower);
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    /** Missed events, and whether the question is still running (the follower then gets the rest). */
    public record Replay(List<AskEvent> events, boolean live) {
    }
}
