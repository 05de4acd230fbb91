package dev.tarn.ingest;

import dev.tarn.error.TarnException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order of the wire contract: Content-Type, then the format hint, then the first bytes. */
class FormatDetectionTest {

    @Test
    void theContentTypeDecidesFirst() {
        assertThat(detect("text/csv; charset=utf-8", null, "{\"a\":1}")).isEqualTo(FileFormat.CSV);
        assertThat(detect("application/csv", null, "a\n1")).isEqualTo(FileFormat.CSV);
        assertThat(detect("application/json", "csv", "[{\"a\":1}]")).isEqualTo(FileFormat.JSON_ARRAY);
        assertThat(detect("application/vnd.api+json", null, "{\"a\":1}")).isEqualTo(FileFormat.JSON_OBJECTS);
        assertThat(detect("application/x-ndjson", null, "{\"a\":1}\n{\"a\":2}")).isEqualTo(FileFormat.JSON_OBJECTS);
        assertThat(detect("application/jsonl", null, "{\"a\":1}")).isEqualTo(FileFormat.JSON_OBJECTS);
        assertThat(detect("application/parquet", null, "anything")).isEqualTo(FileFormat.PARQUET);
        assertThat(detect("application/vnd.apache.parquet", null, "anything")).isEqualTo(FileFormat.PARQUET);
    }

    @Test
    void mediaTypesThatSayNothingFallThroughToTheHintThenTheBytes() {
        assertThat(detect("application/octet-stream", "json", "{\"a\":1}")).isEqualTo(FileFormat.JSON_OBJECTS);
        assertThat(detect("text/plain;charset=UTF-8", "parquet", "PAR1")).isEqualTo(FileFormat.PARQUET);
        assertThat(detect(null, "CSV", "[a]\n1")).isEqualTo(FileFormat.CSV);
        assertThat(detect("application/octet-stream", null, "PAR1\u0015\u0004")).isEqualTo(FileFormat.PARQUET);
        assertThat(detect(null, null, " \n\t[{\"a\":1}]")).isEqualTo(FileFormat.JSON_ARRAY);
        assertThat(detect("application/x-www-form-urlencoded", null, "{\"a\":1}")).isEqualTo(FileFormat.JSON_OBJECTS);
        assertThat(detect(null, null, "\uFEFF{\"a\":1}")).isEqualTo(FileFormat.JSON_OBJECTS);
        assertThat(detect(null, null, "id,name\n1,a")).isEqualTo(FileFormat.CSV);
        assertThat(detect(null, null, "été,name\n1,a")).isEqualTo(FileFormat.CSV);
    }

    @Test
    void jsonThatStartsWithNeitherAnObjectNorAnArrayIsRefused() {
        assertThatThrownBy(() -> detect("application/json", null, "\"hello\""))
                .isInstanceOf(TarnException.class)
                .hasMessage("The JSON body must hold objects: send an array of objects, or one object per line");
    }

    @Test
    void anUnknownHintIsRefusedWithTheFormatsThatExist() {
        assertThatThrownBy(() -> detect(null, "xlsx", "a"))
                .hasMessage("Unknown format 'xlsx': use csv, json or parquet, or leave format out to have the file's format detected");
    }

    @Test
    void theCsvDelimiterIsTheMostFrequentCandidateOutsideQuotesInTheHeader() {
        assertThat(dialect("a,b,c\n1;2;3;4;5").delimiter()).isEqualTo(',');
        assertThat(dialect("a;b;\"c,d,e\"\n1;2;3").delimiter()).isEqualTo(';');
        assertThat(dialect("a\tb\n").delimiter()).isEqualTo('\t');
        assertThat(dialect("a|b|c").delimiter()).isEqualTo('|');
        assertThat(dialect("single\n1").delimiter()).isEqualTo(',');
    }

    private static FileFormat detect(String contentType, String hint, String head) {
        byte[] bytes = head.getBytes(StandardCharsets.UTF_8);
        return FormatDetection.detect(Optional.ofNullable(contentType), Optional.ofNullable(hint), bytes, bytes.length);
    }

    private static CsvDialect dialect(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.UTF_8);
        return CsvDialect.of(bytes, bytes.length);
    }
}
