package dev.tarn.ask.keys;

import dev.tarn.support.MovableClock;
import dev.tarn.auth.Authenticator;
import dev.tarn.auth.JwtSecret;
import dev.tarn.auth.PasswordHasher;
import dev.tarn.auth.Role;
import dev.tarn.auth.UserStore;
import dev.tarn.engine.SystemDatabase;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** One authentication for every AskTable and Ask route: which credential becomes which caller, and which is refused. */
class AskCredentialsTest {
    @TempDir
    Path folder;

    private SystemDatabase database;
    private KeyStore keys;
    private TemporaryTokens tokens;
    private AskCredentials credentials;

    @BeforeEach
    void open() {
        database = SystemDatabase.open(folder);
        MovableClock clock = new MovableClock(Instant.parse("2026-05-01T10:00:00Z"));
        keys = new KeyStore(database, clock);
        tokens = new TemporaryTokens(JwtSecret.of("a test secret that is at least thirty-two bytes long".getBytes(StandardCharsets.UTF_8)), keys, clock);
        PasswordHasher hasher = new PasswordHasher(4);
        UserStore users = new UserStore(database, hasher);
        users.create("dba", Role.DBA, "dba-secret-1", Optional.empty());
        users.create("alice", Role.USER, "alice-secret-1", Optional.empty());
        credentials = new AskCredentials(keys, tokens, new AdministratorLogin(new Authenticator(users, hasher)));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private AskCaller bearer(String value, String origin) {
        return credentials.authenticate(Optional.of("Bearer " + value), Optional.ofNullable(origin));
    }

    private ErrorCode refusal(String authorization, String origin) {
        return catchThrowableOfType(TarnException.class,
                () -> credentials.authenticate(Optional.ofNullable(authorization), Optional.ofNullable(origin))).code();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anApiKeyActsWithItsRoleProjectAndIdAndItsUseIsRecorded() {
        NewKey created = keys.create(KeyKind.API_KEY, "p_shop", AskRole.ADMIN, List.of());
        AskCaller caller = credentials.authenticate(Optional.of("bearer  " + created.clearValue() + " "), Optional.empty());
        assertThat(caller).isEqualTo(new AskCaller(AskRole.ADMIN, Optional.of(created.key().id()), "p_shop", Optional.empty(),
                java.util.Map.of(), java.util.Map.of(), Optional.empty(), false));
        assertThat(keys.list(KeyKind.API_KEY, "p_shop").getFirst().lastUsedAt()).isPresent();
    }

    @Test
    void aSecretAskKeyActsAsAnAskerAndATokenAsWhatItCarries() {
        NewKey secret = keys.create(KeyKind.SECRET, "p_shop", AskRole.ASKER, List.of());
        assertThat(bearer(secret.clearValue(), null).role()).isEqualTo(AskRole.ASKER);
        assertThat(bearer(secret.clearValue(), null).askOnly()).isFalse();

        TemporaryToken token = tokens.mint(bearer(secret.clearValue(), null), "p_shop", TokenRequest.defaults());
        assertThat(bearer(token.value(), null).keyId()).contains(secret.key().id());
    }

    @Test
    void aPublishableKeyWorksOnlyFromItsOriginsAndOnlyToAsk() {
        NewKey publishable = keys.create(KeyKind.PUBLISHABLE, "p_shop", AskRole.ASKER,
                List.of(AllowedOrigin.of("https://shop.example.com"), AllowedOrigin.of("http://localhost:3000")));
        AskCaller caller = bearer(publishable.clearValue(), "https://Shop.Example.com");
        assertThat(caller.askOnly()).isTrue();
        assertThat(caller.may(AskPermission.ASK)).isTrue();
        assertThat(caller.may(AskPermission.SEE_SELF)).isFalse();
        assertThat(caller.may(AskPermission.ISSUE_TOKENS)).isFalse();
        assertThat(bearer(publishable.clearValue(), "http://localhost:3000").askOnly()).isTrue();

        String value = "Bearer " + publishable.clearValue();
        for (String origin : new String[]{null, "", "null", "https://evil.example", "http://shop.example.com", "https://shop.example.com:8443",
                "http://localhost:3001", "https://shop.example.com.evil.example"}) {
            assertThat(refusal(value, origin)).as(String.valueOf(origin)).isEqualTo(ErrorCode.ASK_ORIGIN_NOT_ALLOWED);
        }
    }

    @Test
    void unknownDeletedOrMalformedCredentialsAreRefusedWith401Codes() {
        NewKey created = keys.create(KeyKind.API_KEY, "p_shop", AskRole.ADMIN, List.of());
        keys.delete(KeyKind.API_KEY, "p_shop", created.key().id());
        assertThat(refusal("Bearer " + created.clearValue(), null)).isEqualTo(ErrorCode.ASK_KEY_INVALID);
        assertThat(refusal("Bearer ask_admin_made-up", null)).isEqualTo(ErrorCode.ASK_KEY_INVALID);
        assertThat(refusal("Bearer ", null)).isEqualTo(ErrorCode.AUTHENTICATION_REQUIRED);
        assertThat(refusal(null, null)).isEqualTo(ErrorCode.AUTHENTICATION_REQUIRED);
        assertThat(refusal("Token abc", null)).isEqualTo(ErrorCode.AUTHENTICATION_REQUIRED);
        assertThat(refusal("Bearer eyJhbGciOiJIUzI1NiJ9.e30.AAAA", null)).isEqualTo(ErrorCode.ASK_TOKEN_INVALID);
    }

    @Test
    void aTarnAdministratorsBasicCredentialsActAsSysAndOtherUsersAreTurnedAway() {
        assertThat(credentials.authenticate(Optional.of(basic("dba", "dba-secret-1")), Optional.empty()).role()).isEqualTo(AskRole.SYS);
        assertThat(refusal(basic("dba", "wrong-password"), null)).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
        assertThat(refusal(basic("alice", "alice-secret-1"), null)).isEqualTo(ErrorCode.PERMISSION_DENIED);
    }
}
