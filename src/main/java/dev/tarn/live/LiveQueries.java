package dev.tarn.live;

import dev.tarn.auth.Principal;
import dev.tarn.engine.Column;
import dev.tarn.engine.Engine;
import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.realtime.LiveQueryStatements;
import dev.tarn.realtime.RealtimeSqlService;
import dev.tarn.realtime.RealtimeTable;
import dev.tarn.realtime.SqlResult;
import dev.tarn.realtime.TableRegistry;
import dev.tarn.writes.Change;
import dev.tarn.writes.ChangeListener;
import dev.tarn.writes.WritePath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live queries: subscriptions to one table's rows that match a predicate, answered with the
 * current rows in batches and then with every committed change that enters, changes within or
 * leaves the result. Changes arrive from the write path in the writer's thread, are queued, and a
 * single dispatcher thread matches them (through the engine) and hands each subscription its share,
 * so per-table order is commit-publication order. A subscriber sees only rows its user may read:
 * the initial rows are read through the realtime SQL service as that user (guard, shared-table
 * access levels, per-user scoping), and changes of per-user tables only when the owner is that user.
 */
public final class LiveQueries implements ChangeListener, LiveQueryStatements, AutoCloseable {
    public static final int MAXIMUM_SUBSCRIPTIONS_PER_CONNECTION = 100;
    private static final Logger LOG = LoggerFactory.getLogger(LiveQueries.class);
    private static final int MAXIMUM_QUEUED_CHANGES = 100_000;
    private static final String OWNER_COLUMN = "_user_id";

    private final InitialRows initialRows;
    private final WritePath writes;
    private final TableRegistry registry;
    private final ChangeMatcher matcher;
    private final int perUserLimit;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Group>> byTable = new ConcurrentHashMap<>();
    private final Map<String, List<String>> primaryKeys = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Published> queue = new LinkedBlockingQueue<>(MAXIMUM_QUEUED_CHANGES);
    /** Subscriptions being set up per table: writes capture their rows from the moment a subscribe begins. */
    private final Map<String, AtomicInteger> settingUp = new ConcurrentHashMap<>();
    /** How many changes were published so far; a change's number tells whether it committed before a snapshot read. */
    private final java.util.concurrent.atomic.AtomicLong published = new java.util.concurrent.atomic.AtomicLong();
    /** The numbers of the last change queued and the last one dispatched, to tell when a subscription's early changes are all through. */
    private volatile long queuedThrough;
    private volatile long dispatchedThrough;
    private final Thread dispatcher;
    private final SecureRandom random = new SecureRandom();
    private volatile String webSocketUrl = "/v1/ws";
    private volatile boolean running = true;

    /** The subscriptions of one table that share a projection and predicate, and so one matching query. */
    private record Group(LiveQuery query, boolean perUser, Set<Subscription> members) {
    }

    /** A change and its publication number. */
    private record Published(long number, Change change) {
    }

    public LiveQueries(Engine engine, RealtimeSqlService realtimeSql, WritePath writes, TableRegistry registry, int perUserLimit) {
        this.initialRows = new InitialRows(realtimeSql);
        this.writes = writes;
        this.registry = registry;
        this.matcher = new ChangeMatcher(engine, OWNER_COLUMN);
        this.perUserLimit = perUserLimit;
        this.dispatcher = Thread.ofPlatform().name("live-dispatcher").daemon().start(this::dispatch);
    }

    /** Where clients connect, for the answer of SUBSCRIBE TO; known once the server listens. */
    public void webSocketUrl(String url) {
        this.webSocketUrl = url;
    }

    // --- the write path's side: quick, in the writer's thread

    @Override
    public boolean wantsRows(TableName table) {
        Map<String, Group> groups = byTable.get(table.key());
        AtomicInteger starting = settingUp.get(table.key());
        return groups != null && !groups.isEmpty() || starting != null && starting.get() > 0;
    }

