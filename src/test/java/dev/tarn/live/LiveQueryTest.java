package dev.tarn.live;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one shape of a subscription query, and the codes of the shapes it refuses. */
class LiveQueryTest {
    @Test
    void keepsTheTableAliasProjectionAndPredicateAsSingleExpressions() {
        LiveQuery query = LiveQuery.parse("SELECT c.id, upper(sku) AS loud FROM shop.carts AS c WHERE qty > 0 AND sku ILIKE 'a%';");
        assertThat(query.namespace()).isEqualTo("shop");
        assertThat(query.table()).isEqualTo("carts");
        assertThat(query.alias()).isEqualTo("c");
        assertThat(query.projection()).isEqualTo("c.id, upper(sku) AS loud");
        assertThat(query.predicate()).contains("qty > 0 AND sku ILIKE 'a%'");
        assertThat(LiveQuery.parse("SELECT * FROM memory.shop.carts").predicate()).isEqualTo(Optional.empty());
    }

    @Test
    void refusesEveryOtherShapeWithTheProtocolsCodes() {
        assertCode("SELECT * FROM carts", ErrorCode.LIVE_INVALID_SQL);
        assertCode("SELECT * FROM shop.carts; SELECT 1", ErrorCode.LIVE_INVALID_SQL);
        assertCode("DELETE FROM shop.carts", ErrorCode.LIVE_INVALID_SQL);
        assertCode("SELECT * FROM shop.carts ORDER BY id", ErrorCode.LIVE_UNSUPPORTED);
        assertCode("SELECT * FROM shop.carts LIMIT 1", ErrorCode.LIVE_UNSUPPORTED);
        assertCode("SELECT * FROM shop.a JOIN shop.b ON a.id = b.id", ErrorCode.LIVE_UNSUPPORTED);
        assertCode("SELECT * FROM shop.a, shop.b", ErrorCode.LIVE_UNSUPPORTED);
        assertCode("WITH x AS (SELECT 1) SELECT * FROM x", ErrorCode.LIVE_UNSUPPORTED);
        assertCode("SELECT * FROM shop.a UNION SELECT * FROM shop.b", ErrorCode.LIVE_UNSUPPORTED);
        assertCode("SELECT * FROM shop.a WHERE id IN (SELECT id FROM shop.b)", ErrorCode.LIVE_UNSUPPORTED);
        assertCode("SELECT sku, count(*) FROM shop.a GROUP BY sku", ErrorCode.LIVE_UNSUPPORTED);
        assertCode("SELECT * FROM other.shop.carts", ErrorCode.LIVE_UNSUPPORTED);
    }

    private static void assertCode(String sql, ErrorCode code) {
        assertThatThrownBy(() -> LiveQuery.parse(sql)).as(sql).isInstanceOf(TarnException.class)
                .satisfies(error -> assertThat(((TarnException) error).code()).as(sql).isEqualTo(code));
    }
}
