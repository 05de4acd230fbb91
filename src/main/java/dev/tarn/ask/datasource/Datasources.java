package dev.tarn.ask.datasource;

import dev.tarn.ask.AskIds;
import dev.tarn.ask.ResultTable;
import dev.tarn.ask.nl.model.DataType;
import dev.tarn.engine.external.ConnectionCheck;
import dev.tarn.engine.external.ExternalDatabases;
import dev.tarn.engine.external.FileDatabase;
import dev.tarn.engine.external.LocalCatalogs;
import dev.tarn.engine.external.QueryRows;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * AskTable datasources: create and change them, upload their files, sync and annotate their
 * metadata, build value indexes, and (for the question endpoints) give the question engine its
 * context and run the SQL it wrote, read-only and under a timeout.
 */
public final class Datasources {
    /** The most distinct values one value index keeps. */
    public static final int VALUE_INDEX_CAP = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(Datasources.class);

    private final DatasourceStore store;
    private final SourceAccess access;
    private final MetadataSync sync;
    private final Clock clock;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** Built once per version: a value index of 100,000 values takes a while to turn into phrases. */
    private final Map<String, QuestionContext> contexts = new ConcurrentHashMap<>();

    public Datasources(DatasourceStore store, ExternalDatabases external, LocalCatalogs local, Path directory, Clock clock) {
        this.store = store;
        this.access = new SourceAccess(external, local, directory);
        this.sync = new MetadataSync(access);
        this.clock = clock;
    }

    // ---- datasources

    /** A name is shown in lists and prompts: longer ones are a mistake (or an attack), not a name. */
    static final int LONGEST_NAME = 255;
    static final int LONGEST_DESCRIPTION = 10_000;
    static final int MOST_SAMPLE_QUESTIONS = 100;

    private static void checkName(String name) {
        checkLength("name", name, LONGEST_NAME);
    }

    private static void checkDescription(String description) {
        checkLength("desc", description, LONGEST_DESCRIPTION);
    }

