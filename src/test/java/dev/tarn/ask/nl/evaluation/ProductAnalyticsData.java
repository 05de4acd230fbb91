package dev.tarn.ask.nl.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generates the product-analytics evaluation database for the question-to-SQL engine: a DuckDB
 * file with the tables plans, users, orders and events (about five million rows, events the
 * bulk), the same bytes of data on every run.
 *
 *   java --enable-native-access=ALL-UNNAMED -cp duckdb_jdbc.jar src/test/java/dev/tarn/ask/nl/evaluation/ProductAnalyticsData.java OUTPUT.duckdb [--users N] [--activity-events N]
 *
 * The evaluation clock is fixed at 2026-11-21T12:00:00Z (a Saturday). Every timestamp is UTC,
 * stored as TIMESTAMP without time zone, from 2023-01-01 up to the clock: "today" and "yesterday"
 * have rows, nothing lies in the future. The gold SQL of src/test/resources/dev/tarn/ask/nl/product-analytics-questions.jsonl
 * resolves every relative date ("last 30 days", "this month", "last quarter") against this clock
 * as literal timestamps, so its results never drift; an engine under evaluation is given the same
 * clock. The calendar rules are written down in bench/README.md.
 *
 * Randomness comes from DuckDB's hash() of a row number and a salt, never from random(), so the
 * data does not depend on the seed state, the thread count or the order in which threads finish;
 * every id is a row number over a total order. The generation runs inside DuckDB (range, hash,
 * list indexing) because a row-at-a-time Java loop would take minutes for five million rows.
 */
public final class ProductAnalyticsData {
    /** The clock the questions are asked at; also the end of the generated history. */
    public static final String CLOCK = "2026-11-21 12:00:00";
    static final String HISTORY_START = "2023-01-01 00:00:00";
    /** Changes every value that depends on hash(); bump it only on purpose (the gold results change). */
    static final String SEED = "tarn-product-analytics-1";

    private static final int DEFAULT_USERS = 250_000;
    private static final int DEFAULT_ACTIVITY_EVENTS = 4_200_000;

