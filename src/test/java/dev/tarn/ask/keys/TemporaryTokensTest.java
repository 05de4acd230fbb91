package dev.tarn.ask.keys;

import dev.tarn.support.MovableClock;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.tarn.auth.JwtSecret;
import dev.tarn.engine.SystemDatabase;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Temporary tokens: what they carry, who may mint which, and every way a token is refused. */
class TemporaryTokensTest {
    private static final byte[] SECRET = "a test secret that is at least thirty-two bytes long".getBytes(StandardCharsets.UTF_8);
    private static final Instant START = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path folder;

    private SystemDatabase database;
    private MovableClock clock;
    private KeyStore keys;
    private TemporaryTokens tokens;

    @BeforeEach
    void open() {
        database = SystemDatabase.open(folder);
        clock = new MovableClock(START);
        keys = new KeyStore(database, clock);
        tokens = new TemporaryTokens(JwtSecret.of(SECRET), keys, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private AskCaller keyCaller(AskRole role) {
        return keys.create(KeyKind.API_KEY, "p_shop", role, List.of()).key().caller();
    }

    private static TokenRequest request(Optional<AskRole> role, Optional<String> chatRoleId, Map<String, String> variables,
                                        Map<String, Object> profile, Optional<Duration> lifetime) {
        return new TokenRequest(role, chatRoleId, variables, profile, lifetime);
    }

    private static ErrorCode refusal(Runnable call) {
        return catchThrowableOfType(TarnException.class, call::run).code();
    }

    @Test
    void aTokenCarriesItsRoleChatRoleVariablesProfileAndExpiryToTheCallerItStandsFor() {
        AskCaller admin = keyCaller(AskRole.ADMIN);
        TemporaryToken token = tokens.mint(admin, "p_shop", request(Optional.of(AskRole.ASKER), Optional.of("role_sales"),
                Map.of("user_region", "EMEA"), Map.of("name", "Ada", "plan", Map.of("tier", "gold")), Optional.of(Duration.ofSeconds(600))));

        assertThat(token.expiresAt()).isEqualTo(START.plusSeconds(600));
        AskCaller caller = tokens.verify(token.value());
        assertThat(caller).isEqualTo(new AskCaller(AskRole.ASKER, admin.keyId(), "p_shop", Optional.of("role_sales"),
                Map.of("user_region", "EMEA"), Map.of("name", "Ada", "plan", Map.of("tier", "gold")), Optional.of(START.plusSeconds(600)), false));
        assertThat(token.toString()).doesNotContain(token.value());
    }

    @Test
    void withoutARoleOrLifetimeATokenIsAnAskerFor900Seconds() {
        TemporaryToken token = tokens.mint(keyCaller(AskRole.SYS), "p_shop", TokenRequest.defaults());
        assertThat(token.role()).isEqualTo(AskRole.ASKER);
        assertThat(token.expiresAt()).isEqualTo(START.plus(TemporaryTokens.DEFAULT_LIFETIME)).isEqualTo(START.plusSeconds(900));
    }

    @Test
    void nobodyMintsATokenStrongerThanItself() {
        AskCaller asker = keyCaller(AskRole.ASKER);
        assertThat(refusal(() -> tokens.mint(asker, "p_shop", request(Optional.of(AskRole.ADMIN), Optional.empty(), Map.of(), Map.of(),
                Optional.empty())))).isEqualTo(ErrorCode.ASK_ROLE_TOO_STRONG);
        assertThat(refusal(() -> tokens.mint(asker, "p_shop", request(Optional.of(AskRole.SYS), Optional.empty(), Map.of(), Map.of(),
                Optional.empty())))).isEqualTo(ErrorCode.ASK_ROLE_TOO_STRONG);
        assertThat(tokens.mint(asker, "p_shop", request(Optional.of(AskRole.VISITOR), Optional.empty(), Map.of(), Map.of(),
                Optional.empty())).role()).isEqualTo(AskRole.VISITOR);
        assertThat(refusal(() -> tokens.mint(keyCaller(AskRole.VISITOR), "p_shop", TokenRequest.defaults()))).isEqualTo(ErrorCode.PERMISSION_DENIED);
    }

    @Test
    void aPublishableKeyMintsNothingAndOnlySysMintsForAnotherProject() {
        AskCaller publishable = keys.create(KeyKind.PUBLISHABLE, "p_shop", AskRole.ASKER, List.of(AllowedOrigin.of("https://a.example"))).key().caller();
        assertThat(refusal(() -> tokens.mint(publishable, "p_shop", TokenRequest.defaults()))).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(refusal(() -> tokens.mint(keyCaller(AskRole.ADMIN), "p_other", TokenRequest.defaults()))).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(tokens.mint(keyCaller(AskRole.SYS), "p_other", TokenRequest.defaults()).projectId()).isEqualTo("p_other");
    }

    @Test
    void aTokenBoundToAChatRoleMintsOnlyTokensWithTheSameRoleVariablesAndNoLongerLife() {
        TemporaryToken bound = tokens.mint(keyCaller(AskRole.ADMIN), "p_shop", request(Optional.of(AskRole.ASKER), Optional.of("role_sales"),
                Map.of("user_region", "EMEA"), Map.of(), Optional.of(Duration.ofSeconds(60))));
        AskCaller endUser = tokens.verify(bound.value());

        assertThat(refusal(() -> tokens.mint(endUser, "p_shop", request(Optional.empty(), Optional.of("role_all"), Map.of(), Map.of(),
                Optional.empty())))).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(refusal(() -> tokens.mint(endUser, "p_shop", request(Optional.empty(), Optional.of("role_sales"),
                Map.of("user_region", "APAC"), Map.of(), Optional.empty())))).isEqualTo(ErrorCode.PERMISSION_DENIED);

        TemporaryToken child = tokens.mint(endUser, "p_shop", request(Optional.empty(), Optional.empty(), Map.of(), Map.of(),
                Optional.of(Duration.ofHours(1))));
        assertThat(child.chatRoleId()).contains("role_sales");
        assertThat(child.roleVariables()).isEqualTo(Map.of("user_region", "EMEA"));
        assertThat(child.expiresAt()).isEqualTo(bound.expiresAt());
        assertThat(tokens.verify(child.value()).chatRoleId()).contains("role_sales");
    }

    @Test
    void lifetimesOutsideOneSecondToADayAndOversizedProfilesAreRefusedWithA400() {
        AskCaller admin = keyCaller(AskRole.ADMIN);
        for (Duration lifetime : List.of(Duration.ZERO, Duration.ofSeconds(-5), Duration.ofHours(24).plusSeconds(1))) {
            assertThat(refusal(() -> tokens.mint(admin, "p_shop", request(Optional.empty(), Optional.empty(), Map.of(), Map.of(),
                    Optional.of(lifetime))))).isEqualTo(ErrorCode.INVALID_FIELD);
        }
        assertThat(refusal(() -> tokens.mint(admin, "p_shop", request(Optional.empty(), Optional.empty(), Map.of(),
                Map.of("notes", "x".repeat(5000)), Optional.empty())))).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refusal(() -> tokens.mint(admin, "p_shop", request(Optional.empty(), Optional.empty(), Map.of("region", "EMEA"),
                Map.of(), Optional.empty())))).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void aTokenWorksUntilItsExpiryAndNotOneSecondLonger() {
        TemporaryToken token = tokens.mint(keyCaller(AskRole.ADMIN), "p_shop", request(Optional.empty(), Optional.empty(), Map.of(), Map.of(),
                Optional.of(Duration.ofSeconds(10))));
        clock.advance(Duration.ofMillis(9_999));
        assertThat(tokens.verify(token.value()).role()).isEqualTo(AskRole.ASKER);
        clock.advance(Duration.ofMillis(1));
        assertThat(refusal(() -> tokens.verify(token.value()))).isEqualTo(ErrorCode.ASK_TOKEN_EXPIRED);
    }

    @Test
    void aTokenDiesWithTheKeyThatMintedIt() {
        NewKey key = keys.create(KeyKind.API_KEY, "p_shop", AskRole.ADMIN, List.of());
        TemporaryToken token = tokens.mint(key.key().caller(), "p_shop", TokenRequest.defaults());
        keys.delete(KeyKind.API_KEY, "p_shop", key.key().id());
        assertThat(refusal(() -> tokens.verify(token.value()))).isEqualTo(ErrorCode.ASK_TOKEN_INVALID);
    }

    @Test
    void aTamperedTokenIsRefused() {
        TemporaryToken token = tokens.mint(keyCaller(AskRole.ASKER), "p_shop", request(Optional.of(AskRole.VISITOR), Optional.empty(), Map.of(),
                Map.of(), Optional.empty()));
        String[] parts = token.value().split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String raised = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims.replace("\"ak_role\":\"visitor\"", "\"ak_role\":\"sys\"").getBytes(StandardCharsets.UTF_8));
        assertThat(raised).isNotEqualTo(parts[1]);
        assertThat(refusal(() -> tokens.verify(parts[0] + "." + raised + "." + parts[2]))).isEqualTo(ErrorCode.ASK_TOKEN_INVALID);
        assertThat(refusal(() -> tokens.verify(parts[0] + "." + parts[1] + "." + parts[2].substring(1)))).isEqualTo(ErrorCode.ASK_TOKEN_INVALID);
        assertThat(refusal(() -> tokens.verify("eyJ.not.jwt"))).isEqualTo(ErrorCode.ASK_TOKEN_INVALID);
    }

    @Test
    void tokensSignedWithAnotherKeyUnsignedOrOfTheRealtimeApiAreRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("tarn").subject("administrator").issueTime(Date.from(START))
                .expirationTime(Date.from(START.plusSeconds(600))).claim("token_type", "asktable_temporary")
                .claim("ak_role", "sys").claim("project_id", "p_shop").build();
        // the realtime API signs with the configured secret itself; ask tokens use a key derived from it
        SignedJWT withTheRawSecret = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        withTheRawSecret.sign(new MACSigner(SECRET));
        assertThat(refusal(() -> tokens.verify(withTheRawSecret.serialize()))).isEqualTo(ErrorCode.ASK_TOKEN_INVALID);

        assertThat(refusal(() -> tokens.verify(new PlainJWT(claims).serialize() + "x"))).isEqualTo(ErrorCode.ASK_TOKEN_INVALID);

        TemporaryTokens otherServer = new TemporaryTokens(JwtSecret.of("another secret that is at least thirty-two bytes".getBytes(StandardCharsets.UTF_8)),
                keys, clock);
        TemporaryToken foreign = otherServer.mint(AskCaller.of(AskRole.SYS, Optional.empty()), AskCaller.DEFAULT_PROJECT, TokenRequest.defaults());
        assertThat(refusal(() -> tokens.verify(foreign.value()))).isEqualTo(ErrorCode.ASK_TOKEN_INVALID);
    }
}
