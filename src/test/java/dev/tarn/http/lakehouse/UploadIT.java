package dev.tarn.http.lakehouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tarn.support.HttpTestClient;
import dev.tarn.support.HttpTestClient.Answer;
import dev.tarn.support.RawHttp;
import dev.tarn.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /upload and POST /upsert as the Altertable clients use them: whole files (CSV, JSON, JSON
 * lines, Parquet, gzip) in the body, every mode, keys and cursors, and every bad file answered with
 * a 400 that leaves the table as it was.
 */
class UploadIT {
    private static final String CSV = "text/csv";
    private static final String JSON = "application/json";
    private static final String OCTETS = "application/octet-stream";

    private static TestServer server;
    private static HttpTestClient root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.root();
    }

    @AfterAll
    static void stop() throws IOException {
        assertThat(root.query("SELECT 1").status()).as("the server still answers after every hostile upload").isEqualTo(200);
        try (Stream<Path> staged = Files.list(server.dataDirectory().resolve("staging"))) {
            assertThat(staged.toList()).as("every staged upload was deleted").isEmpty();
        }
        server.close();
    }

    @Nested
    class Modes {
        @Test
        void createMakesTheTableFromTheFileAndAnswersExactly200WithASmallJsonBody() {
            Answer answer = upload("table=people&mode=create", CSV, "id,name\n1,ada\n2,grace\n3,linus\n");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            JsonNode body = answer.json();
            assertThat(fieldNames(body)).containsExactly("ok", "task_id", "status", "table", "mode", "rows");
            assertThat(UUID.fromString(body.get("task_id").asText())).isNotNull();
            assertThat(body.toString()).isEqualTo("{\"ok\":true,\"task_id\":\"" + body.get("task_id").asText()
                    + "\",\"status\":\"completed\",\"table\":\"memory.main.people\",\"mode\":\"create\",\"rows\":3}");
            assertThat(rows("SELECT id, name FROM people ORDER BY id")).containsExactly("[1,\"ada\"]", "[2,\"grace\"]", "[3,\"linus\"]");
            assertThat(columnTypes("people")).containsExactly("id BIGINT", "name VARCHAR");
        }

        @Test
        void createRefusesATableThatExistsAndLeavesItAlone() {
            upload("table=taken&mode=create", CSV, "id\n1\n");

            Answer answer = upload("table=taken&mode=create", CSV, "id\n2\n");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(error(answer)).isEqualTo("Table memory.main.taken already exists: use mode=overwrite to replace it, or mode=append to add the file's rows");
            assertThat(rows("SELECT id FROM taken")).containsExactly("[1]");
        }

        @Test
        void appendInsertsByColumnNameInAnyOrderAndLeavesMissingColumnsNull() {
            root.query("CREATE TABLE visits(id INTEGER, page VARCHAR, seconds DOUBLE)");

            Answer answer = upload("table=visits&mode=append", CSV, "page,id\n/home,1\n/about,2\n");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("rows").asLong()).isEqualTo(2);
            assertThat(rows("SELECT id, page, seconds IS NULL FROM visits ORDER BY id")).containsExactly("[1,\"/home\",true]", "[2,\"/about\",true]");
        }

        @Test
        void appendIsTheDefaultModeOfUpload() {
            root.query("CREATE TABLE defaults(id INTEGER)");

            assertThat(upload("table=defaults", CSV, "id\n7\n").json().get("mode").asText()).isEqualTo("append");
            assertThat(rows("SELECT id FROM defaults")).containsExactly("[7]");
        }

        @Test
        void appendToAMissingTableIs400NamingIt() {
            Answer answer = upload("table=nowhere&mode=append", CSV, "id\n1\n");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(error(answer)).isEqualTo("Table memory.main.nowhere does not exist: use mode=create (or create_append) to create it from the file");
        }

        @Test
        void appendOfAColumnTheTableLacksIs400ListingTheTablesColumns() {
            root.query("CREATE TABLE narrow(id INTEGER)");

            Answer answer = upload("table=narrow&mode=append", CSV, "id,extra\n1,x\n");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(error(answer)).isEqualTo("The file has a column that table memory.main.narrow lacks: extra; the table's columns are: id. "
                    + "Remove them from the file, or replace the table with mode=overwrite");
        }

        @Test
        void overwriteReplacesTheTableWithTheFilesRowsAndColumns() {
            root.query("CREATE TABLE replaced(id INTEGER, old VARCHAR); INSERT INTO replaced VALUES (1, 'a'), (2, 'b')");

            Answer answer = upload("table=replaced&mode=overwrite", CSV, "key,value\nk,9.5\n");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("mode").asText()).isEqualTo("overwrite");
            assertThat(rows("SELECT * FROM replaced")).containsExactly("[\"k\",9.5]");
            assertThat(columnTypes("replaced")).containsExactly("key VARCHAR", "value DOUBLE");
        }

        @Test
        void createAppendCreatesAMissingTableThenAppendsToIt() {
            assertThat(upload("table=growing&mode=create_append", CSV, "id\n1\n").status()).isEqualTo(200);
            assertThat(upload("table=growing&mode=create_append", CSV, "id\n2\n").status()).isEqualTo(200);

            assertThat(rows("SELECT id FROM growing ORDER BY id")).containsExactly("[1]", "[2]");
        }

        @Test
        void theSchemaIsCreatedOnDemandButTheCatalogMustExist() {
            assertThat(upload("schema=fresh&table=t&mode=create", CSV, "id\n1\n").status()).isEqualTo(200);
            assertThat(rows("SELECT id FROM memory.fresh.t")).containsExactly("[1]");

            Answer answer = upload("catalog=demo&table=t&mode=create", CSV, "id\n1\n");
            assertThat(answer.status()).isEqualTo(400);
            assertThat(error(answer)).isEqualTo("Catalog \"demo\" does not exist: upload into an existing catalog (the default one is \"memory\")");
        }

        @Test
        void identifiersMatchWithoutRegardToCase() {
            assertThat(upload("catalog=MEMORY&schema=Main&table=Mixed_Case&mode=create", CSV, "ID,Name\n1,a\n").status()).isEqualTo(200);
            assertThat(upload("table=MIXED_CASE&mode=append", CSV, "name,id\nb,2\n").status()).isEqualTo(200);
            assertThat(upsert("table=mixed_case&primary_key=Id", CSV, "NAME,iD\nc,2\n").status()).isEqualTo(200);
            assertThat(upload("table=mixed_CASE&mode=create", CSV, "id\n1\n").status()).isEqualTo(400);

            assertThat(rows("SELECT id, name FROM mixed_case ORDER BY id")).containsExactly("[1,\"a\"]", "[2,\"c\"]");
        }

        @Test
        void intoAnExistingTableTheFileIsReadWithTheTablesTypes() {
            // detected alone, these would become DOUBLE, TIMESTAMP and UUID and come back as 1.5, 2024-01-01 10:00:00, lower case
            root.query("CREATE TABLE codes(code VARCHAR, price VARCHAR, seen VARCHAR, ref VARCHAR, amount DECIMAL(10,2))");

            Answer csv = upload("table=codes&mode=append", CSV,
                    "code,price,seen,ref,amount\n007,1.50,2024-01-01 10:00,0AB4C2E4-1D2F-4E5A-9B3C-7D8E9F0A1B2C,3.10\n"
                            + "008,1.60,2024-01-01 10:30,0AB4C2E4-1D2F-4E5A-9B3C-7D8E9F0A1B2D,3.20\n");
            Answer json = upload("table=codes&mode=append", JSON,
                    "[{\"code\":\"010\",\"price\":\"2.50\",\"seen\":\"2024-01-02 11:00\",\"ref\":\"1AB4C2E4-1D2F-4E5A-9B3C-7D8E9F0A1B2C\",\"amount\":4}]");

            assertThat(csv.status()).as(csv.body()).isEqualTo(200);
            assertThat(json.status()).as(json.body()).isEqualTo(200);
            assertThat(rows("SELECT code, price, seen, ref, amount::VARCHAR FROM codes ORDER BY code")).containsExactly(
                    "[\"007\",\"1.50\",\"2024-01-01 10:00\",\"0AB4C2E4-1D2F-4E5A-9B3C-7D8E9F0A1B2C\",\"3.10\"]",
                    "[\"008\",\"1.60\",\"2024-01-01 10:30\",\"0AB4C2E4-1D2F-4E5A-9B3C-7D8E9F0A1B2D\",\"3.20\"]",
                    "[\"010\",\"2.50\",\"2024-01-02 11:00\",\"1AB4C2E4-1D2F-4E5A-9B3C-7D8E9F0A1B2C\",\"4.00\"]");
        }

        @Test
        void unknownParametersAreIgnored() {
            assertThat(upload("table=ignoring&mode=create&sync=true&whatever=1", CSV, "id\n1\n").status()).isEqualTo(200);
        }
    }

    @Nested
    class Formats {
        @Test
        void aJsonArrayOfObjects() {
            Answer answer = upload("table=json_array&mode=create", JSON, "[{\"id\":1,\"tags\":[\"a\"],\"nested\":{\"x\":1}},{\"id\":2,\"extra\":true}]");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(rows("SELECT id, tags, nested, extra FROM json_array ORDER BY id"))
                    .containsExactly("[1,[\"a\"],{\"x\":1},null]", "[2,null,null,true]");
        }

        @Test
        void jsonLinesByMediaTypeAndByTheirFirstByte() {
            String lines = "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\"b\"}\n";
            assertThat(upload("table=json_lines&mode=create", "application/x-ndjson", lines).status()).isEqualTo(200);
            assertThat(upload("table=json_lines&mode=append", OCTETS, lines).status()).isEqualTo(200);
            assertThat(upload("table=json_lines&mode=append", "application/jsonl", "{\"id\": 3,\n \"name\": \"pretty\"}").status()).isEqualTo(200);

            assertThat(rows("SELECT id, name FROM json_lines ORDER BY id, name"))
                    .containsExactly("[1,\"a\"]", "[1,\"a\"]", "[2,\"b\"]", "[2,\"b\"]", "[3,\"pretty\"]");
        }

        @Test
        void parquetByBothMediaTypesAndByItsMagicBytes() {
            byte[] parquet = parquet("SELECT range AS id, 'name_' || range AS name, range * 1.5 AS score FROM range(1000)");

            assertThat(upload("table=parquet_file&mode=create", "application/vnd.apache.parquet", parquet).json().get("rows").asLong()).isEqualTo(1000);
            assertThat(upload("table=parquet_file&mode=append", "application/parquet", parquet).status()).isEqualTo(200);
            assertThat(upload("table=parquet_file&mode=append", OCTETS, parquet).status()).isEqualTo(200);

            assertThat(rows("SELECT count(*), count(DISTINCT id), max(name), sum(score) FROM parquet_file"))
                    .containsExactly("[3000,1000,\"name_999\",2247750.0]");
            assertThat(columnTypes("parquet_file")).containsExactly("id BIGINT", "name VARCHAR", "score DECIMAL(21,1)");
        }

        @Test
        void gzipCompressedCsvJsonAndParquet() {
            assertThat(upload("table=gzipped&mode=create", "text/csv", gzip("id,source\n1,csv\n".getBytes(StandardCharsets.UTF_8))).status()).isEqualTo(200);
            assertThat(upload("table=gzipped&mode=append", OCTETS, gzip("[{\"id\":2,\"source\":\"json\"}]".getBytes(StandardCharsets.UTF_8))).status()).isEqualTo(200);
            assertThat(upload("table=gzipped&mode=append", "application/gzip", gzip("{\"id\":3,\"source\":\"lines\"}\n".getBytes(StandardCharsets.UTF_8))).status()).isEqualTo(200);
            assertThat(upload("table=gzipped&mode=append", OCTETS, gzip(parquet("SELECT 4 AS id, 'parquet' AS source"))).status()).isEqualTo(200);

            assertThat(rows("SELECT id, source FROM gzipped ORDER BY id"))
                    .containsExactly("[1,\"csv\"]", "[2,\"json\"]", "[3,\"lines\"]", "[4,\"parquet\"]");
        }

        @Test
        void withoutAUsefulContentTypeTheFirstBytesDecide() {
            assertThat(upload("table=sniffed&mode=create", "text/plain;charset=UTF-8", "id,kind\n1,csv\n").status()).isEqualTo(200);
            assertThat(upload("table=sniffed&mode=append", null, "  [{\"id\":2,\"kind\":\"json\"}]").status()).isEqualTo(200);
            assertThat(upload("table=sniffed&mode=append", OCTETS, "\uFEFFid,kind\n3,bom\n").status()).isEqualTo(200);

            assertThat(rows("SELECT id, kind FROM sniffed ORDER BY id")).containsExactly("[1,\"csv\"]", "[2,\"json\"]", "[3,\"bom\"]");
        }

        @Test
        void theLegacyFormatHintDecidesWhenTheContentTypeDoesNot() {
            // a first byte of '[' would make this JSON; the hint says CSV, whose header is then "[a]"
            Answer answer = upload("table=hinted&mode=create&format=csv", OCTETS, "[a]\nx\n");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(rows("SELECT \"[a]\" FROM hinted")).containsExactly("[\"x\"]");
            assertThat(error(upload("table=hinted&mode=append&format=xlsx", OCTETS, "[a]\ny\n")))
                    .isEqualTo("Unknown format 'xlsx': use csv, json or parquet, or leave format out to have the file's format detected");
        }

        @Test
        void csvDelimitersOtherThanTheCommaAreTakenFromTheHeader() {
            assertThat(upload("table=semicolons&mode=create", CSV, "id;label\n1;\"a;b\"\n").status()).isEqualTo(200);
            assertThat(upload("table=tabs&mode=create", "text/tab-separated-values", "id\tlabel\n1\tx,y\n").status()).isEqualTo(200);

            assertThat(rows("SELECT id, label FROM semicolons")).containsExactly("[1,\"a;b\"]");
            assertThat(rows("SELECT id, label FROM tabs")).containsExactly("[1,\"x,y\"]");
        }
    }

    @Nested
    class Upserts {
        @Test
        void matchedRowsAreUpdatedInTheFilesColumnsAndNewKeysInserted() {
            root.query("CREATE TABLE accounts(id INTEGER, plan VARCHAR, seats INTEGER, note VARCHAR);"
                    + "INSERT INTO accounts VALUES (1, 'free', 1, 'keep me'), (2, 'free', 1, 'keep me too')");

            Answer answer = upsert("table=accounts&primary_key=id", CSV, "id,plan\n2,pro\n3,team\n");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("mode").asText()).isEqualTo("upsert");
            assertThat(answer.json().get("rows").asLong()).isEqualTo(2);
            assertThat(rows("SELECT * FROM accounts ORDER BY id")).containsExactly(
                    "[1,\"free\",1,\"keep me\"]", "[2,\"pro\",1,\"keep me too\"]", "[3,\"team\",null,null]");
        }

        @Test
        void compositeKeysMatchOnEveryKeyColumn() {
            root.query("CREATE TABLE regional(id INTEGER, region VARCHAR, total INTEGER); INSERT INTO regional VALUES (1, 'eu', 10), (1, 'us', 20)");

            // '+' in the query string is a space, as JS URLSearchParams sends it
            Answer answer = upsert("table=regional&primary_key=id,+region", JSON, "[{\"id\":1,\"region\":\"us\",\"total\":21},{\"id\":1,\"region\":\"asia\",\"total\":5}]");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(rows("SELECT * FROM regional ORDER BY region")).containsExactly("[1,\"asia\",5]", "[1,\"eu\",10]", "[1,\"us\",21]");
        }

        @Test
        void anIncomingRowWinsOnlyWithAGreaterCursorAndANullCursorNeverBeatsAValue() {
            root.query("""
                    CREATE TABLE versions(id INTEGER, version INTEGER, value VARCHAR);
                    INSERT INTO versions VALUES (1, 5, 'old'), (2, 5, 'old'), (3, 5, 'old'), (4, 5, 'old'), (5, NULL, 'old')
                    """);

            Answer answer = upsert("table=versions&primary_key=id&cursor_field=version", CSV,
                    "id,version,value\n1,6,greater\n2,4,lower\n3,5,equal\n4,,null\n5,1,beats null\n");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(rows("SELECT id, version, value FROM versions ORDER BY id")).containsExactly(
                    "[1,6,\"greater\"]", "[2,5,\"old\"]", "[3,5,\"old\"]", "[4,5,\"old\"]", "[5,1,\"beats null\"]");
        }

        @Test
        void severalCursorFieldsCompareLexicographically() {
            root.query("CREATE TABLE ticks(id INTEGER, day DATE, seq INTEGER, value VARCHAR);"
                    + "INSERT INTO ticks VALUES (1, '2024-01-02', 5, 'old'), (2, '2024-01-02', 5, 'old'), (3, '2024-01-02', 5, 'old')");

            Answer answer = upsert("table=ticks&primary_key=id&cursor_field=day,seq", CSV,
                    "id,day,seq,value\n1,2024-01-02,6,same day later seq\n2,2024-01-01,9,earlier day\n3,2024-01-03,1,later day\n");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(rows("SELECT id, value FROM ticks ORDER BY id")).containsExactly(
                    "[1,\"same day later seq\"]", "[2,\"old\"]", "[3,\"later day\"]");
        }

        @Test
        void duplicateKeysInOneFileReduceToTheHighestCursorOrTheLastOccurrence() {
            Answer withCursor = upsert("table=batch_cursor&primary_key=id&cursor_field=version", CSV,
                    "id,version,value\n1,2,second\n1,3,highest\n1,1,first\n1,,none\n2,,null only\n2,,null last\n");
            Answer withoutCursor = upsert("table=batch_plain&primary_key=id", CSV, "id,value\n1,first\n1,second\n1,last\n2,only\n");

            assertThat(withCursor.status()).isEqualTo(200);
            assertThat(withoutCursor.status()).isEqualTo(200);
            assertThat(rows("SELECT id, value FROM batch_cursor ORDER BY id")).containsExactly("[1,\"highest\"]", "[2,\"null last\"]");
            assertThat(rows("SELECT id, value FROM batch_plain ORDER BY id")).containsExactly("[1,\"last\"]", "[2,\"only\"]");
        }

        @Test
        void aKeyOnlyFileInsertsNewKeysAndLeavesMatchedRowsAlone() {
            root.query("CREATE TABLE members(id INTEGER, name VARCHAR); INSERT INTO members VALUES (1, 'ada')");

            assertThat(upsert("table=members&primary_key=id", CSV, "id\n1\n2\n").status()).isEqualTo(200);

            assertThat(rows("SELECT * FROM members ORDER BY id")).containsExactly("[1,\"ada\"]", "[2,null]");
        }

        @Test
        void aMissingTableIsCreatedFromTheFileWithOneRowPerKey() {
            Answer answer = upsert("schema=upserted&table=created&primary_key=id", JSON, "{\"id\":1,\"v\":\"a\"}\n{\"id\":1,\"v\":\"b\"}\n");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("rows").asLong()).isEqualTo(2);
            assertThat(rows("SELECT * FROM upserted.created")).containsExactly("[1,\"b\"]");
        }

        @Test
        void theLegacyModeParameterIsStillAccepted() {
            assertThat(upsert("table=legacy&mode=create", CSV, "id,v\n1,a\n").status()).isEqualTo(200);
            assertThat(upsert("table=legacy&mode=append", CSV, "id,v\n2,b\n").status()).isEqualTo(200);
            assertThat(upsert("table=legacy&mode=upsert&primary_key=id", CSV, "id,v\n2,c\n").status()).isEqualTo(200);
            assertThat(upload("table=legacy&mode=upsert&primary_key=id", CSV, "id,v\n1,d\n").status()).isEqualTo(200);

            Answer keyless = upsert("table=legacy&mode=upsert", CSV, "id,v\n3,x\n");
            assertThat(keyless.status()).isEqualTo(400);
            assertThat(error(keyless)).isEqualTo("A primary_key is required for the upsert mode");
            assertThat(error(upsert("table=legacy", CSV, "id,v\n3,x\n"))).isEqualTo("A primary_key is required for the upsert mode");
            assertThat(rows("SELECT * FROM legacy ORDER BY id")).containsExactly("[1,\"d\"]", "[2,\"c\"]");
        }

        @Test
        void aKeyOrCursorThatNamesNoColumnIs400ListingTheFilesColumns() {
            root.query("CREATE TABLE keyed(id INTEGER, v VARCHAR); INSERT INTO keyed VALUES (1, 'a')");

            Answer badKey = upsert("table=keyed&primary_key=idd", CSV, "id,v\n1,b\n");
            Answer badCursor = upsert("table=keyed&primary_key=id&cursor_field=version", CSV, "id,v\n1,b\n");

            assertThat(badKey.status()).isEqualTo(400);
            assertThat(error(badKey)).isEqualTo("The primary_key column 'idd' is not in the file; the file's columns are: id, v");
            assertThat(error(badCursor)).isEqualTo("The cursor_field column 'version' is not in the file; the file's columns are: id, v");
            assertThat(rows("SELECT * FROM keyed")).containsExactly("[1,\"a\"]");
        }
    }

    @Nested
    class Transactions {
        @Test
        void aFailingUpsertLeavesTheTableAsItWas() {
            root.query("CREATE TABLE guarded(id INTEGER, name VARCHAR NOT NULL); INSERT INTO guarded VALUES (1, 'a'), (2, 'b')");

            // row 1 would be updated, but the new row 3 breaks NOT NULL: nothing of the file may stay
            Answer answer = upsert("table=guarded&primary_key=id", CSV, "id,name\n1,changed\n3,\n");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(error(answer)).startsWith("The CSV file could not be loaded into memory.main.guarded: Constraint Error: NOT NULL constraint failed");
            assertThat(rows("SELECT * FROM guarded ORDER BY id")).containsExactly("[1,\"a\"]", "[2,\"b\"]");
        }

        @Test
        void aFailingCreateLeavesNeitherTableNorSchema() {
            // the broken row lies beyond DuckDB's sample, so the table is being filled when it fails
            StringBuilder csv = new StringBuilder("id,name\n");
            for (int i = 0; i < 30_000; i++) {
                csv.append(i).append(",n").append(i).append('\n');
            }
            csv.append("30000,n,extra\n");

            Answer answer = upload("schema=doomed&table=half&mode=create", CSV, csv.toString());

            assertThat(answer.status()).isEqualTo(400);
            assertThat(error(answer)).startsWith("The CSV file could not be loaded into memory.doomed.half: Invalid Input Error: CSV Error on Line: 30002");
            assertThat(rows("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'doomed'")).containsExactly("[0]");
        }

        @Test
        void aFailingOverwriteKeepsTheOldTable() {
            root.query("CREATE TABLE kept(id INTEGER); INSERT INTO kept VALUES (1)");

            assertThat(upload("table=kept&mode=overwrite", JSON, "[{\"id\":1}, 5]").status()).isEqualTo(400);

            assertThat(rows("SELECT * FROM kept")).containsExactly("[1]");
        }
    }

    @Nested
    class HostileInput {
        @Test
        void raggedCsvIs400AndTheTableIsUntouched() {
            root.query("CREATE TABLE strict_csv(id INTEGER, name VARCHAR); INSERT INTO strict_csv VALUES (1, 'a')");

            Answer tooMany = upload("table=strict_csv", CSV, "id,name\n2,b\n3,c,d\n");
            Answer tooFew = upload("table=strict_csv", CSV, "id,name\n2,b\n3\n");

            assertThat(tooMany.status()).isEqualTo(400);
            assertThat(tooFew.status()).isEqualTo(400);
            assertThat(error(tooMany)).startsWith("The CSV file cannot be read (send UTF-8 CSV with a header row, the same number of fields on every row and closed quotes): ");
            assertThat(error(tooMany)).doesNotContain(server.dataDirectory().toString());
            assertThat(rows("SELECT * FROM strict_csv")).containsExactly("[1,\"a\"]");
        }

        @Test
        void anUnclosedQuoteIs400() {
            Answer answer = upload("table=bad_quotes&mode=create", CSV, "id,name\n1,\"open\n2,b\n");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(error(answer)).startsWith("The CSV file cannot be read");
            assertThat(tableExists("bad_quotes")).isFalse();
        }

        @Test
        void invalidUtf8Is400() {
            byte[] body = {'i', 'd', ',', 'n', '\n', '1', ',', (byte) 0xFF, (byte) 0xFE, '\n'};

            Answer answer = upload("table=bad_utf8&mode=create", CSV, body);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(error(answer)).contains("Invalid unicode");
            assertThat(tableExists("bad_utf8")).isFalse();
        }

        @Test
        void jsonThatIsNotObjectsIs400() {
            Answer numbers = upload("table=not_objects&mode=create", JSON, "[1, 2, 3]");
            Answer mixed = upload("table=not_objects&mode=create", JSON, "[{\"a\":1}, 5]");
            Answer string = upload("table=not_objects&mode=create", JSON, "\"hello\"");
            Answer broken = upload("table=not_objects&mode=create", JSON, "{\"a\":1}\n{\"a\":");

            assertThat(List.of(numbers.status(), mixed.status(), string.status(), broken.status())).containsOnly(400);
            assertThat(error(numbers)).startsWith("The JSON file cannot be read (send an array of JSON objects, or one JSON object per line): ");
            assertThat(error(string)).isEqualTo("The JSON body must hold objects: send an array of objects, or one object per line");
            assertThat(error(broken)).contains("Malformed JSON in file \"upload.json\"");
            assertThat(tableExists("not_objects")).isFalse();
        }

        @Test
        void aParquetFileCutInHalfIs400() {
            byte[] parquet = parquet("SELECT range AS id FROM range(10000)");

            Answer answer = upload("table=half_parquet&mode=create", "application/parquet", Arrays.copyOf(parquet, parquet.length / 2));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(error(answer)).startsWith("The Parquet file cannot be read (send a complete Parquet file): ");
            assertThat(tableExists("half_parquet")).isFalse();
        }

        @Test
        void brokenGzipIs400() {
            byte[] gzip = gzip("id\n1\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
            byte[] garbage = {0x1F, (byte) 0x8B, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

            assertThat(upload("table=bad_gzip&mode=create", CSV, Arrays.copyOf(gzip, gzip.length / 2)).status()).isEqualTo(400);
            assertThat(upload("table=bad_gzip&mode=create", CSV, garbage).status()).isEqualTo(400);
            assertThat(tableExists("bad_gzip")).isFalse();
        }

        @Test
        void anEmptyBodyIs400() {
            Answer answer = upload("table=empty&mode=create", CSV, new byte[0]);
            Answer blank = upload("table=empty&mode=create", null, " \n\r\n");
            Answer emptyGzip = upload("table=empty&mode=create", OCTETS, gzip(new byte[0]));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(error(answer)).isEqualTo("The body is empty: send a CSV, JSON or Parquet file");
            assertThat(error(blank)).isEqualTo("The body is empty: send a CSV, JSON or Parquet file");
            assertThat(error(emptyGzip)).isEqualTo("The body is empty: send a CSV, JSON or Parquet file");
            assertThat(tableExists("empty")).isFalse();
        }

        @Test
        void tableNamesWithQuotesOrDotsAre400() {
            Answer quote = upload("table=a%22b&mode=create", CSV, "id\n1\n");
            Answer dot = upload("table=a.b&mode=create", CSV, "id\n1\n");
            Answer missing = upload("mode=create", CSV, "id\n1\n");

            assertThat(quote.status()).isEqualTo(400);
            assertThat(error(quote)).startsWith("The table name 'a\"b' is not allowed");
            assertThat(error(dot)).startsWith("The table name 'a.b' is not allowed");
            assertThat(error(missing)).isEqualTo("The table name is required");
        }

        @Test
        void anUnknownModeIs400ListingTheModes() {
            Answer answer = upload("table=t&mode=merge", CSV, "id\n1\n");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(error(answer)).isEqualTo("Unknown mode 'merge': use one of create, append, overwrite, create_append, upsert");
        }

        @Test
        void aValueThatDoesNotFitTheTablesTypeIs400() {
            root.query("CREATE TABLE typed(id INTEGER); INSERT INTO typed VALUES (1)");

            Answer answer = upload("table=typed", CSV, "id\nabc\n");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(rows("SELECT * FROM typed")).containsExactly("[1]");
        }
    }

    @Nested
    class Transport {
        @Test
        void expect100ContinueIsAnsweredBeforeTheBodyIsSent() throws IOException {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                byte[] body = "id\n1\n2\n".getBytes(StandardCharsets.UTF_8);
                OutputStream output = socket.getOutputStream();
                output.write(head("POST /upload?table=continued&mode=create HTTP/1.1", "Content-Type: application/octet-stream",
                        "Content-Length: " + body.length, "Expect: 100-continue", "Connection: close"));
                output.flush();
                InputStream input = socket.getInputStream();
                assertThat(readLine(input)).isEqualTo("HTTP/1.1 100 Continue");
                assertThat(readLine(input)).isEmpty();
                output.write(body);
                output.flush();
                String answer = RawHttp.readAll(input);
                assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("\"rows\":2");
            }
        }

        @Test
        void aRefusedUploadIsAnsweredWithoutWaitingForTheBody() throws IOException {
            root.query("CREATE TABLE already_there(id INTEGER)");
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                OutputStream output = socket.getOutputStream();
                output.write(head("POST /upload?table=already_there&mode=create HTTP/1.1", "Content-Length: 50000000000",
                        "Expect: 100-continue", "Connection: close"));
                output.flush();
                String answer = RawHttp.readAll(socket.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("100 Continue").contains("already exists");
            }
        }

        @Test
        void aBodyCutShortIs400AndCreatesNothing() throws IOException {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                OutputStream output = socket.getOutputStream();
                output.write(head("POST /upload?table=cut_short&mode=create HTTP/1.1", "Content-Type: text/csv", "Content-Length: 1000"));
                output.write("id\n1\n2\n".getBytes(StandardCharsets.UTF_8));
                output.flush();
                socket.shutdownOutput();
                String answer = RawHttp.readAll(socket.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 400").contains("The upload ended before the whole file arrived");
            }
            assertThat(tableExists("cut_short")).isFalse();
        }

        @Test
        void aChunkedBodyIsAccepted() {
            String chunked = "5\r\nid,na\r\n9\r\nme\n1,ada\n\r\n0\r\n\r\n";
            String answer = RawHttp.exchange(server.port(), String.join("\n",
                    "POST /upload?table=chunked&mode=create HTTP/1.1",
                    "Host: localhost",
                    "Authorization: " + root.authorization(),
                    "Content-Type: text/csv",
                    "Transfer-Encoding: chunked",
                    "Connection: close",
                    ""), chunked.getBytes(StandardCharsets.UTF_8));

            assertThat(answer).startsWith("HTTP/1.1 200 OK");
            assertThat(rows("SELECT * FROM chunked")).containsExactly("[1,\"ada\"]");
        }

        @Test
        void aLargeBodyStreamsThroughWithoutBeingHeldInMemory() {
            long rowCount = 10_000_000;
            HttpRequest.Builder request = root.request("/upload?table=large&mode=create")
                    .header("Content-Type", "text/csv")
                    .POST(BodyPublishers.ofInputStream(() -> new GeneratedCsv(rowCount)));

            Answer answer = root.send(request);

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("rows").asLong()).isEqualTo(rowCount);
            assertThat(rows("SELECT count(*), max(id), sum(amount) FROM large"))
                    .containsExactly("[" + rowCount + "," + (rowCount - 1) + "," + (rowCount / 100 * 4950) + "]");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Answer upload(String query, String contentType, String body) {
        return upload(query, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer upload(String query, String contentType, byte[] body) {
        return post("/upload?" + query, contentType, body);
    }

    private static Answer upsert(String query, String contentType, String body) {
        return post("/upsert?" + query, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer post(String path, String contentType, byte[] body) {
        HttpRequest.Builder request = root.request(path).POST(BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return root.send(request);
    }

    /** The rows of a query, each as its compact JSON array text. */
    private static List<String> rows(String sql) {
        List<JsonNode> lines = root.query(sql).lines();
        assertThat(lines.get(1).has("error")).as("%s failed: %s", sql, lines.get(1)).isFalse();
        return lines.subList(2, lines.size()).stream().map(JsonNode::toString).toList();
    }

    private static List<String> columnTypes(String table) {
        return rows("SELECT column_name || ' ' || data_type FROM duckdb_columns() WHERE table_name = '" + table + "' ORDER BY column_index")
                .stream().map(row -> row.substring(2, row.length() - 2)).toList();
    }

    private static boolean tableExists(String table) {
        return !rows("SELECT 1 FROM duckdb_tables() WHERE table_name = '" + table + "'").isEmpty();
    }

    private static String error(Answer answer) {
        return answer.json().get("error").asText();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The server's own Parquet rendering of a query. */
    private static byte[] parquet(String sql) {
        try {
            String body = HttpTestClient.JSON.writeValueAsString(Map.of("statement", sql, "format", "parquet"));
            HttpResponse<byte[]> response = HttpTestClient.client().send(root.request("/query")
                    .header("Content-Type", "application/json").POST(BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(new String(response.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream output = new GZIPOutputStream(compressed)) {
            output.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    private static byte[] head(String... lines) {
        List<String> all = new ArrayList<>(List.of(lines));
        all.add(1, "Host: localhost");
        all.add(2, "Authorization: " + root.authorization());
        return (String.join("\r\n", all) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream input) throws IOException {
        StringBuilder line = new StringBuilder();
        int value;
        while ((value = input.read()) >= 0 && value != '\n') {
            if (value != '\r') {
                line.append((char) value);
            }
        }
        return line.toString();
    }

    /**
     * "id,event,amount" rows made on the fly (about 26 bytes each), so a body of hundreds of
     * megabytes is sent without ever existing in memory or on disk on the client side.
     */
    private static final class GeneratedCsv extends InputStream {
        private final long rowCount;
        private byte[] current = "id,event,amount\n".getBytes(StandardCharsets.US_ASCII);
        private int position;
        private long nextRow;

        GeneratedCsv(long rowCount) {
            this.rowCount = rowCount;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int written = 0;
            while (written < length) {
                if (position == current.length) {
                    if (nextRow == rowCount) {
                        break;
                    }
                    current = (nextRow + ",event_" + (nextRow % 20) + "," + (nextRow % 100) + "\n").getBytes(StandardCharsets.US_ASCII);
                    position = 0;
                    nextRow++;
                }
                int count = Math.min(length - written, current.length - position);
                System.arraycopy(current, position, buffer, offset + written, count);
                position += count;
                written += count;
            }
            return written == 0 && length > 0 ? -1 : written;
        }
    }
}
