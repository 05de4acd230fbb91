package dev.tarn;

import dev.tarn.access.StatementGuard;
import dev.tarn.ask.question.AskHistory;
import dev.tarn.ask.question.AskService;
import dev.tarn.ask.question.SynonymStore;
import dev.tarn.ask.question.TrainingStore;
import dev.tarn.ask.session.AskRunner;
import dev.tarn.ask.session.AskSessions;
import dev.tarn.ask.session.AskUsage;
import dev.tarn.http.ask.AskApi;
import dev.tarn.http.asktable.SingleTurnApi;
import dev.tarn.http.asktable.SynonymsApi;
import dev.tarn.http.asktable.TrainingApi;
import dev.tarn.ask.keys.AdministratorLogin;
import dev.tarn.ask.keys.AskCredentials;
import dev.tarn.ask.keys.KeyService;
import dev.tarn.ask.keys.KeyStore;
import dev.tarn.ask.keys.TemporaryTokens;
import dev.tarn.ask.policy.AskPolicies;
import dev.tarn.ask.policy.PolicyStore;
import dev.tarn.http.asktable.AccessApi;
import dev.tarn.http.asktable.AskTableRoutes;
import dev.tarn.http.asktable.KeysApi;
import dev.tarn.auth.Authenticator;
import dev.tarn.auth.JwtSecret;
import dev.tarn.auth.LoginService;
import dev.tarn.auth.LoginThrottle;
import dev.tarn.auth.SetupService;
import dev.tarn.auth.TokenLedger;
import dev.tarn.auth.PasswordHasher;
import dev.tarn.auth.RootAccount;
import dev.tarn.auth.UserAdministration;
import dev.tarn.auth.UserStore;
import dev.tarn.config.TarnConfig;
import dev.tarn.engine.Engine;
import dev.tarn.engine.SystemDatabase;
import dev.tarn.http.Route;
import dev.tarn.http.WebServer;
import dev.tarn.http.lakehouse.LakehouseApi;
import dev.tarn.http.lakehouse.QueryHandler;
import dev.tarn.http.lakehouse.QueryLogHandler;
import dev.tarn.http.lakehouse.StatementHandlers;
import dev.tarn.http.lakehouse.UploadHandler;
import dev.tarn.http.lakehouse.AppendHandler;
import dev.tarn.auth.TokenService;
import dev.tarn.files.FileStore;
import dev.tarn.http.realtime.AuthApi;
import dev.tarn.http.realtime.FilesApi;
import dev.tarn.http.realtime.HealthApi;
import dev.tarn.http.realtime.LiveSocket;
import dev.tarn.live.LiveQueries;
import dev.tarn.http.realtime.RealtimeApi;
import dev.tarn.http.realtime.SqlHandler;
import dev.tarn.http.realtime.TopicsApi;
import dev.tarn.topics.TopicService;
import dev.tarn.realtime.DialectRowVersions;
import dev.tarn.realtime.RealtimeSqlService;
import dev.tarn.access.CachedRowScope;
import dev.tarn.access.RowScope;
import dev.tarn.access.RowScopeRewriter;
import dev.tarn.engine.SyntaxTrees;
import dev.tarn.realtime.PerUserTables;
import dev.tarn.realtime.StreamExpiry;
import dev.tarn.realtime.TableRegistry;
import dev.tarn.ingest.AppendService;
import dev.tarn.ingest.TaskIds;
import dev.tarn.ingest.UploadService;
import dev.tarn.writes.ReadYourWrites;
import dev.tarn.writes.WritePath;
import dev.tarn.query.Autocomplete;
import dev.tarn.query.QueryLog;
import dev.tarn.query.QueryService;
import dev.tarn.ask.datasource.DatasourceStore;
import dev.tarn.ask.datasource.Datasources;
import dev.tarn.engine.external.ExternalDatabases;
import dev.tarn.engine.external.LocalCatalogs;
import dev.tarn.http.asktable.DatasourcesApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The composition root: builds every component by constructor, starts and stops them in order. */
public final class Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final TarnConfig config;
    private final Engine engine;
    private final SystemDatabase systemDatabase;
    private final QueryLog queryLog;
    private final AppendService appends;
    private final StreamExpiry streamExpiry;
    private final LiveQueries liveQueries;
    private final LiveSocket liveSocket;
    private final SystemDatabase topicDatabase;
    private final TopicService topics;
    private final WebServer web;
    private final SystemDatabase datasourceDatabase;
    private final ExternalDatabases externalDatabases;
    private final LocalCatalogs localCatalogs;
    private final Datasources datasources;
    private final AskApi askApi;
    private boolean stopped;

    private Server(TarnConfig config, PrintStream console) {
        this.config = config;
        this.engine = Engine.open(config.dataDirectory(), config.engine());
        this.systemDatabase = SystemDatabase.open(config.dataDirectory());
        PasswordHasher hasher = new PasswordHasher(config.bcryptCost(), !config.auth().disableCommonPasswordCheck());
        UserStore users = new UserStore(systemDatabase, hasher);
        RootAccount.ensure(users, config.rootPassword(), config.waitForSetup(), console);
        Authenticator authenticator = new Authenticator(users, hasher);
        this.queryLog = new QueryLog(config.query().logSize());
        WritePath writes = new WritePath(engine);
        ReadYourWrites readYourWrites = new ReadYourWrites();
        TableRegistry realtimeTables = new TableRegistry(systemDatabase);
        RowScopeRewriter rowScopeRewriter = new RowScopeRewriter(new SyntaxTrees(engine));
        PerUserTables perUserTables = new PerUserTables(realtimeTables);
        // the rewrite parses every statement twice; while no per-user table exists, none can need it
        RowScope rowScope = new CachedRowScope((statement, user, schema) -> perUserTables.any()
                ? rowScopeRewriter.rewrite(statement, user, schema, perUserTables) : statement, realtimeTables::version, 10_000);
        QueryService queries = new QueryService(engine, queryLog, new StatementGuard(), new UserAdministration(users),
                new Autocomplete(engine), readYourWrites, rowScope, writes, new DialectRowVersions(realtimeTables));
        TaskIds taskIds = TaskIds.load(AppendService.directory(engine));
        UploadService uploads = new UploadService(engine, writes, readYourWrites, taskIds, perUserTables, new DialectRowVersions(realtimeTables));
        this.appends = AppendService.open(engine, writes, readYourWrites, queryLog, config.ingest(), taskIds, perUserTables);

        JwtSecret jwtSecret = JwtSecret.load(config.dataDirectory(), config.auth().jwtSecret());
        TokenService tokens = new TokenService(jwtSecret,
                config.auth().accessTokenLifetime(), users, new TokenLedger(systemDatabase, Clock.systemUTC()), Clock.systemUTC());
        LoginThrottle loginThrottle = new LoginThrottle(config.auth().lockoutAttempts(),
                Duration.ofMinutes(config.auth().lockoutMinutes()), Clock.systemUTC());
        this.streamExpiry = new StreamExpiry(realtimeTables, writes, Duration.ofSeconds(1));
        this.topicDatabase = SystemDatabase.open(config.dataDirectory(), "topics.duckdb");
        this.topics = new TopicService(engine, topicDatabase, writes, perUserTables, config.topics(), Clock.systemUTC());
        RealtimeSqlService realtimeSql = new RealtimeSqlService(engine, realtimeTables, new UserAdministration(users), users,
                new StatementGuard(), rowScope, readYourWrites, writes, topics);
        this.liveQueries = new LiveQueries(engine, realtimeSql, writes, realtimeTables, config.liveSubscriptionsPerUser());
        realtimeSql.attachLiveQueries(liveQueries);
        writes.subscribe(liveQueries);

        List<Route> routes = new ArrayList<>();
        routes.addAll(new LakehouseApi(authenticator,
                new QueryHandler(queries, config.query()),
                new QueryLogHandler(queryLog),
                new StatementHandlers(queries, config.query()),
                new UploadHandler(uploads),
                new AppendHandler(appends, config.ingest())).routes());
        FileStore fileStore = new FileStore(config.dataDirectory().resolve("files"));
        routes.addAll(new RealtimeApi(new SqlHandler(realtimeSql, tokens, config.realtimeRequestsPerSecond(), realtimeTables, fileStore)).routes());
        routes.addAll(new TopicsApi(tokens, topics).routes());
        routes.addAll(new FilesApi(tokens, realtimeTables, fileStore).routes());
        routes.addAll(new AuthApi(config.auth(), new LoginService(users, hasher, tokens, loginThrottle), new SetupService(users, hasher), tokens).routes());
        routes.addAll(new HealthApi().routes());
        // AskTable API keys, temporary tokens and Ask API keys; askCredentials authenticates every AskTable and Ask route
        KeyStore askKeys = new KeyStore(systemDatabase, Clock.systemUTC());
        TemporaryTokens askTokens = new TemporaryTokens(jwtSecret, askKeys, Clock.systemUTC());
        AskCredentials askCredentials = new AskCredentials(askKeys, askTokens, new AdministratorLogin(authenticator));
        AskTableRoutes askTableRoutes = new AskTableRoutes(askCredentials);
        routes.addAll(new KeysApi(askTableRoutes, new KeyService(askKeys), askTokens).routes());

        // AskTable datasources, their metadata and value indexes
        this.datasourceDatabase = SystemDatabase.open(config.dataDirectory(), "datasources.duckdb");
        this.externalDatabases = new ExternalDatabases(config.datasources().statementTimeout(), config.datasources().connectTimeout());
        this.localCatalogs = new LocalCatalogs(engine, config.datasources().statementTimeout());
        this.datasources = new Datasources(new DatasourceStore(datasourceDatabase), externalDatabases, localCatalogs,
                config.dataDirectory().toAbsolutePath().normalize().resolve("datasources"), Clock.systemUTC());
        routes.addAll(new DatasourcesApi(askTableRoutes, datasources,
                config.dataDirectory().toAbsolutePath().normalize().resolve("datasources").resolve("spool"), config.datasources().maximumFileBytes()).routes());

        // AskTable roles, policies and row filters; the synced metadata tells wildcard field filters which columns a table has
        PolicyStore askPolicyStore = new PolicyStore(systemDatabase, Clock.systemUTC());
        AskPolicies askPolicies = new AskPolicies(askPolicyStore, datasources::columns);
        routes.addAll(new AccessApi(askTableRoutes, askPolicyStore, askPolicies).routes());

        // the question endpoints: q2s/q2a/q2w, training pairs, synonyms, and the Ask API's /v1/ask
        TrainingStore trainingPairs = new TrainingStore(systemDatabase);
        SynonymStore synonyms = new SynonymStore(systemDatabase);
        AskService asks = new AskService(datasources, askPolicies, trainingPairs, synonyms, Clock.systemUTC());
        routes.addAll(new SingleTurnApi(askTableRoutes, asks, new AskHistory(systemDatabase)).routes());
        routes.addAll(new TrainingApi(askTableRoutes, trainingPairs, asks).routes());
        routes.addAll(new SynonymsApi(askTableRoutes, synonyms, asks).routes());
        AskUsage askUsage = new AskUsage(systemDatabase);
        this.askApi = new AskApi(askCredentials, new AskRunner(asks, new AskSessions(), askUsage), askUsage);
        routes.addAll(askApi.routes());
        this.liveSocket = new LiveSocket(tokens, liveQueries, config.auth().rateLimitPerSecond());
        this.web = new WebServer(routes, List.of(liveSocket.route()));
    }

    /** Builds and starts a server; the console receives the one-time root password, if one is generated. */
    public static Server start(TarnConfig config, PrintStream console) {
        Server server = new Server(config, console);
        try {
            server.web.start(config.host(), config.port());
            server.liveQueries.webSocketUrl("ws://" + config.host() + ":" + server.port() + LiveSocket.PATH);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("event=started host={} port={} data={}", config.host(), server.port(), config.dataDirectory().toAbsolutePath());
        return server;
    }

    public int port() {
        return web.port();
    }

    /** The AskTable datasources, for the question endpoints (and the tests that call them directly). */
    public Datasources datasources() {
        return datasources;
    }

    /**
     * Stops gracefully: new requests get 503, running queries have the grace period to finish, then
     * those still running are cancelled (their streams end with an error line), then the HTTP server
     * and the engine close.
     */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        LOG.info("event=stopping running_queries={}", queryLog.runningCount());
        web.drain();
        // long polls answer now instead of holding the stop for their whole wait
        topics.close();
        waitForQueries(config.shutdownGraceMillis());
        if (queryLog.runningCount() > 0) {
            LOG.info("event=cancelling_queries count={}", queryLog.runningCount());
            queryLog.cancelAll();
            waitForQueries(2_000);
        }
        web.stop();
        liveSocket.close();
        askApi.close();
        liveQueries.close();
        streamExpiry.close();
        appends.close();
        externalDatabases.close();
        localCatalogs.close();
        engine.close();
        systemDatabase.close();
        datasourceDatabase.close();
        topicDatabase.close();
        LOG.info("event=stopped");
    }

    private void waitForQueries(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (queryLog.runningCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