    @Override
    public void changed(Change change) {
        long number = published.incrementAndGet();
        if (!wantsRows(change.table())) {
            return;
        }
        queuedThrough = number;
        if (!queue.offer(new Published(number, change))) {
            LOG.warn("event=live_queue_full table={}", change.table());
            failTable(change.table().key(), "The server fell behind on changes to this table; subscribe again", Long.MAX_VALUE);
        }
    }

    // --- the client's side

    /**
     * Starts a subscription: checks the query and the user's access, registers it (so changes are
     * buffered from now on), then sends the acknowledgement and the first batch of initial rows.
     */
    public void subscribe(Principal principal, long connectionId, String subscriptionId, String sql, SubscriptionOptions options,
                          SubscriptionSink sink) {
        if (subscriptionId == null || subscriptionId.isBlank() || subscriptionId.length() > 128) {
            throw new TarnException(ErrorCode.LIVE_INVALID_SUBSCRIPTION_ID, "A subscription needs an id of 1 to 128 characters");
        }
        LiveQuery query = LiveQuery.parse(sql).forUser(principal.userName());
        String tableKey = tableKey(query);
        // from here on writes to the table capture their rows, so a write that starts while this
        // subscription is checked is followed rather than reported without images
        AtomicInteger starting = settingUp.computeIfAbsent(tableKey, key -> new AtomicInteger());
        starting.incrementAndGet();
        try {
            boolean perUser = checkTable(principal, query);
            List<String> primaryKey = check(principal, query, perUser);
            Subscription subscription = new Subscription(subscriptionId, connectionId, principal, query, options, sink, perUser);
            primaryKeys.put(tableKey, primaryKey);
            register(subscription, tableKey);
            try {
                // every change numbered up to here committed before the first read, which therefore shows it
                subscription.readFrom(markReadStart(subscription));
                sendFirstBatch(subscription);
            } catch (TarnException e) {
                remove(subscription);
                throw e;
            } catch (RuntimeException e) {
                remove(subscription);
                throw new TarnException(ErrorCode.LIVE_SUBSCRIPTION_FAILED, "The initial data could not be read: " + e.getMessage(), e);
            }
        } finally {
            starting.decrementAndGet();
        }
    }

    /** The next batch of initial rows, after {@code lastSeq} when the client names it. */
    public void nextBatch(long connectionId, String subscriptionId, OptionalLong lastSeq) {
        Subscription subscription = subscriptions.get(connectionId + "-" + subscriptionId);
        if (subscription == null) {
            throw new TarnException(ErrorCode.LIVE_INVALID_SUBSCRIPTION_ID, "No subscription '" + subscriptionId + "' on this connection");
        }
        if (!subscription.loading()) {
            throw new TarnException(ErrorCode.LIVE_BATCH_FETCH_FAILED, "The initial data of '" + subscriptionId + "' is complete");
        }
        try {
            markReadStart(subscription);
            sendBatch(subscription, lastSeq.orElse(subscription.lastSeq()), false);
        } catch (RuntimeException e) {
            throw new TarnException(ErrorCode.LIVE_BATCH_FETCH_FAILED, "The next batch could not be read: " + e.getMessage(), e);
        }
    }

    /** Ends a subscription of this connection; unknown ids are ignored, as the protocol wants no answer. */
    public void unsubscribe(long connectionId, String subscriptionId) {
        Subscription subscription = subscriptions.get(connectionId + "-" + subscriptionId);
        if (subscription != null) {
            remove(subscription);
        }
    }

    /** Ends every subscription of a connection that closed. */
    public void connectionClosed(long connectionId) {
        for (Subscription subscription : List.copyOf(subscriptions.values())) {
            if (subscription.connectionId() == connectionId) {
                remove(subscription);
            }
        }
    }

    public int count() {
        return subscriptions.size();
    }

