package dev.tarn.ingest;

import dev.tarn.engine.Column;
import dev.tarn.engine.RowCursor;
import dev.tarn.engine.RowEncoding;
import dev.tarn.engine.Session;
import dev.tarn.engine.SqlQuoting;
import dev.tarn.engine.StatementKind;
import dev.tarn.engine.StatementResult;
import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.writes.Change;
import dev.tarn.writes.RowImages;
import dev.tarn.writes.Transaction;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Loads one staged file into its table inside a write transaction, as the request's mode says, and
 * records the change. Every statement reads the file with DuckDB's own reader; into an existing
 * table the reader is given the table's column types, and rows go in by column name.
 */
final class TableLoader {
    /** The file's rows in file order, for an upsert; a temporary table lives only as long as the write's session. */
    /** Above this many rows an upload's images are not kept; its change says so and subscribers resynchronise. */
    private static final int CAPTURED_ROWS = 100_000;
    private static final String UPSERT_SOURCE_NAME = "tarn_upsert_source";
    private static final String UPSERT_SOURCE = "temp.main." + UPSERT_SOURCE_NAME;

    private final Transaction transaction;
    private final Session session;
    private final UploadRequest request;
    private final StagedFile file;
    /** The table keeps a row version in _seq (a realtime dialect table): an upsert's updates set it anew. */
    private final boolean versionedTable;
    private final FileScan scan;

    TableLoader(Transaction transaction, UploadRequest request, StagedFile file, boolean versionedTable) {
        this.versionedTable = versionedTable;
        this.transaction = transaction;
        this.session = transaction.session();
        this.request = request;
        this.file = file;
        this.scan = new FileScan(file);
    }

    /**
     * Checks that the request can be carried out on the catalog as it is: the catalog exists, a
     * table to create does not, a table to append to does. Returns the table's columns if it exists.
     */
    static Optional<ColumnSet> checkTarget(Session session, UploadRequest request) {
        TableName table = request.table();
        if (!CatalogLookup.catalogExists(session, table.catalog())) {
            throw new TarnException(ErrorCode.CATALOG_MISSING, "Catalog \"" + table.catalog()
                    + "\" does not exist: upload into an existing catalog (the default one is \"memory\")");
        }
        Optional<ColumnSet> existing = CatalogLookup.tableColumns(session, table);
        if (request.mode() == UploadMode.CREATE && existing.isPresent()) {
            throw new TarnException(ErrorCode.TABLE_ALREADY_EXISTS, "Table " + table
                    + " already exists: use mode=overwrite to replace it, or mode=append to add the file's rows");
        }
        if (request.mode() == UploadMode.APPEND && existing.isEmpty()) {
            throw new TarnException(ErrorCode.TABLE_MISSING, "Table " + table
                    + " does not exist: use mode=create (or create_append) to create it from the file");
        }
        return existing;
    }

    /** Loads the file; returns the number of rows it carried. */
    long load() {
        Optional<ColumnSet> existing = checkTarget(session, request);
        TableName table = request.table();
        session.execute("CREATE SCHEMA IF NOT EXISTS " + SqlQuoting.identifier(table.catalog()) + "." + SqlQuoting.identifier(table.schema()));
        ColumnSet fileColumns = describeFile();
        return switch (request.mode()) {
            case CREATE -> create();
            case APPEND -> append(existing.orElseThrow(), fileColumns);
            case CREATE_APPEND -> existing.isPresent() ? append(existing.get(), fileColumns) : create();
            case OVERWRITE -> overwrite();
            case UPSERT -> upsert(existing, fileColumns);
        };
    }

    private long create() {
        long rows = loading(() -> changedRows(StatementKind.SCHEMA_CHANGE,
                "CREATE TABLE " + request.table().sql() + " AS SELECT * FROM " + scan.detected()));
        return recorded(Change.Operation.CREATE, rows);
    }

    private long append(ColumnSet tableColumns, ColumnSet fileColumns) {
        requireFitsTable(tableColumns, fileColumns);
        String reader = scan.pinned(fileColumns.typedAs(tableColumns));
        String insert = "INSERT INTO " + request.table().sql() + " BY NAME SELECT * FROM " + reader;
        if (transaction.wantsRows(request.table())) {
            return loading(() -> captured(Change.Operation.INSERT, insert, tableColumns));
        }
        long rows = loading(() -> changedRows(StatementKind.DATA_CHANGE, insert));
        return recorded(Change.Operation.INSERT, rows);
    }

    private long overwrite() {
        long rows = loading(() -> changedRows(StatementKind.SCHEMA_CHANGE,
                "CREATE OR REPLACE TABLE " + request.table().sql() + " AS SELECT * FROM " + scan.detected()));
        return recorded(Change.Operation.REPLACE, rows);
    }

