package dev.tarn.auth;

import dev.tarn.support.MovableClock;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.tarn.engine.SystemDatabase;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.ErrorKind;
import dev.tarn.error.TarnException;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Access and refresh tokens: what is accepted, what is refused, and with which code. */
class TokenServiceTest {
    private static final byte[] SECRET = "a test secret that is at least thirty-two bytes long".getBytes(StandardCharsets.UTF_8);
    private static final Duration LIFETIME = Duration.ofHours(1);

    @TempDir
    Path folder;

    private SystemDatabase database;
    private UserStore users;
    private MovableClock clock;
    private TokenService tokens;

    @BeforeEach
    void open() {
        database = SystemDatabase.open(folder);
        users = new UserStore(database, new PasswordHasher(4));
        users.create("alice", Role.USER, "alice-secret-1", Optional.of("alice@example.com"));
        clock = new MovableClock(Instant.parse("2026-05-01T10:00:00Z"));
        tokens = new TokenService(JwtSecret.of(SECRET), LIFETIME, users, new TokenLedger(database, clock), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private User alice() {
        return users.find("alice").orElseThrow();
    }

    @Test
    void anAccessTokenCarriesTheContractsClaimsAndStandsForItsUser() throws Exception {
        IssuedTokens issued = tokens.issue(alice());
        assertThat(tokens.verifyAccessToken(issued.accessToken())).isEqualTo(new Principal("alice", Role.USER));

        JWTClaimsSet access = SignedJWT.parse(issued.accessToken()).getJWTClaimsSet();
        assertThat(access.getSubject()).isEqualTo("alice");
        assertThat(access.getIssuer()).isEqualTo("tarn");
        assertThat(access.getStringClaim("role")).isEqualTo("user");
        assertThat(access.getStringClaim("email")).isEqualTo("alice@example.com");
        assertThat(access.getStringClaim("token_type")).isEqualTo("access");
        assertThat(access.getJWTID()).isNotBlank();
        assertThat(access.getIssueTime().toInstant()).isEqualTo(clock.instant());
        assertThat(access.getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(LIFETIME)).isEqualTo(issued.accessExpiresAt());

        JWTClaimsSet refresh = SignedJWT.parse(issued.refreshToken()).getJWTClaimsSet();
        assertThat(refresh.getStringClaim("token_type")).isEqualTo("refresh");
        assertThat(refresh.getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(LIFETIME.multipliedBy(7)));
        assertThat(refresh.getJWTID()).isNotEqualTo(access.getJWTID());
    }

    @Test
    void anExpiredTokenIsAcceptedWithinTheSixtySecondLeewayAndRefusedAfter() {
        String token = tokens.issue(alice()).accessToken();
        clock.advance(LIFETIME.plusSeconds(59));
        assertThat(tokens.verifyAccessToken(token).userName()).isEqualTo("alice");
        clock.advance(Duration.ofSeconds(2));
        assertRefused(() -> tokens.verifyAccessToken(token), ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    void aTokenIssuedInTheFutureIsRefusedBeyondTheLeeway() {
        String slightlyAhead = forge(SECRET, claims -> claims.issueTime(Date.from(clock.instant().plusSeconds(30))));
        assertThat(tokens.verifyAccessToken(slightlyAhead).userName()).isEqualTo("alice");
        String fromTheFuture = forge(SECRET, claims -> claims.issueTime(Date.from(clock.instant().plus(Duration.ofMinutes(5)))));
        assertRefused(() -> tokens.verifyAccessToken(fromTheFuture), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        byte[] otherSecret = "another secret, just as long as the real one is".getBytes(StandardCharsets.UTF_8);
        assertRefused(() -> tokens.verifyAccessToken(forge(otherSecret, claims -> { })), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void aTokenWhosePayloadWasChangedIsRefused() {
        String genuine = tokens.issue(alice()).accessToken();
        String[] parts = genuine.split("\\.");
        String promoted = forge(SECRET, claims -> claims.claim("role", "system")).split("\\.")[1];
        assertRefused(() -> tokens.verifyAccessToken(parts[0] + "." + promoted + "." + parts[2]), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void anUnsignedTokenAndGarbageAreRefused() {
        String unsigned = new PlainJWT(baseClaims().build()).serialize();
        assertRefused(() -> tokens.verifyAccessToken(unsigned), ErrorCode.INVALID_TOKEN);
        assertRefused(() -> tokens.verifyAccessToken("not.a.token"), ErrorCode.INVALID_TOKEN);
        assertRefused(() -> tokens.verifyAccessToken(""), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void aTokenOfAnotherIssuerOrWithoutTheTypeClaimIsRefused() {
        assertRefused(() -> tokens.verifyAccessToken(forge(SECRET, claims -> claims.issuer("kalamdb"))), ErrorCode.INVALID_TOKEN);
        assertRefused(() -> tokens.verifyAccessToken(forge(SECRET, claims -> claims.claim("token_type", null))), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void aRefreshTokenIsNoAccessTokenAndAnAccessTokenNoRefreshToken() {
        IssuedTokens issued = tokens.issue(alice());
        assertRefused(() -> tokens.verifyAccessToken(issued.refreshToken()), ErrorCode.INVALID_TOKEN);
        assertRefused(() -> tokens.refresh(issued.accessToken()), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void refreshGivesANewPairAndAReusedRefreshTokenEndsTheWholeSession() {
        IssuedTokens first = tokens.issue(alice());
        clock.advance(Duration.ofMinutes(1));
        IssuedTokens second = tokens.refresh(first.refreshToken());
        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(second.accessExpiresAt()).isEqualTo(clock.instant().plus(LIFETIME));
        assertThat(tokens.verifyAccessToken(second.accessToken()).userName()).isEqualTo("alice");

        assertRefused(() -> tokens.refresh(first.refreshToken()), ErrorCode.TOKEN_REVOKED);
        // whoever replayed the old token may hold the new ones too: they are refused as well
        assertRefused(() -> tokens.refresh(second.refreshToken()), ErrorCode.TOKEN_REVOKED);
        assertRefused(() -> tokens.verifyAccessToken(second.accessToken()), ErrorCode.TOKEN_REVOKED);
        // other sessions of the same user go on
        assertThat(tokens.verifyAccessToken(tokens.issue(alice()).accessToken()).userName()).isEqualTo("alice");
    }

    @Test
    void spentRefreshTokensAndEndedSessionsAreRememberedAcrossARestart() {
        IssuedTokens spent = tokens.issue(alice());
        tokens.refresh(spent.refreshToken());
        IssuedTokens loggedOut = tokens.issue(alice());
        tokens.endSession(loggedOut.refreshToken());

        TokenService restarted = new TokenService(JwtSecret.of(SECRET), LIFETIME, users, new TokenLedger(database, clock), clock);
        assertRefused(() -> restarted.refresh(spent.refreshToken()), ErrorCode.TOKEN_REVOKED);
        assertRefused(() -> restarted.verifyAccessToken(loggedOut.accessToken()), ErrorCode.TOKEN_REVOKED);
    }

    @Test
    void aDroppedUserOrAChangedRoleInvalidatesTheTokensIssuedBefore() {
        IssuedTokens issued = tokens.issue(alice());
        users.changeRole("alice", Role.SERVICE);
        assertRefused(() -> tokens.verifyAccessToken(issued.accessToken()), ErrorCode.ROLE_CHANGED);
        assertRefused(() -> tokens.refresh(issued.refreshToken()), ErrorCode.ROLE_CHANGED);

        IssuedTokens afterTheChange = tokens.issue(alice());
        assertThat(tokens.verifyAccessToken(afterTheChange.accessToken()).role()).isEqualTo(Role.SERVICE);
        users.delete("alice");
        assertRefused(() -> tokens.verifyAccessToken(afterTheChange.accessToken()), ErrorCode.USER_DELETED);
        assertRefused(() -> tokens.refresh(afterTheChange.refreshToken()), ErrorCode.USER_DELETED);
    }

    @Test
    void everyRefusalIsAnAuthenticationError() {
        for (ErrorCode code : new ErrorCode[] {ErrorCode.INVALID_TOKEN, ErrorCode.TOKEN_EXPIRED, ErrorCode.TOKEN_REVOKED,
                ErrorCode.USER_DELETED, ErrorCode.ROLE_CHANGED}) {
            assertThat(code.kind()).as(code.name()).isEqualTo(ErrorKind.UNAUTHENTICATED);
        }
    }

    private void assertRefused(ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        TarnException error = catchThrowableOfType(TarnException.class, call);
        assertThat(error).as("expected " + code).isNotNull();
        assertThat(error.code()).as(error.getMessage()).isEqualTo(code);
    }

    private JWTClaimsSet.Builder baseClaims() {
        return new JWTClaimsSet.Builder()
                .subject("alice")
                .issuer("tarn")
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .claim("role", "user")
                .claim("token_type", "access")
                .claim("sid", UUID.randomUUID().toString());
    }

    private String forge(byte[] secret, Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = baseClaims();
        change.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