    /** How many matching queries a change to {@code table} costs: one per distinct projection and predicate. */
    int queryGroups(TableName table) {
        Map<String, Group> groups = byTable.get(table.key());
        return groups == null ? 0 : groups.size();
    }

    // --- the dialect's statements

    @Override
    public SqlResult subscribe(Principal principal, String namespace, String table, Optional<String> where, Map<String, Long> options) {
        String sql = "SELECT * FROM " + namespace + "." + table + where.map(w -> " WHERE " + w).orElse("");
        LiveQuery query = LiveQuery.parse(sql);
        SubscriptionOptions checked = options(options);
        boolean perUser = checkTable(principal, query);
        check(principal, query, perUser);
        String id = "sub-" + HexFormat.of().formatHex(randomBytes());
        Map<String, Object> subscription = new LinkedHashMap<>();
        subscription.put("id", id);
        subscription.put("sql", sql);
        if (!options.isEmpty()) {
            subscription.put("options", new LinkedHashMap<>(options));
        }
        Object[] row = {"active", webSocketUrl, subscription,
                "Subscription is valid: connect to the WebSocket and send a subscribe message with this id and sql"};
        List<Column> columns = List.of(new Column("status", "VARCHAR"), new Column("ws_url", "VARCHAR"),
                new Column("subscription", "JSON"), new Column("message", "VARCHAR"));
        return new SqlResult(columns, List.<Object[]>of(row), 1, Optional.empty(), principal.userName());
    }

    @Override
    public SqlResult kill(Principal principal, String liveId) {
        Subscription found = subscriptions.get(liveId);
        if (found == null) {
            // users may name their own subscription by the id they gave it
            found = subscriptions.values().stream().filter(s -> s.id().equals(liveId) && s.principal().userName().equals(principal.userName()))
                    .findFirst().orElse(null);
        }
        if (found == null || (!principal.isAdministrator() && !found.principal().userName().equals(principal.userName()))) {
            throw new TarnException(ErrorCode.LIVE_SUBSCRIPTION_NOT_FOUND, "No live query with id '" + liveId + "'");
        }
        found.fail(new TarnException(ErrorCode.LIVE_SUBSCRIPTION_FAILED, "The live query was ended by KILL LIVE QUERY"));
        remove(found);
        return new SqlResult(List.of(), List.of(), 0, Optional.of("Live query '" + found.liveId() + "' killed"), principal.userName());
    }

    @Override
    public List<Object[]> liveRows() {
        List<Object[]> rows = new ArrayList<>();
        for (Subscription s : subscriptions.values()) {
            rows.add(new Object[] {s.liveId(), String.valueOf(s.connectionId()), s.id(), s.query().namespace(), s.query().table(),
                    s.principal().userName(), s.query().sql(), s.options().describe(), s.loading() ? "loading" : "active",
                    LocalDateTime.ofInstant(s.createdAt(), ZoneOffset.UTC), LocalDateTime.ofInstant(s.lastUpdate(), ZoneOffset.UTC),
                    s.changes()});
        }
        return rows;
    }

    /** Options of SUBSCRIBE TO … OPTIONS (…), by their names in the contract. */
    public static SubscriptionOptions options(Map<String, Long> options) {
        for (String key : options.keySet()) {
            if (!Set.of("last_rows", "batch_size", "from_seq_id", "from").contains(key)) {
                throw new TarnException(ErrorCode.INVALID_FIELD, "Unknown subscription option " + key + "; use last_rows, batch_size or from_seq_id");
            }
        }
        Long from = options.containsKey("from") ? options.get("from") : options.get("from_seq_id");
        return new SubscriptionOptions(Math.toIntExact(options.getOrDefault("batch_size", (long) SubscriptionOptions.DEFAULT_BATCH_SIZE)),
                Math.toIntExact(options.getOrDefault("last_rows", 0L)), from == null ? OptionalLong.empty() : OptionalLong.of(from));
    }

    // --- internals