    private static void checkLength(String what, String text, int longest) {
        if (text.length() > longest) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "The datasource's " + what + " is at most " + longest
                    + " characters, not " + text.length() + ": shorten it");
        }
    }

    /** Creates a datasource; servers and catalogs must answer first (400 with the driver's reason otherwise). */
    public Datasource create(String projectId, String engineName, Optional<String> name, Optional<String> description, Map<String, Object> accessFields) {
        DatasourceEngine engine = DatasourceEngine.parse(engineName);
        AccessConfig config = AccessConfig.from(engine, accessFields);
        name.ifPresent(Datasources::checkName);
        description.ifPresent(Datasources::checkDescription);
        String id = AskIds.next("ds_");
        if (engine.isServer() || engine == DatasourceEngine.TARN) {
            ConnectionCheck check = access.check(id, engine, config);
            if (!check.ok()) {
                throw new TarnException(ErrorCode.DATASOURCE_CONNECTION_FAILED, "Cannot connect to the " + engine.wireName()
                        + " datasource: " + check.error().orElse("unknown reason"));
            }
        }
        if (engine.isDataFiles()) {
            FileDatabase.create(access.databaseFile(id, engine));
        }
        Instant now = now();
        Datasource datasource = new Datasource(id, projectId, name.filter(text -> !text.isBlank()).orElse(engine.wireName() + " " + id.substring(3, 9)),
                engine, description.orElse(""), config, MetaStatus.UNPROCESSED, Optional.empty(), List.of(), List.of(), Optional.empty(), 1, now, now);
        store.save(datasource);
        LOG.info("event=datasource_created id={} engine={}", id, engine.wireName());
        return datasource;
    }

    /** The project's datasources, oldest first; {@code name} keeps those whose name contains it (any case). */
    public List<Datasource> list(String projectId, Optional<String> name) {
        Optional<String> wanted = name.filter(text -> !text.isBlank()).map(text -> text.toLowerCase(Locale.ROOT));
        return store.all().stream().filter(datasource -> datasource.projectId().equals(projectId))
                .filter(datasource -> wanted.map(text -> datasource.name().toLowerCase(Locale.ROOT).contains(text)).orElse(true)).toList();
    }

    public Datasource get(String id) {
        return store.find(id == null ? "" : id).orElseThrow(() -> new TarnException(ErrorCode.DATASOURCE_NOT_FOUND, "No datasource '" + id + "'"));
    }

    /** The datasource, if it belongs to the project; 404 otherwise, so ids of other projects are not confirmed. */
    public Datasource get(String projectId, String id) {
        Datasource datasource = get(id);
        if (!datasource.projectId().equals(projectId)) {
            throw new TarnException(ErrorCode.DATASOURCE_NOT_FOUND, "No datasource '" + id + "'");
        }
        return datasource;
    }

    public Datasource update(String id, DatasourceChange change) {
        change.name().ifPresent(Datasources::checkName);
        change.description().ifPresent(Datasources::checkDescription);
        change.sampleQuestions().ifPresent(questions -> {
            if (questions.size() > MOST_SAMPLE_QUESTIONS) {
                throw new TarnException(ErrorCode.INVALID_FIELD, "sample_questions holds at most " + MOST_SAMPLE_QUESTIONS + " questions, not " + questions.size());
            }
            questions.forEach(question -> checkLength("each of sample_questions", question, LONGEST_DESCRIPTION));
        });
        synchronized (lock(id)) {
            Datasource datasource = get(id);
            AccessConfig config = change.accessConfig().map(fields -> datasource.accessConfig().merge(datasource.engine(), fields))
                    .orElse(datasource.accessConfig());
            if (!config.equals(datasource.accessConfig()) && (datasource.engine().isServer() || datasource.engine() == DatasourceEngine.TARN)) {
                ConnectionCheck check = access.check(id, datasource.engine(), config);
                if (!check.ok()) {
                    throw new TarnException(ErrorCode.DATASOURCE_CONNECTION_FAILED, "Cannot connect with the new access_config: "
                            + check.error().orElse("unknown reason"));
                }
                access.release(id);
            }
            Datasource changed = datasource.withDetails(change.name().filter(text -> !text.isBlank()).orElse(datasource.name()),
                    change.description().orElse(datasource.description()), config,
                    change.sampleQuestions().orElse(datasource.sampleQuestions())).changed(now());
            store.save(changed);
            return changed;
        }
    }

    public void delete(String id) {
        synchronized (lock(id)) {
            get(id);
            access.release(id);
            store.delete(id);
            contexts.remove(id);
            deleteFolder(access.folder(id));
            LOG.info("event=datasource_deleted id={}", id);
        }
    }

    /** Tries an unsaved configuration; always an answer, never an exception for the database's own failure. */
    public ConnectionCheck testConnection(String engineName, Map<String, Object> accessFields) {
        DatasourceEngine engine = DatasourceEngine.parse(engineName);
        AccessConfig config = AccessConfig.from(engine, accessFields);
        if (!engine.isServer() && engine != DatasourceEngine.TARN) {
            return new ConnectionCheck(engine.isDataFiles(), 0, Optional.empty(), engine.isDataFiles() ? Optional.empty()
                    : Optional.of("A " + engine.wireName() + " datasource is tested once its file is uploaded"));
        }
        return access.check("ds_unsaved", engine, config);
    }

    public ConnectionCheck testConnection(String id) {
        Datasource datasource = get(id);
        return access.check(id, datasource.engine(), datasource.accessConfig());
    }

    /** The live listing of schemas and their tables and views ({@code name}, {@code table|view}). */
    public Map<String, List<Map.Entry<String, String>>> runtimeMeta(String id) {
        return access.listTables(get(id));
    }

    // ---- files

    /**
     * Adds an uploaded file: a CSV, Parquet or .xlsx file becomes tables of a file datasource; an
     * SQLite or DuckDB file becomes the whole database of such a datasource, replacing the previous one.
     */
    public DatasourceFile addFile(String id, String filename, InputStream content) {
        synchronized (lock(id)) {
            Datasource datasource = get(id);
            String cleanName = cleanFileName(filename);
            if (!datasource.engine().isDataFiles() && !datasource.engine().isDatabaseFile()) {
                throw new TarnException(ErrorCode.DATASOURCE_FILE_INVALID, "A " + datasource.engine().wireName()
                        + " datasource has no files; upload files to an excel, csv, parquet, sqlite or duckdb datasource");
            }
            Path folder = access.folder(id);
            Path incoming = folder.resolve("incoming-" + AskIds.next("") + extension(cleanName));
            long size;
            try {
                Files.createDirectories(folder);
                size = Files.copy(content, incoming);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store the upload", e);
            }
            try {
                List<String> tables = access.changingFiles(id, () -> datasource.engine().isDatabaseFile()
                        ? replaceDatabase(datasource, incoming) : loadTables(datasource, cleanName, incoming));
                DatasourceFile file = new DatasourceFile(AskIds.next("file_"), cleanName, size, tables, now());
                List<DatasourceFile> files = new ArrayList<>(datasource.engine().isDatabaseFile() ? List.of() : datasource.files());
                files.add(file);
                store.save(datasource.withFiles(files).changed(now()));
                LOG.info("event=datasource_file_added id={} file={} tables={}", id, file.id(), tables.size());
                return file;
            } finally {
                deleteQuietly(incoming);
            }
        }
    }

    public void deleteFile(String id, String fileId) {
        synchronized (lock(id)) {
            Datasource datasource = get(id);
            DatasourceFile file = datasource.files().stream().filter(f -> f.id().equals(fileId)).findFirst()
                    .orElseThrow(() -> new TarnException(ErrorCode.DATASOURCE_FILE_NOT_FOUND, "The datasource has no file '" + fileId + "'"));
            access.release(id);
            Path database = access.databaseFile(id, datasource.engine());
            access.changingFiles(id, () -> {
                if (datasource.engine().isDatabaseFile()) {
                    deleteQuietly(database);
                } else {
                    file.tables().forEach(table -> FileDatabase.dropTable(database, table));
                }
                return null;
            });
            Optional<DatasourceMeta> meta = datasource.meta().map(m -> withoutTables(m, datasource.engine().isDatabaseFile() ? null : Set.copyOf(file.tables())));
            List<DatasourceFile> files = datasource.files().stream().filter(f -> !f.id().equals(fileId)).toList();
            store.save(datasource.withFiles(files).withMeta(meta, datasource.metaStatus(), datasource.metaError()).changed(now()));
        }
    }

    private List<String> replaceDatabase(Datasource datasource, Path incoming) {
        if (datasource.engine() == DatasourceEngine.SQLITE) {
            FileDatabase.requireSqlite(incoming);
        } else {
            FileDatabase.requireDuckDb(incoming);
        }
        Path target = access.databaseFile(datasource.id(), datasource.engine());
        Path previous = target.resolveSibling(target.getFileName() + ".previous");
        access.release(datasource.id());
        try {
            if (Files.exists(target)) {
                Files.move(target, previous, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            deleteQuietly(target.resolveSibling(target.getFileName() + ".wal"));
            Files.move(incoming, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the database file", e);
        }
        ConnectionCheck check = access.check(datasource.id(), datasource.engine(), datasource.accessConfig());
        access.release(datasource.id());
        if (!check.ok()) {
            deleteQuietly(target);
            try {
                if (Files.exists(previous)) {
                    Files.move(previous, target);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot restore the previous database file", e);
            }
            throw new TarnException(ErrorCode.DATASOURCE_FILE_INVALID, "The file cannot be opened as a " + datasource.engine().wireName()
                    + " database: " + check.error().orElse("unknown reason"));
        }
        deleteQuietly(previous);
        return List.of();
    }

    private List<String> loadTables(Datasource datasource, String filename, Path incoming) {
        String extension = extension(filename).toLowerCase(Locale.ROOT);
        String stem = TableNames.fromFileName(filename);
        Set<String> taken = new HashSet<>();
        datasource.files().forEach(file -> taken.addAll(file.tables()));
        Path database = access.databaseFile(datasource.id(), datasource.engine());
        access.release(datasource.id());
        List<String> tables = new ArrayList<>();
        switch (extension) {
            case ".csv", ".tsv", ".txt" -> {
                String table = TableNames.unique(stem, taken);
                FileDatabase.load(database, table, incoming, FileDatabase.Format.CSV);
                tables.add(table);
            }
            case ".parquet" -> {
                String table = TableNames.unique(stem, taken);
                FileDatabase.load(database, table, incoming, FileDatabase.Format.PARQUET);
                tables.add(table);
            }
            case ".xlsx" -> {
                Supplier<Path> csvFiles = () -> access.folder(datasource.id()).resolve("sheet-" + AskIds.next("") + ".csv");
                List<Spreadsheets.SheetFile> sheets = Spreadsheets.toCsv(incoming, csvFiles);
                try {
                    for (Spreadsheets.SheetFile sheet : sheets) {
                        String table = TableNames.unique(sheets.size() == 1 ? stem : stem + "_" + TableNames.fromFileName(sheet.sheetName()), taken);
                        FileDatabase.load(database, table, sheet.csv(), FileDatabase.Format.CSV);
                        taken.add(table);
                        tables.add(table);
                    }
                } finally {
                    sheets.forEach(sheet -> deleteQuietly(sheet.csv()));
                }
            }
            case ".xls" -> throw new TarnException(ErrorCode.DATASOURCE_FILE_INVALID,
                    "Old .xls workbooks are not read: save the workbook as .xlsx (or CSV) and upload it again");
            default -> throw new TarnException(ErrorCode.DATASOURCE_FILE_INVALID, "Cannot load '" + filename
                    + "': upload a .csv, .parquet or .xlsx file (the name's extension says which)");
        }
        return tables;
    }

    // ---- metadata

    /** Syncs metadata from the database: a full rebuild, or incremental (keeps what people annotated, adds new tables, drops gone ones). */
    public DatasourceMeta syncMeta(String id, Optional<Map<String, List<String>>> selectedTables, boolean incremental) {
        synchronized (lock(id)) {
            Datasource datasource = get(id);
            store.save(datasource.withMeta(datasource.meta(), MetaStatus.PROCESSING, Optional.empty()));
            try {
                DatasourceMeta meta = sync.sync(datasource, selectedTables, incremental, now());
                store.save(datasource.withMeta(Optional.of(meta), MetaStatus.SUCCESS, Optional.empty()).changed(now()));
                return meta;
            } catch (RuntimeException e) {
                store.save(datasource.withMeta(datasource.meta(), MetaStatus.FAILED, Optional.of(String.valueOf(e.getMessage()))).changed(now()));
                throw e;
            }
        }
    }

    public DatasourceMeta meta(String id) {
        return requireMeta(get(id));
    }

    /** Sets the effective descriptions of the named schemas, tables and fields. */
    public DatasourceMeta annotate(String id, MetaAnnotation annotation) {
        synchronized (lock(id)) {
            Datasource datasource = get(id);
            DatasourceMeta meta = requireMeta(datasource);
            Instant now = now();
            Map<String, DatasourceMeta.Schema> schemas = new LinkedHashMap<>(meta.schemas());
            annotation.schemas().forEach((schemaName, schemaNote) -> {
                DatasourceMeta.Schema schema = Optional.ofNullable(schemas.get(schemaName))
                        .orElseThrow(() -> notFound("schema '" + schemaName + "'"));
                Map<String, DatasourceMeta.Table> tables = new LinkedHashMap<>(schema.tables());
                schemaNote.tables().forEach((tableName, tableNote) -> {
                    DatasourceMeta.Table table = Optional.ofNullable(tables.get(tableName))
                            .orElseThrow(() -> notFound("table '" + schemaName + "." + tableName + "'"));
                    Map<String, DatasourceMeta.Field> fields = new LinkedHashMap<>(table.fields());
                    tableNote.fields().forEach((fieldName, text) -> {
                        DatasourceMeta.Field field = Optional.ofNullable(fields.get(fieldName))
                                .orElseThrow(() -> notFound("field '" + schemaName + "." + tableName + "." + fieldName + "'"));
                        fields.put(fieldName, new DatasourceMeta.Field(field.name(), field.dataType(), field.sampleData(), field.originDesc(), text,
                                field.visibility(), field.identifiableType(), field.createdAt(), now));
                    });
                    tables.put(tableName, new DatasourceMeta.Table(table.name(), table.type(), table.originDesc(),
                            tableNote.description().orElse(table.currDesc()), table.primaryKey(), table.foreignKeys(), fields));
                });
                schemas.put(schemaName, new DatasourceMeta.Schema(schema.name(), schema.originDesc(),
                        schemaNote.description().orElse(schema.currDesc()), tables));
            });
            DatasourceMeta annotated = new DatasourceMeta(schemas);
            store.save(datasource.withMeta(Optional.of(annotated), datasource.metaStatus(), datasource.metaError()).changed(now));
            return annotated;
        }
    }

    /** Hides or shows a field, or says what personal data it holds. */
    public DatasourceMeta.Field updateField(String id, String schemaName, String tableName, String fieldName, Optional<Boolean> visibility,
                                            Optional<IdentifiableType> identifiableType) {
        synchronized (lock(id)) {
            Datasource datasource = get(id);
            DatasourceMeta meta = requireMeta(datasource);
            DatasourceMeta.Schema schema = Optional.ofNullable(meta.schemas().get(schemaName)).orElseThrow(() -> notFound("schema '" + schemaName + "'"));
            DatasourceMeta.Table table = Optional.ofNullable(schema.tables().get(tableName))
                    .orElseThrow(() -> notFound("table '" + schemaName + "." + tableName + "'"));
            DatasourceMeta.Field field = Optional.ofNullable(table.fields().get(fieldName))
                    .orElseThrow(() -> notFound("field '" + schemaName + "." + tableName + "." + fieldName + "'"));
            DatasourceMeta.Field changed = new DatasourceMeta.Field(field.name(), field.dataType(), field.sampleData(), field.originDesc(),
                    field.currDesc(), visibility.orElse(field.visibility()), identifiableType.orElse(field.identifiableType()), field.createdAt(), now());
            Map<String, DatasourceMeta.Field> fields = new LinkedHashMap<>(table.fields());
            fields.put(fieldName, changed);
            Map<String, DatasourceMeta.Table> tables = new LinkedHashMap<>(schema.tables());
            tables.put(tableName, new DatasourceMeta.Table(table.name(), table.type(), table.originDesc(), table.currDesc(), table.primaryKey(),
                    table.foreignKeys(), fields));
            Map<String, DatasourceMeta.Schema> schemas = new LinkedHashMap<>(meta.schemas());
            schemas.put(schemaName, new DatasourceMeta.Schema(schema.name(), schema.originDesc(), schema.currDesc(), tables));
            store.save(datasource.withMeta(Optional.of(new DatasourceMeta(schemas)), datasource.metaStatus(), datasource.metaError()).changed(now()));
            return changed;
        }
    }

    // ---- value indexes

    /** Reads the distinct values of a text field (at most {@link #VALUE_INDEX_CAP}) and keeps them for the question engine. */
    public ValueIndexInfo createIndex(String id, String schemaName, String tableName, String fieldName) {
        Datasource datasource = get(id);
        DatasourceMeta.Field field = field(requireMeta(datasource), schemaName, tableName, fieldName);
        if (DataType.fromSqlType(field.dataType()) != DataType.TEXT) {
            throw new TarnException(ErrorCode.VALUE_INDEX_NOT_TEXT, "Field " + schemaName + "." + tableName + "." + fieldName + " is "
                    + field.dataType() + ": value indexes are built on text fields only");
        }
        var dialect = datasource.engine().dialect();
        String column = dialect.quoteIdentifier(fieldName);
        String table = access.qualifiedName(datasource, schemaName, tableName);
        List<String> searchPath = SourceAccess.searchPath(datasource);
        QueryRows counts = access.query(datasource, searchPath, "SELECT COUNT(" + column + ") AS value_count, COUNT(DISTINCT " + column
                + ") AS distinct_count FROM " + table, List.of(), 1);
        QueryRows values = access.query(datasource, searchPath, "SELECT DISTINCT " + column + " FROM " + table + " WHERE " + column
                + " IS NOT NULL", List.of(), VALUE_INDEX_CAP);
        List<String> texts = values.rows().stream().map(row -> String.valueOf(row.getFirst())).toList();
        int minimum = texts.stream().mapToInt(text -> text.codePointCount(0, text.length())).min().orElse(0);
        int maximum = texts.stream().mapToInt(text -> text.codePointCount(0, text.length())).max().orElse(0);
        double average = texts.stream().mapToInt(text -> text.codePointCount(0, text.length())).average().orElse(0);
        Instant now = now();
        String status = values.truncated() ? "indexed the first " + VALUE_INDEX_CAP + " distinct values" : "indexed all distinct values";
        synchronized (lock(id)) {
            Datasource current = get(id);
            store.indexes(id).stream().filter(index -> index.schemaName().equals(schemaName) && index.tableName().equals(tableName)
                    && index.fieldName().equals(fieldName)).forEach(index -> store.deleteIndex(index.id()));
            ValueIndexInfo info = new ValueIndexInfo(AskIds.next("idx_"), id, schemaName, tableName, fieldName, status, texts.size(),
                    number(counts, 0), number(counts, 1), minimum, maximum, Math.round(average * 100) / 100.0, now, now);
            store.saveIndex(info, texts);
            store.save(current.changed(now));
            return info;
        }
    }

    public List<ValueIndexInfo> indexes(String id) {
        get(id);
        return store.indexes(id);
    }

    public void deleteIndex(String id, String indexId) {
        synchronized (lock(id)) {
            Datasource datasource = get(id);
            ValueIndexInfo index = store.index(indexId).filter(found -> found.datasourceId().equals(id))
                    .orElseThrow(() -> new TarnException(ErrorCode.VALUE_INDEX_NOT_FOUND, "The datasource has no value index '" + indexId + "'"));
            store.deleteIndex(index.id());
            store.save(datasource.changed(now()));
        }
    }

    // ---- for the question endpoints

    /**
     * The visible part of the synced metadata as the question engine's schema, with unqualified table
     * names (a name in two schemas is taken from the first of the search path), and the values of the
     * value indexes on visible fields.
     */
    public QuestionContext questionContext(String id) {
        Datasource datasource = get(id);
        QuestionContext cached = contexts.get(id);
        if (cached != null && cached.version() == datasource.version()) {
            return cached;
        }
        QuestionContext context = QuestionContexts.of(datasource, requireMeta(datasource), store);
        contexts.put(id, context);
        return context;
    }

    /**
     * Runs one read-only query ({@code ?} parameters bound in order) on the datasource, at most
     * {@code maxRows} rows (then {@code truncated}); anything but one SELECT is refused, and the
     * database's own errors are 400 SQL_ERROR with its message.
     */
    public ResultTable run(String id, String sql, List<Object> parameters, int maxRows) {
        if (maxRows < 1) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "maxRows must be at least 1");
        }
        Datasource datasource = get(id);
        String checked = ReadOnlyQuery.prepare(sql);
        QueryRows rows = access.query(datasource, SourceAccess.searchPath(datasource), checked, parameters, maxRows);
        return ResultTables.of(rows);
    }

    // ---- helpers

    private static DatasourceMeta requireMeta(Datasource datasource) {
        return datasource.meta().orElseThrow(() -> new TarnException(ErrorCode.DATASOURCE_META_MISSING, "Datasource " + datasource.id()
                + " has no metadata yet: sync it with POST /v1/datasources/" + datasource.id() + "/meta"));
    }

    private static DatasourceMeta.Field field(DatasourceMeta meta, String schema, String table, String field) {
        return Optional.ofNullable(meta.schemas().get(schema)).map(s -> s.tables().get(table)).map(t -> t.fields().get(field))
                .orElseThrow(() -> notFound("field '" + schema + "." + table + "." + field + "'"));
    }

    private static TarnException notFound(String what) {
        return new TarnException(ErrorCode.DATASOURCE_FIELD_NOT_FOUND, "The datasource's metadata has no " + what + "; sync it or check the name");
    }

    /** Metadata without the given tables of schema main (a removed data file), or without everything (a removed database file). */
    private static DatasourceMeta withoutTables(DatasourceMeta meta, Set<String> tables) {
        if (tables == null) {
            return new DatasourceMeta(Map.of());
        }
        Map<String, DatasourceMeta.Schema> schemas = new LinkedHashMap<>();
        meta.schemas().forEach((name, schema) -> {
            Map<String, DatasourceMeta.Table> kept = new LinkedHashMap<>(schema.tables());
            kept.keySet().removeAll(tables);
            schemas.put(name, new DatasourceMeta.Schema(name, schema.originDesc(), schema.currDesc(), kept));
        });
        return new DatasourceMeta(schemas);
    }

    private static long number(QueryRows rows, int column) {
        if (rows.rows().isEmpty() || !(rows.rows().getFirst().get(column) instanceof Number number)) {
            return 0;
        }
        return number instanceof BigDecimal decimal ? decimal.longValue() : number.longValue();
    }

    private Object lock(String id) {
        return locks.computeIfAbsent(id, key -> new Object());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The last segment of an uploaded file's name, without control characters: a name of "/", ".."
     * or "a\u0000.csv" names no file of ours (Path.of refused or lost them) and falls back to "upload".
     */
    static String cleanFileName(String filename) {
        String name = filename == null ? "" : filename.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
        return name.isEmpty() || name.equals(".") || name.equals("..") ? "upload" : name;
    }

    private static String extension(String filename) {
        int dot = filename.lastIndexOf('.');
        return dot < 0 ? "" : filename.substring(dot);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("event=datasource_file_not_deleted file={} message=\"{}\"", file.getFileName(), e.getMessage());
        }
    }

    private static void deleteFolder(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(Datasources::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("event=datasource_folder_not_deleted message=\"{}\"", e.getMessage());
        }
    }

    // ---- for row policies (added with the question endpoints)

    /** The schema the question engine's unqualified table names live in: the first of the datasource's search path. */
    public String defaultSchema(String id) {
        List<String> path = SourceAccess.searchPath(get(id));
        return path.isEmpty() ? "main" : path.getFirst();
    }

    /** Every field of a table in the synced metadata, hidden ones included (row filters may name them); empty when unknown. */
    public Optional<List<String>> columns(String id, String schemaName, String tableName) {
        Optional<DatasourceMeta> meta = get(id).meta();
        return meta.map(DatasourceMeta::schemas).map(schemas -> schemas.get(schemaName)).map(schema -> schema.tables().get(tableName))
                .map(table -> List.copyOf(table.fields().keySet()));
    }
}