    private long upsert(Optional<ColumnSet> existing, ColumnSet fileColumns) {
        UpsertPlan plan = UpsertPlan.of(request.table(), fileColumns, request.primaryKey(), request.cursorFields(), versionedTable);
        existing.ifPresent(tableColumns -> requireFitsTable(tableColumns, fileColumns));
        String reader = existing.map(tableColumns -> scan.pinned(fileColumns.typedAs(tableColumns))).orElseGet(scan::detected);
        return loading(() -> {
            // materialised first: the reduction to one row per key needs the file's order, which a table keeps as rowid
            long rows = changedRows(StatementKind.SCHEMA_CHANGE, "CREATE TEMP TABLE " + UPSERT_SOURCE_NAME
                    + " AS SELECT * FROM " + reader);
            if (existing.isPresent() && transaction.wantsRows(request.table())) {
                mergeCaptured(plan, existing.get());
            } else if (existing.isPresent()) {
                session.execute(plan.merge(UPSERT_SOURCE));
            } else {
                session.execute("CREATE TABLE " + request.table().sql() + " AS " + plan.deduplicated(UPSERT_SOURCE));
            }
            session.execute("DROP TABLE " + UPSERT_SOURCE);
            if (existing.isPresent() && transaction.wantsRows(request.table())) {
                return rows;
            }
            return recorded(existing.isPresent() ? Change.Operation.UPDATE : Change.Operation.CREATE, rows);
        });
    }

    /** An INSERT whose rows a listener watches: they are returned and recorded as images. */
    private long captured(Change.Operation operation, String insert, ColumnSet tableColumns) {
        StatementResult result = session.runKeepingAtMost(insert + "\nRETURNING *", List.of(), CAPTURED_ROWS);
        if (result.changedRows() > CAPTURED_ROWS) {
            return recorded(operation, result.changedRows());
        }
        transaction.record(RowImages.change(request.table(), operation, RowImages.of(result.rows(), tableColumns.columns().stream().map(Column::name).toList()),
                List.of(), transaction.userName()));
        return result.changedRows();
    }

    /**
     * The upsert's MERGE on a watched table: the rows it will match are read first, in the same
     * transaction, and the MERGE returns what it wrote, so subscribers get inserts, and updates
     * with the rows before.
     */
    private void mergeCaptured(UpsertPlan plan, ColumnSet tableColumns) {
        List<String> columns = tableColumns.columns().stream().map(Column::name).toList();
        StatementResult before = session.runKeepingAtMost(plan.matchedRows(UPSERT_SOURCE), List.of(), CAPTURED_ROWS);
        StatementResult after = session.runKeepingAtMost(plan.merge(UPSERT_SOURCE) + "\nRETURNING *", List.of(), CAPTURED_ROWS);
        if (before.changedRows() > CAPTURED_ROWS || after.changedRows() > CAPTURED_ROWS) {
            recorded(Change.Operation.UPDATE, after.changedRows());
            return;
        }
        transaction.record(RowImages.updated(request.table(), plan.key().stream().map(Column::name).toList(),
                RowImages.of(before.rows(), columns), RowImages.of(after.rows(), columns), transaction.userName()));
    }

    /** The file's columns as DuckDB detects them; a file it cannot even open or sniff fails here. */
    private ColumnSet describeFile() {
        try {
            return new ColumnSet(session.describe("SELECT * FROM " + scan.detected()));
        } catch (TarnException e) {
            throw LoadErrors.translate(e, ErrorCode.UNREADABLE_FILE, "The " + file.format().displayName()
                    + " file cannot be read (" + file.format().advice() + ")", file);
        }
    }

    private <T> T loading(Supplier<T> work) {
        try {
            return work.get();
        } catch (TarnException e) {
            throw LoadErrors.translate(e, ErrorCode.INCOMPATIBLE_FILE, "The " + file.format().displayName()
                    + " file could not be loaded into " + request.table(), file);
        }
    }

    private void requireFitsTable(ColumnSet tableColumns, ColumnSet fileColumns) {
        List<String> extra = fileColumns.missingFrom(tableColumns).stream().map(Column::name).toList();
        if (!extra.isEmpty()) {
            throw new TarnException(ErrorCode.INCOMPATIBLE_FILE, "The file has " + (extra.size() == 1 ? "a column" : "columns")
                    + " that table " + request.table() + " lacks: " + String.join(", ", extra)
                    + "; the table's columns are: " + tableColumns.names()
                    + ". Remove them from the file, or replace the table with mode=overwrite");
        }
    }

    private long changedRows(StatementKind kind, String sql) {
        return session.update(sql);
    }

    private long recorded(Change.Operation operation, long rows) {
        // no rows list: a file can hold billions of rows; subscribers re-read the table when they need them
        transaction.record(Change.counted(request.table(), operation, rows, transaction.userName()));
        return rows;
    }
}