    /** Who may subscribe to the table at all; true when it is per-user (then only the user's own rows are delivered). */
    private boolean checkTable(Principal principal, LiveQuery query) {
        if (query.namespace().equalsIgnoreCase("system")) {
            if (!principal.isAdministrator()) {
                throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: only dba and system may subscribe to system tables");
            }
            throw new TarnException(ErrorCode.LIVE_UNSUPPORTED, "System tables do not change through the write path; query them instead");
        }
        return registry.find(query.namespace(), query.table()).map(RealtimeTable::type).map(type -> type.perUser()).orElse(false);
    }

    /**
     * Checks the query in the order that keeps the caller's text away from the server's own
     * session until the user may run it: the table exists and is versioned (no caller text), the
     * query runs as the user reading nothing (guard, access levels, per-user scoping), and only then
     * binds against the matcher's staging table. Returns the table's primary key.
     */
    private List<String> check(Principal principal, LiveQuery query, boolean perUser) {
        matcher.stage(query);
        initialRows.read(principal, query, "\"_seq\" > 0", "ORDER BY " + LiveQuery.quote(ChangeMatcher.SEQ_COLUMN), 0);
        return matcher.validate(query, perUser);
    }

    private void register(Subscription subscription, String tableKey) {
        synchronized (this) {
            if (subscriptions.containsKey(subscription.liveId())) {
                throw new TarnException(ErrorCode.LIVE_INVALID_SUBSCRIPTION_ID, "The subscription id '" + subscription.id()
                        + "' is already in use on this connection; unsubscribe it first or choose another");
            }
            long onConnection = subscriptions.values().stream().filter(s -> s.connectionId() == subscription.connectionId()).count();
            if (onConnection >= MAXIMUM_SUBSCRIPTIONS_PER_CONNECTION) {
                throw new TarnException(ErrorCode.LIVE_SUBSCRIPTION_LIMIT, "A connection holds at most "
                        + MAXIMUM_SUBSCRIPTIONS_PER_CONNECTION + " subscriptions");
            }
            String user = subscription.principal().userName();
            long ofUser = subscriptions.values().stream().filter(s -> s.principal().userName().equals(user)).count();
            if (ofUser >= perUserLimit) {
                throw new TarnException(ErrorCode.LIVE_SUBSCRIPTION_LIMIT, "A user holds at most " + perUserLimit
                        + " subscriptions (live.max_subscriptions_per_user)");
            }
            subscriptions.put(subscription.liveId(), subscription);
            Map<String, Group> groups = byTable.computeIfAbsent(tableKey, key -> new ConcurrentHashMap<>());
            groups.computeIfAbsent(groupKey(subscription.query()),
                    key -> new Group(subscription.query(), subscription.perUser(), ConcurrentHashMap.newKeySet())).members().add(subscription);
        }
    }

    private void remove(Subscription subscription) {
        subscription.close();
        synchronized (this) {
            subscriptions.remove(subscription.liveId(), subscription);
            String tableKey = tableKey(subscription.query());
            Map<String, Group> groups = byTable.get(tableKey);
            if (groups != null) {
                Group group = groups.get(groupKey(subscription.query()));
                if (group != null) {
                    group.members().remove(subscription);
                    if (group.members().isEmpty()) {
                        groups.remove(groupKey(subscription.query()));
                    }
                }
                if (groups.isEmpty()) {
                    byTable.remove(tableKey);
                }
            }
        }
    }

