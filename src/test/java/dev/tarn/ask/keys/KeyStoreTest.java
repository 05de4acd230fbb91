package dev.tarn.ask.keys;

import dev.tarn.support.MovableClock;
import dev.tarn.engine.SystemDatabase;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The key store: what it keeps (a hash, never the value), what it finds, and what a delete or a restart does. */
class KeyStoreTest {
    private static final Instant START = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path folder;

    private SystemDatabase database;
    private MovableClock clock;
    private KeyStore keys;

    @BeforeEach
    void open() {
        database = SystemDatabase.open(folder);
        clock = new MovableClock(START);
        keys = new KeyStore(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aNewKeyHasItsRolesPrefixAndA256BitRandomPartAndIsFoundByItsValue() {
        for (AskRole role : AskRole.values()) {
            NewKey created = keys.create(KeyKind.API_KEY, "p_shop", role, List.of());
            assertThat(created.clearValue()).matches("ask_" + role.wireName() + "_[A-Za-z0-9_-]{43}");
            assertThat(created.key().maskedValue()).isEqualTo("ask_" + role.wireName() + "_****"
                    + created.clearValue().substring(created.clearValue().length() - 4));
            assertThat(created.key().id()).matches("ak_[0-9a-f]{32}");
            assertThat(created.key().status()).isEqualTo(StoredKey.ACTIVE);
            assertThat(created.key().createdAt()).isEqualTo(START);
            assertThat(keys.find(created.clearValue())).contains(created.key());
        }
        NewKey secret = keys.create(KeyKind.SECRET, "p_shop", AskRole.ASKER, List.of());
        NewKey publishable = keys.create(KeyKind.PUBLISHABLE, "p_shop", AskRole.ASKER, List.of(AllowedOrigin.of("https://shop.example.com")));
        assertThat(secret.clearValue()).startsWith("sk_live_");
        assertThat(publishable.clearValue()).startsWith("pk_live_");
        assertThat(keys.find(publishable.clearValue()).orElseThrow().allowedOrigins()).containsExactly(AllowedOrigin.of("https://shop.example.com"));
    }

    @Test
    void theDatabaseHoldsTheSha256OfTheValueAndNoColumnHoldsTheValueItself() {
        NewKey created = keys.create(KeyKind.API_KEY, "p_shop", AskRole.ADMIN, List.of());
        List<Map<String, Object>> rows = database.query("SELECT * FROM ask_keys");
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().get("value_hash")).isEqualTo(KeyValues.hash(created.clearValue())).isEqualTo(created.valueHash());
        assertThat(KeyValues.hash(created.clearValue())).hasSize(64);
        assertThat(rows.getFirst().values()).noneMatch(value -> String.valueOf(value).contains(created.clearValue().substring("ask_admin_".length())));
        assertThat(created.toString()).doesNotContain(created.clearValue());
    }

    @Test
    void aValueThatIsNotAKeyOrAlmostOneIsNotFound() {
        NewKey created = keys.create(KeyKind.API_KEY, "p_shop", AskRole.ASKER, List.of());
        String value = created.clearValue();
        assertThat(keys.find(value.substring(0, value.length() - 1) + (value.endsWith("A") ? "B" : "A"))).isEmpty();
        assertThat(keys.find(value + " ")).isEmpty();
        assertThat(keys.find("")).isEmpty();
        assertThat(keys.find(created.valueHash())).as("the hash is not a credential").isEmpty();
    }

    @Test
    void aDeletedKeyIsNotFoundAtOnceAndAnotherProjectCannotDeleteIt() {
        NewKey created = keys.create(KeyKind.API_KEY, "p_shop", AskRole.ASKER, List.of());
        TarnException foreign = catchThrowableOfType(TarnException.class,
                () -> keys.delete(KeyKind.API_KEY, "p_other", created.key().id()));
        assertThat(foreign.code()).isEqualTo(ErrorCode.ASK_KEY_NOT_FOUND);
        assertThat(keys.find(created.clearValue())).isPresent();

        keys.delete(KeyKind.API_KEY, "p_shop", created.key().id());
        assertThat(keys.find(created.clearValue())).isEmpty();
        assertThat(keys.exists(created.key().id())).isFalse();
        assertThat(keys.list(KeyKind.API_KEY, "p_shop")).isEmpty();
        assertThat(catchThrowableOfType(TarnException.class, () -> keys.delete(KeyKind.API_KEY, "p_shop", created.key().id())).code())
                .isEqualTo(ErrorCode.ASK_KEY_NOT_FOUND);
    }

    @Test
    void keysSurviveARestartAndDeletedOnesStayDeleted() {
        NewKey kept = keys.create(KeyKind.PUBLISHABLE, "p_shop", AskRole.ASKER, List.of(AllowedOrigin.of("https://a.example"),
                AllowedOrigin.of("http://localhost:3000")));
        NewKey deleted = keys.create(KeyKind.API_KEY, "p_shop", AskRole.ADMIN, List.of());
        keys.delete(KeyKind.API_KEY, "p_shop", deleted.key().id());

        KeyStore reopened = new KeyStore(database, clock);
        assertThat(reopened.find(kept.clearValue())).contains(kept.key());
        assertThat(reopened.find(deleted.clearValue())).isEmpty();
    }

    @Test
    void listingShowsOneKindOfOneProjectOldestFirst() {
        NewKey first = keys.create(KeyKind.API_KEY, "p_shop", AskRole.ADMIN, List.of());
        clock.advance(Duration.ofSeconds(1));
        NewKey second = keys.create(KeyKind.API_KEY, "p_shop", AskRole.VISITOR, List.of());
        keys.create(KeyKind.API_KEY, "p_other", AskRole.ADMIN, List.of());
        keys.create(KeyKind.SECRET, "p_shop", AskRole.ASKER, List.of());
        assertThat(keys.list(KeyKind.API_KEY, "p_shop")).containsExactly(first.key(), second.key());
    }

    @Test
    void theLastUseIsExactInMemoryAndReachesTheDiskAtMostOncePerMinute() {
        NewKey created = keys.create(KeyKind.API_KEY, "p_shop", AskRole.ASKER, List.of());
        clock.advance(Duration.ofSeconds(5));
        keys.recordUse(created.key());
        Instant firstUse = clock.instant();
        clock.advance(Duration.ofSeconds(30));
        keys.recordUse(created.key());
        assertThat(keys.list(KeyKind.API_KEY, "p_shop").getFirst().lastUsedAt()).contains(clock.instant());
        assertThat(lastUseOnDisk()).contains(firstUse);

        clock.advance(Duration.ofSeconds(31));
        keys.recordUse(created.key());
        assertThat(lastUseOnDisk()).contains(clock.instant());
        assertThat(new KeyStore(database, clock).list(KeyKind.API_KEY, "p_shop").getFirst().lastUsedAt()).contains(clock.instant());
    }

    private Optional<Instant> lastUseOnDisk() {
        Object value = database.query("SELECT last_used_at FROM ask_keys").getFirst().get("last_used_at");
        return Optional.ofNullable(value).map(time -> ((LocalDateTime) time).toInstant(ZoneOffset.UTC));
    }
}
