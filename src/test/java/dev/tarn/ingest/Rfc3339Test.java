package dev.tarn.ingest;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 3339 date-times are recognised in every form appends send, and nothing else is. */
class Rfc3339Test {

    @Test
    void readsZonedNaiveAndShortForms() {
        assertThat(Rfc3339.parse("2024-03-01T10:11:12.123456Z").orElseThrow().zoned().toString()).isEqualTo("2024-03-01T10:11:12.123456Z");
        assertThat(Rfc3339.parse("2024-03-01 10:11:12+02:00").orElseThrow().offset()).contains(ZoneOffset.ofHours(2));
        assertThat(Rfc3339.parse("2024-03-01T10:11:12-0530").orElseThrow().offset()).contains(ZoneOffset.ofHoursMinutes(-5, -30));
        assertThat(Rfc3339.parse("2024-03-01T10:11:12+01").orElseThrow().offset()).contains(ZoneOffset.ofHours(1));
        assertThat(Rfc3339.parse("2024-03-01T10:11").orElseThrow().local()).isEqualTo(LocalDateTime.of(2024, 3, 1, 10, 11));
        assertThat(Rfc3339.parse("2024-03-01t10:11:12.5").orElseThrow().local().getNano()).isEqualTo(500_000_000);
        assertThat(Rfc3339.parse("2024-03-01T10:11:12.123456789Z").orElseThrow().local().getNano()).isEqualTo(123_456_789);
    }

    @Test
    void refusesWhatIsNotADateTime() {
        for (String text : new String[] {"2024-03-01", "2024-13-01T10:11:12Z", "2024-02-30T10:11:12Z", "2024-03-01T25:00:00Z",
                "2024-03-01T10:11:12.Z", "2024-03-01T10:11:12+2", "2024-03-01T10:11:12 UTC", "hello world, how are you", "2024-03-01X10:11:12"}) {
            assertThat(Rfc3339.parse(text)).as(text).isEmpty();
        }
    }

    @Test
    void valueTypesFollowTheShapeOfTheString() {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(ValueType.of(json.valueToTree("2024-03-01T10:11:12Z"))).contains(ValueType.TIMESTAMPTZ);
        assertThat(ValueType.of(json.valueToTree("2024-03-01T10:11:12"))).contains(ValueType.TIMESTAMP);
        assertThat(ValueType.of(json.valueToTree("2024-03-01"))).contains(ValueType.VARCHAR);
        assertThat(ValueType.BIGINT.unify(ValueType.DOUBLE)).isEqualTo(ValueType.DOUBLE);
        assertThat(ValueType.TIMESTAMP.unify(ValueType.TIMESTAMPTZ)).isEqualTo(ValueType.TIMESTAMPTZ);
        assertThat(ValueType.BIGINT.unify(ValueType.VARCHAR)).isEqualTo(ValueType.VARCHAR);
        assertThat(ValueType.BOOLEAN.unify(ValueType.JSON)).isEqualTo(ValueType.JSON);
    }
}