    private void sendFirstBatch(Subscription subscription) {
        SubscriptionOptions options = subscription.options();
        if (options.from().isEmpty() && options.lastRows() > 0) {
            InitialRows.Batch batch = initialRows.read(subscription.principal(), subscription.query(), "\"_seq\" > 0",
                    "ORDER BY " + LiveQuery.quote(ChangeMatcher.SEQ_COLUMN) + " DESC", options.lastRows());
            markReadEnd(subscription);
            List<Map<String, Object>> rows = new ArrayList<>(batch.rows().reversed());
            List<Long> versions = new ArrayList<>(batch.versions().reversed());
            batch = new InitialRows.Batch(batch.columns(), rows.size() > options.lastRows() ? rows.subList(1, rows.size()) : rows,
                    versions.size() > options.lastRows() ? versions.subList(1, versions.size()) : versions);
            subscription.schema(batch.columns());
            subscription.shown(batch.versions());
            LiveEvent.BatchControl control = new LiveEvent.BatchControl(subscription.nextBatchNumber(), false, "ready", lastSeq(subscription));
            subscription.sendInitial(new LiveEvent.Acknowledged(subscription.id(), batch.columns(), control));
            subscription.sendInitial(new LiveEvent.InitialBatch(subscription.id(), batch.rows(), control));
            subscription.loaded(caughtUp(subscription));
            return;
        }
        sendBatch(subscription, subscription.lastSeq(), true);
    }

    private void sendBatch(Subscription subscription, long after, boolean first) {
        int size = subscription.options().batchSize();
        InitialRows.Batch batch = initialRows.read(subscription.principal(), subscription.query(), "\"_seq\" > " + after,
                "ORDER BY " + LiveQuery.quote(ChangeMatcher.SEQ_COLUMN), size);
        markReadEnd(subscription);
        boolean hasMore = batch.rows().size() > size;
        List<Map<String, Object>> rows = hasMore ? batch.rows().subList(0, size) : batch.rows();
        List<Long> versions = hasMore ? batch.versions().subList(0, size) : batch.versions();
        subscription.shown(versions);
        int number = subscription.nextBatchNumber();
        String status = hasMore ? (number == 0 ? "loading" : "loading_batch") : "ready";
        LiveEvent.BatchControl control = new LiveEvent.BatchControl(number, hasMore, status, lastSeq(subscription));
        if (first) {
            subscription.schema(batch.columns());
            subscription.sendInitial(new LiveEvent.Acknowledged(subscription.id(), batch.columns(), control));
        }
        subscription.sendInitial(new LiveEvent.InitialBatch(subscription.id(), rows, control));
        if (!hasMore) {
            subscription.loaded(caughtUp(subscription));
        }
    }

    /**
     * The number of the last change published before a read of initial data begins: taken while no
     * commit is being published, so every change up to it committed before the read, which shows it.
     */
    private long markReadStart(Subscription subscription) {
        long number = writes.inCommitOrder(published::get);
        subscription.readingAfter(number);
        return number;
    }

    /** Whether every queued change published before the subscription's last read has been dispatched (so none of them is still to come). */
    private boolean caughtUp(Subscription subscription) {
        long queued = queuedThrough;
        return queue.isEmpty() && dispatchedThrough >= Math.min(queued, subscription.lastReadMarker());
    }

    private void markReadEnd(Subscription subscription) {
        subscription.readBefore(writes.inCommitOrder(published::get));
    }

    private static OptionalLong lastSeq(Subscription subscription) {
        long seq = subscription.lastSeq();
        return seq > 0 ? OptionalLong.of(seq) : OptionalLong.empty();
    }

    private void dispatch() {
        while (running) {
            Published next;
            try {
                next = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) {
                continue;
            }
            try {
                dispatch(next.number(), next.change());
            } catch (RuntimeException e) {
                LOG.warn("event=live_dispatch_failed table={} message=\"{}\"", next.change().table(), e.getMessage(), e);
                failTable(next.change().table().key(), "The change could not be matched: " + e.getMessage(), Long.MAX_VALUE);
            } finally {
                // only once delivered: a subscription ending its load must not think this change is behind it
                dispatchedThrough = next.number();
            }
        }
    }