    // Weighted choices, as value and weight in percent; each list is expanded to 100 slots and
    // indexed by a hash, which is how a skewed distribution stays deterministic in plain SQL.
    private static final String[][] COUNTRIES = {
            {"United States", "30"}, {"United Kingdom", "10"}, {"Germany", "10"}, {"France", "8"},
            {"Canada", "7"}, {"India", "7"}, {"Brazil", "6"}, {"Australia", "5"}, {"Spain", "4"},
            {"Netherlands", "4"}, {"Japan", "3"}, {"Mexico", "3"}, {"Sweden", "3"}};
    private static final String[][] PLAN_SHARES = {{"1", "55"}, {"2", "25"}, {"3", "15"}, {"4", "5"}};
    private static final String[][] ACQUISITION_CHANNELS = {
            {"organic", "40"}, {"paid_search", "20"}, {"referral", "15"}, {"social", "15"}, {"email", "10"}};
    private static final String[][] DEVICES = {{"desktop", "55"}, {"mobile", "38"}, {"tablet", "7"}};
    private static final String[][] ACTIVITY_EVENT_NAMES = {
            {"page_view", "45"}, {"login", "15"}, {"search", "12"}, {"feature_used", "12"},
            {"logout", "7"}, {"add_to_cart", "6"}, {"invite_sent", "3"}};
    private static final String[][] PAGE_PATHS = {
            {"/home", "30"}, {"/dashboard", "25"}, {"/docs", "15"}, {"/pricing", "12"}, {"/settings", "8"},
            {"/blog", "7"}, {"/checkout", "3"}};
    private static final String[][] ORDER_STATUSES = {{"paid", "85"}, {"failed", "6"}, {"refunded", "5"}, {"pending", "4"}};
    private static final String[][] PAYMENT_METHODS = {{"card", "70"}, {"paypal", "15"}, {"bank_transfer", "10"}, {"invoice", "5"}};
    private static final String[] FIRST_NAMES = {
            "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "Lucas", "Mia", "Mateo", "Amelia", "Leo",
            "Harper", "Hugo", "Chloe", "Arjun", "Priya", "Yuki", "Hana", "Lars", "Ingrid", "Camille", "Louis",
            "Sofia", "Diego", "Lena", "Jonas", "Aisha", "Omar", "Grace", "Ethan", "Isabel", "Felix", "Nora",
            "Rafael", "Julia", "Marta", "Sven", "Maya", "Kenji"};
    private static final String[] LAST_NAMES = {
            "Smith", "Johnson", "Brown", "Garcia", "Miller", "Davis", "Martin", "Bernard", "Dubois", "Muller",
            "Schmidt", "Fischer", "Rossi", "Silva", "Santos", "Oliveira", "Patel", "Sharma", "Tanaka", "Suzuki",
            "Andersson", "Johansson", "Jansen", "de Vries", "Lopez", "Hernandez", "Wilson", "Taylor", "Clark",
            "Walker", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell"};
    private static final String[] EMAIL_DOMAINS = {"gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com", "company.io"};

    public static void main(String[] arguments) throws Exception {
        if (arguments.length < 1 || arguments[0].startsWith("--")) {
            System.err.println("usage: ProductAnalyticsData OUTPUT.duckdb [--users N] [--activity-events N]");
            System.exit(2);
        }
        Path output = Path.of(arguments[0]).toAbsolutePath();
        int users = DEFAULT_USERS;
        int activityEvents = DEFAULT_ACTIVITY_EVENTS;
        for (int index = 1; index + 1 < arguments.length; index += 2) {
            switch (arguments[index]) {
                case "--users" -> users = Integer.parseInt(arguments[index + 1]);
                case "--activity-events" -> activityEvents = Integer.parseInt(arguments[index + 1]);
                default -> {
                    System.err.println("unknown option " + arguments[index]);
                    System.exit(2);
                }
            }
        }
        // A half-written file from an earlier run must not be mistaken for a finished one.
        Files.deleteIfExists(output);
        Files.deleteIfExists(Path.of(output + ".wal"));
        Files.createDirectories(output.getParent());

        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + output);
             Statement statement = connection.createStatement()) {
            // No extension may be fetched from the network here, and a failed download stalls.
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
            for (String sql : generationStatements(users, activityEvents)) {
                long statementStarted = System.nanoTime();
                statement.execute(sql);
                String firstLine = sql.strip().lines().findFirst().orElse("");
                if (firstLine.startsWith("INSERT")) {
                    System.out.printf(Locale.ROOT, "%-48s %6.1f s%n", firstLine, seconds(statementStarted));
                }
            }
            statement.execute("CHECKPOINT");
            printSummary(statement, output, started);
        }
    }

    /**
     * Fills an open, empty DuckDB database with a copy of the data of the given size: the precision
     * test's small copy and the benchmark's full one come from the same statements.
     */
    public static void generate(Connection connection, int users, int activityEvents) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
            for (String sql : generationStatements(users, activityEvents)) statement.execute(sql);
        }
    }

    static List<String> generationStatements(int users, int activityEvents) {
        List<String> statements = new ArrayList<>();
        // unit(key, salt) is a uniform number in [0, 1) that depends only on its arguments.
        statements.add("CREATE TEMP MACRO unit(key, salt) AS (hash(key, salt || '" + SEED + "') % 1000000) / 1000000.0");
        statements.add("CREATE TEMP MACRO pick(choices, key, salt) AS choices[1 + (hash(key, salt || '" + SEED + "') % len(choices))::BIGINT]");
        statements.add("CREATE TEMP MACRO clock() AS TIMESTAMP '" + CLOCK + "'");
        statements.add("CREATE TEMP MACRO history_start() AS TIMESTAMP '" + HISTORY_START + "'");
        // A point uniformly between a start and the clock, in whole seconds.
        statements.add("CREATE TEMP MACRO between_then_and_clock(start_at, fraction) AS "
                + "start_at + to_seconds(floor(fraction * (epoch(clock()) - epoch(start_at)))::BIGINT)");

        statements.add("""
                CREATE TABLE plans (
                    id INTEGER PRIMARY KEY,
                    name VARCHAR NOT NULL UNIQUE,
                    monthly_price DECIMAL(10, 2) NOT NULL,
                    annual_price DECIMAL(10, 2) NOT NULL,
                    seat_limit INTEGER,
                    created_at TIMESTAMP NOT NULL
                )""");
        statements.add("""
                CREATE TABLE users (
                    id BIGINT PRIMARY KEY,
                    name VARCHAR NOT NULL,
                    email VARCHAR NOT NULL,
                    country VARCHAR NOT NULL,
                    plan_id INTEGER NOT NULL REFERENCES plans (id),
                    signed_up_at TIMESTAMP NOT NULL,
                    is_active BOOLEAN NOT NULL,
                    acquisition_channel VARCHAR NOT NULL
                )""");
        statements.add("""
                CREATE TABLE orders (
                    id BIGINT PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users (id),
                    amount DECIMAL(12, 2) NOT NULL,
                    currency VARCHAR NOT NULL,
                    status VARCHAR NOT NULL,
                    payment_method VARCHAR NOT NULL,
                    created_at TIMESTAMP NOT NULL
                )""");
        // No declared foreign key on events.user_id, as in most event pipelines: the engine has to
        // follow the key path by the column's name.
        statements.add("""
                CREATE TABLE events (
                    id BIGINT PRIMARY KEY,
                    user_id BIGINT NOT NULL,
                    name VARCHAR NOT NULL,
                    occurred_at TIMESTAMP NOT NULL,
                    device VARCHAR NOT NULL,
                    country VARCHAR NOT NULL,
                    page_path VARCHAR
                )""");

        statements.add("""
                INSERT INTO plans VALUES
                    (1, 'free', 0.00, 0.00, 1, TIMESTAMP '2022-06-01 00:00:00'),
                    (2, 'starter', 19.00, 190.00, 3, TIMESTAMP '2022-06-01 00:00:00'),
                    (3, 'pro', 49.00, 490.00, 20, TIMESTAMP '2022-06-01 00:00:00'),
                    (4, 'enterprise', 199.00, 1990.00, NULL, TIMESTAMP '2023-03-15 00:00:00')""");

        // Signups grow over time: the square root of a uniform number puts density proportional
        // to elapsed time, so month over month growth is mostly positive, as in a growing product.
        // Ids follow signup order, as an auto-increment key would; the activity below relies on it.
        // Newer users are more often active.
        statements.add("""
                INSERT INTO users
                SELECT id,
                       first_name || ' ' || last_name,
                       lower(replace(first_name, ' ', '')) || '.' || lower(replace(last_name, ' ', '')) || id || '@' || email_domain,
                       country, plan_id, signed_up_at,
                       unit(user_key, 'active') < 0.45 + 0.45 * recency,
                       acquisition_channel
                FROM (
                    SELECT row_number() OVER (ORDER BY signed_up_at, user_key) AS id, *
                    FROM (
                        SELECT user_key,
                               pick(%s, user_key, 'first_name') AS first_name,
                               pick(%s, user_key, 'last_name') AS last_name,
                               pick(%s, user_key, 'email_domain') AS email_domain,
                               pick(%s, user_key, 'country') AS country,
                               pick(%s, user_key, 'plan')::INTEGER AS plan_id,
                               sqrt(unit(user_key, 'signup')) AS recency,
                               between_then_and_clock(history_start(), recency) AS signed_up_at,
                               pick(%s, user_key, 'channel') AS acquisition_channel
                        FROM (SELECT range AS user_key FROM range(%d))
                    )
                )""".formatted(list(FIRST_NAMES), list(LAST_NAMES), list(EMAIL_DOMAINS), weighted(COUNTRIES),
                weighted(PLAN_SHARES), weighted(ACQUISITION_CHANNELS), users));

        // A user orders at a rate set by the plan (renewals, extra seats; free users buy the odd
        // add-on) over the months since signing up, so order volume follows the user base instead
        // of piling up near the clock. Seats, annual billing, discounts and prorated upgrades make
        // amounts vary. Amounts are in US dollars whatever the billing currency, so revenue sums
        // are meaningful.
        statements.add("""
                INSERT INTO orders
                SELECT row_number() OVER (ORDER BY created_at, user_id, order_number),
                       user_id, amount, currency, status, payment_method, created_at
                FROM (
                    SELECT user_id, order_number, created_at,
                           CASE WHEN plan_id = 1 THEN round(5 + 45 * unit(order_key, 'addon'), 2)
                                ELSE round(monthly_price * (1 + floor(5 * unit(order_key, 'seats')))
                                     * (CASE WHEN unit(order_key, 'annual') < 0.2 THEN 10 ELSE 1 END)
                                     * (CASE WHEN unit(order_key, 'discount') < 0.15 THEN 0.9 ELSE 1 END)
                                     * (CASE WHEN unit(order_key, 'prorated') < 0.25 THEN 0.1 + 0.9 * unit(order_key, 'prorated_share') ELSE 1 END), 2)
                           END::DECIMAL(12, 2) AS amount,
                           CASE WHEN country IN ('Germany', 'France', 'Spain', 'Netherlands') THEN 'EUR'
                                WHEN country = 'United Kingdom' THEN 'GBP'
                                WHEN country = 'Sweden' THEN 'SEK'
                                ELSE 'USD' END AS currency,
                           pick(%s, order_key, 'status') AS status,
                           pick(%s, order_key, 'payment') AS payment_method
                    FROM (
                        SELECT user_id, plan_id, monthly_price, country, order_number,
                               user_id * 1000 + order_number AS order_key,
                               between_then_and_clock(signed_up_at, unit(user_id * 1000 + order_number, 'ordered')) AS created_at
                        FROM (
                            SELECT users.id AS user_id, users.plan_id, plans.monthly_price, users.country, users.signed_up_at,
                                   unnest(range(floor(2 * unit(users.id, 'order_count')
                                       * CASE users.plan_id WHEN 1 THEN 0.02 WHEN 2 THEN 0.2 WHEN 3 THEN 0.3 ELSE 0.4 END
                                       * (epoch(clock()) - epoch(users.signed_up_at)) / (30.4 * 86400))::BIGINT)) AS order_number
                            FROM users JOIN plans ON plans.id = users.plan_id
                        )
                    )
                )""".formatted(weighted(ORDER_STATUSES), weighted(PAYMENT_METHODS)));

        // Events: one signup per user at signed_up_at, one purchase per paid order at its time, and
        // activity. An activity event first gets its time, with density growing as the square of
        // elapsed time like the number of users signed up by then, and then a user among those
        // signed up by that time (ids follow signup order; greatest() covers the sampling noise at
        // the edge). So every user is about equally busy per day, old or new. Users mostly act
        // from their own country; a few events come from elsewhere (travel, VPNs).
        statements.add("""
                INSERT INTO events
                SELECT row_number() OVER (ORDER BY occurred_at, user_id, source, source_key),
                       user_id, name, occurred_at,
                       pick(%s, source * 10000000000 + source_key, 'device'),
                       CASE WHEN unit(source * 10000000000 + source_key, 'abroad') < 0.05
                            THEN pick(%s, source * 10000000000 + source_key, 'event_country') ELSE country END,
                       page_path
                FROM (
                    SELECT 1 AS source, id AS source_key, id AS user_id, 'signup' AS name, signed_up_at AS occurred_at,
                           country, '/signup' AS page_path
                    FROM users
                    UNION ALL
                    SELECT 2, orders.id, orders.user_id, 'purchase', orders.created_at, users.country, '/checkout'
                    FROM orders JOIN users ON users.id = orders.user_id
                    WHERE orders.status = 'paid'
                    UNION ALL
                    SELECT 3, activity.key, users.id, activity.name,
                           greatest(activity.candidate_at, users.signed_up_at),
                           users.country,
                           CASE WHEN activity.name = 'page_view' THEN pick(%s, activity.key, 'page') END
                    FROM (
                        SELECT key, name, between_then_and_clock(history_start(), elapsed) AS candidate_at,
                               1 + least(floor(unit(key, 'who') * %d * elapsed * elapsed)::BIGINT, %d - 1) AS user_id
                        FROM (
                            SELECT range AS key, pick(%s, range, 'event_name') AS name,
                                   pow(unit(range, 'when'), 1.0 / 3) AS elapsed
                            FROM range(%d)
                        )
                    ) AS activity
                    JOIN users ON users.id = activity.user_id
                )""".formatted(weighted(DEVICES), weighted(COUNTRIES), weighted(PAGE_PATHS), users, users,
                weighted(ACTIVITY_EVENT_NAMES), activityEvents));

        statements.addAll(comments());
        return statements;
    }

    /** Descriptions for the engine's metadata: what a column means where its name does not say. */
    static List<String> comments() {
        return List.of(
                "COMMENT ON TABLE plans IS 'Subscription plans a user can be on: free, starter, pro and enterprise'",
                "COMMENT ON COLUMN plans.name IS 'Plan name: free, starter, pro or enterprise'",
                "COMMENT ON COLUMN plans.monthly_price IS 'Price per seat per month in US dollars'",
                "COMMENT ON COLUMN plans.annual_price IS 'Price per seat for a year paid up front, in US dollars'",
                "COMMENT ON COLUMN plans.seat_limit IS 'Most seats a workspace on this plan may have; NULL means unlimited'",
                "COMMENT ON TABLE users IS 'People who signed up for the product, one row per account'",
                "COMMENT ON COLUMN users.country IS 'Country the user signed up from'",
                "COMMENT ON COLUMN users.plan_id IS 'The plan the user is on now (plans.id)'",
                "COMMENT ON COLUMN users.signed_up_at IS 'When the account was created (UTC)'",
                "COMMENT ON COLUMN users.is_active IS 'True when the user used the product in the last 30 days'",
                "COMMENT ON COLUMN users.acquisition_channel IS 'How the user found us: organic, paid_search, referral, social or email'",
                "COMMENT ON TABLE orders IS 'Payments for subscriptions, seats and add-ons; revenue is the sum of amount'",
                "COMMENT ON COLUMN orders.user_id IS 'The user who placed the order (users.id)'",
                "COMMENT ON COLUMN orders.amount IS 'Order total in US dollars, converted from the billing currency'",
                "COMMENT ON COLUMN orders.currency IS 'Currency the customer was billed in: USD, EUR, GBP or SEK'",
                "COMMENT ON COLUMN orders.status IS 'paid, pending, failed or refunded'",
                "COMMENT ON COLUMN orders.created_at IS 'When the order was placed (UTC)'",
                "COMMENT ON TABLE events IS 'Product analytics events tracked in the app and on the website'",
                "COMMENT ON COLUMN events.user_id IS 'The user who did it (users.id)'",
                "COMMENT ON COLUMN events.name IS 'Event name: page_view, signup, login, logout, search, feature_used, add_to_cart, invite_sent or purchase'",
                "COMMENT ON COLUMN events.occurred_at IS 'When the event happened (UTC)'",
                "COMMENT ON COLUMN events.device IS 'desktop, mobile or tablet'",
                "COMMENT ON COLUMN events.country IS 'Country the event came from (by IP address), not always the user''s own'",
                "COMMENT ON COLUMN events.page_path IS 'Path of the page for page_view, signup and purchase events, NULL otherwise'");
    }

    private static String list(String[] values) {
        StringBuilder sql = new StringBuilder("[");
        for (String value : values) {
            sql.append(sql.length() > 1 ? ", " : "").append(quote(value));
        }
        return sql.append("]").toString();
    }

    /** A 100-slot SQL list in which each value appears as many times as its weight in percent. */
    private static String weighted(String[][] valuesAndWeights) {
        List<String> slots = new ArrayList<>();
        for (String[] valueAndWeight : valuesAndWeights) {
            for (int copy = 0; copy < Integer.parseInt(valueAndWeight[1]); copy++) {
                slots.add(valueAndWeight[0]);
            }
        }
        if (slots.size() != 100) {
            throw new IllegalStateException("weights must add up to 100, not " + slots.size() + ": " + valuesAndWeights[0][0]);
        }
        return list(slots.toArray(String[]::new));
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static void printSummary(Statement statement, Path output, long started) throws SQLException {
        long total = 0;
        for (String table : List.of("plans", "users", "orders", "events")) {
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
                rows.next();
                long count = rows.getLong(1);
                total += count;
                System.out.printf(Locale.ROOT, "%-8s %,12d rows%n", table, count);
            }
        }
        System.out.printf(Locale.ROOT, "total    %,12d rows in %s, generated in %.1f s (clock %sZ)%n",
                total, output, seconds(started), CLOCK.replace(' ', 'T'));
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