    private void dispatch(long number, Change change) {
        Map<String, Group> groups = byTable.get(change.table().key());
        if (groups == null || groups.isEmpty()) {
            return;
        }
        if (change.operation() == Change.Operation.CREATE || change.operation() == Change.Operation.REPLACE) {
            matcher.forget(change.table().schema(), change.table().table());
            failTable(change.table().key(), "The table was replaced; subscribe again", number);
            return;
        }
        if (!change.imagesComplete()) {
            if (change.rowCount() > 0) {
                failTable(change.table().key(), "Too many changes at once to follow; subscribe again", number);
            }
            return;
        }
        if (change.rows().isEmpty() && change.oldRows().isEmpty()) {
            return;
        }
        Map<String, LiveQuery> queries = new LinkedHashMap<>();
        boolean perUser = false;
        for (Map.Entry<String, Group> entry : groups.entrySet()) {
            queries.put(entry.getKey(), entry.getValue().query());
            perUser = entry.getValue().perUser();
        }
        Map<String, Object> results = matcher.match(change, queries, perUser);
        List<String> primaryKey = primaryKeys.getOrDefault(change.table().key(), List.of());
        for (Map.Entry<String, Group> entry : groups.entrySet()) {
            Object result = results.get(entry.getKey());
            if (result instanceof TarnException error) {
                failAll(entry.getValue().members(), error);
                continue;
            }
            if (result instanceof Map<?, ?> byOwner) {
                // the query failed on the change as a whole and was run per owner: each user hears of its own rows only
                for (Subscription subscription : List.copyOf(entry.getValue().members())) {
                    Object own = byOwner.get(subscription.principal().userName());
                    if (own instanceof TarnException error) {
                        failAll(List.of(subscription), error);
                    } else if (own instanceof List<?> matches) {
                        @SuppressWarnings("unchecked")
                        List<RowChanges.OwnedChange> owned = RowChanges.of(change, (List<ChangeMatcher.Match>) matches, primaryKey);
                        subscription.deliver(number, owned.stream().map(RowChanges.OwnedChange::change).toList());
                    }
                }
                continue;
            }
            if (!(result instanceof List<?> matches)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<RowChanges.OwnedChange> owned = RowChanges.of(change, (List<ChangeMatcher.Match>) matches, primaryKey);
            for (Subscription subscription : entry.getValue().members()) {
                List<RowChange> share = new ArrayList<>(owned.size());
                for (RowChanges.OwnedChange candidate : owned) {
                    if (!subscription.perUser() || candidate.owner().equals(subscription.principal().userName())) {
                        share.add(candidate.change());
                    }
                }
                subscription.deliver(number, share);
            }
        }
    }

    private void failAll(java.util.Collection<Subscription> members, TarnException error) {
        for (Subscription subscription : List.copyOf(members)) {
            subscription.fail(new TarnException(ErrorCode.LIVE_SUBSCRIPTION_FAILED, "The subscription query failed on a change: " + error.getMessage()));
            remove(subscription);
        }
    }

    /**
     * Fails the table's subscriptions that cannot follow change number {@code number}: those whose
     * first read began before it committed (a subscription whose snapshot was read after it already shows it).
     */
    private void failTable(String tableKey, String message, long number) {
        Map<String, Group> groups = byTable.get(tableKey);
        if (groups == null) {
            return;
        }
        for (Group group : List.copyOf(groups.values())) {
            for (Subscription subscription : List.copyOf(group.members())) {
                if (number <= subscription.readFrom()) {
                    continue;
                }
                subscription.fail(new TarnException(ErrorCode.LIVE_SUBSCRIPTION_FAILED, message));
                remove(subscription);
            }
        }
    }

    static String groupKey(LiveQuery query) {
        return query.alias() + "\u0000" + query.projection() + "\u0000" + query.predicate().orElse("");
    }

    private static String tableKey(LiveQuery query) {
        return (Engine.DEFAULT_CATALOG + "." + query.namespace() + "." + query.table()).toLowerCase(Locale.ROOT);
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        running = false;
        dispatcher.interrupt();
        try {
            dispatcher.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        matcher.close();
    }
}
