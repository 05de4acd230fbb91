package dev.tarn.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks the realtime API's JSON Web Tokens: HS256, issuer {@code tarn}, claims
 * {@code sub, iss, exp, iat, jti, email, role, token_type} and {@code sid}, the session (one login
 * and every pair refreshed from it). Refresh tokens rotate: each works once, and a second use of
 * one ends its whole session, because only a stolen copy is ever used twice.
 */
public final class TokenService {
    public static final String ISSUER = "tarn";
    /** Tolerated clock difference for {@code exp} and {@code iat}. */
    public static final Duration LEEWAY = Duration.ofSeconds(60);
    /** Refresh tokens live this many times as long as access tokens. */
    public static final int REFRESH_LIFETIME_FACTOR = 7;
    /** Far longer than any token we issue; a longer string is not worth parsing. */
    private static final int MAXIMUM_CACHED_USERS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Duration accessLifetime;
    private final Duration refreshLifetime;
    private final UserStore users;
    private final TokenLedger ledger;
    private final Clock clock;
    /** Every API call checks the token's user; this spares the system database, and forgets all on any change of users. */
    private final Map<String, CachedUser> cachedUsers = new ConcurrentHashMap<>();

    private record CachedUser(Optional<User> user, long usersVersion) {
    }

    /** The claims of a token whose signature, issuer, times and type were checked. */
    private record Claims(String userName, String role, String tokenType, String tokenId, String sessionId, Instant expiresAt) {
    }

    public TokenService(JwtSecret secret, Duration accessLifetime, UserStore users, TokenLedger ledger, Clock clock) {
        if (accessLifetime.isNegative() || accessLifetime.isZero()) {
            throw new IllegalArgumentException("the access token lifetime must be positive");
        }
        byte[] key = secret.key();
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the JWT secret cannot be used for HS256: " + e.getMessage(), e);
        }
        this.accessLifetime = accessLifetime;
        this.refreshLifetime = accessLifetime.multipliedBy(REFRESH_LIFETIME_FACTOR);
        this.users = users;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** A new session for a user who just proved who they are. */
    public IssuedTokens issue(User user) {
        return issue(user, UUID.randomUUID().toString());
    }

    /**
     * The principal an access token stands for. Throws UNAUTHENTICATED errors: INVALID_TOKEN (malformed,
     * wrong signature or issuer, issued in the future, not an access token), TOKEN_EXPIRED, TOKEN_REVOKED
     * (session ended), USER_DELETED and ROLE_CHANGED.
     */
    public Principal verifyAccessToken(String token) {
        User user = verify(token, TokenType.ACCESS).user;
        return new Principal(user.name(), user.role());
    }

    /** The current user record behind an access token, with the same checks as {@link #verifyAccessToken}. */
    public User currentUser(String accessToken) {
        return verify(accessToken, TokenType.ACCESS).user;
    }

    /**
     * A new pair for a refresh token, in the same session. The user is read again: a deleted user or a
     * changed role is refused. A refresh token used a second time is refused and ends its session.
     */
    public IssuedTokens refresh(String refreshToken) {
        Verified verified = verify(refreshToken, TokenType.REFRESH);
        Claims claims = verified.claims;
        if (!ledger.spend(claims.tokenId, claims.sessionId, claims.expiresAt.plus(LEEWAY))) {
            ledger.endSession(claims.sessionId, sessionMemoryEnd());
            LOG.warn("event=refresh_token_reused user={} session={} action=session_ended", claims.userName, claims.sessionId);
            throw new TarnException(ErrorCode.TOKEN_REVOKED,
                    "This refresh token was already used; for safety its session is ended: log in again");
        }
        return issue(verified.user, claims.sessionId);
    }

    /**
     * Ends the session of a token of either type (logout). A token that does not verify ends nothing:
     * logout must work for anyone, so this never fails.
     */
    public void endSession(String token) {
        try {
            Claims claims = verifiedClaims(token);
            ledger.endSession(claims.sessionId, sessionMemoryEnd());
            LOG.info("event=session_ended user={} session={}", claims.userName, claims.sessionId);
        } catch (TarnException ignored) {
            // nothing to end: the token is invalid or expired already
        }
    }

    /** Every token of a session ended now was issued before now, so none outlives now + refresh lifetime + leeway. */
    private Instant sessionMemoryEnd() {
        return clock.instant().plus(refreshLifetime).plus(LEEWAY);
    }

    private IssuedTokens issue(User user, String sessionId) {
        // JWT times are whole seconds; the answer's expiry times must equal the tokens' own
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant accessExpiresAt = now.plus(accessLifetime);
        Instant refreshExpiresAt = now.plus(refreshLifetime);
        return new IssuedTokens(user, sign(user, TokenType.ACCESS, sessionId, now, accessExpiresAt), accessExpiresAt,
                sign(user, TokenType.REFRESH, sessionId, now, refreshExpiresAt), refreshExpiresAt);
    }

    private String sign(User user, TokenType type, String sessionId, Instant issuedAt, Instant expiresAt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(user.name())
                .issuer(ISSUER)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .claim("role", user.role().wireName())
                .claim("token_type", type.wireName())
                .claim("sid", sessionId);
        user.email().ifPresent(email -> claims.claim("email", email));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return jwt.serialize();
    }

    private record Verified(Claims claims, User user) {
    }

    private Verified verify(String token, TokenType expected) {
        Claims claims = verifiedClaims(token);
        if (!expected.wireName().equals(claims.tokenType)) {
            throw new TarnException(ErrorCode.INVALID_TOKEN, expected == TokenType.REFRESH
                    ? "This is not a refresh token: send the refresh_token of the login answer"
                    : "This is not an access token: send the access_token of the login answer");
        }
        if (ledger.isEnded(claims.sessionId)) {
            throw new TarnException(ErrorCode.TOKEN_REVOKED, "The session of this token was ended (logout, or a refresh token used twice); log in again");
        }
        User user = currentUserNamed(claims.userName).orElseThrow(() ->
                new TarnException(ErrorCode.USER_DELETED, "The user '" + claims.userName + "' of this token no longer exists"));
        if (!user.role().wireName().equals(claims.role)) {
            throw new TarnException(ErrorCode.ROLE_CHANGED, "The role of '" + claims.userName
                    + "' changed after this token was issued; log in again");
        }
        return new Verified(claims, user);
    }

    private Claims verifiedClaims(String token) {
        JWTClaimsSet claims = signedClaims(token);
        Instant now = clock.instant();
        if (!ISSUER.equals(claims.getIssuer())) {
            throw invalid("it was not issued by this server");
        }
        String subject = claims.getSubject();
        Date expiration = claims.getExpirationTime();
        Date issuedAt = claims.getIssueTime();
        String role = stringClaim(claims, "role");
        String tokenType = stringClaim(claims, "token_type");
        String sessionId = stringClaim(claims, "sid");
        if (subject == null || subject.isBlank() || expiration == null || issuedAt == null || claims.getJWTID() == null
                || role == null || tokenType == null || sessionId == null) {
            throw invalid("a required claim (sub, exp, iat, jti, role, token_type, sid) is missing");
        }
        if (now.isAfter(expiration.toInstant().plus(LEEWAY))) {
            throw new TarnException(ErrorCode.TOKEN_EXPIRED, "The token expired at " + expiration.toInstant() + "; refresh it or log in again");
        }
        if (issuedAt.toInstant().isAfter(now.plus(LEEWAY))) {
            throw invalid("it claims to be issued in the future");
        }
        return new Claims(subject, role, tokenType, claims.getJWTID(), sessionId, expiration.toInstant());
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw invalid("the claim " + name + " is not a string");
        }
    }

    private JWTClaimsSet signedClaims(String token) {
        return SignedClaims.read(token, verifier, reason -> invalid(reason));
    }

    private Optional<User> currentUserNamed(String name) {
        long version = users.version();
        CachedUser cached = cachedUsers.get(name);
        if (cached != null && cached.usersVersion == version) {
            return cached.user;
        }
        Optional<User> user = users.find(name);
        if (cachedUsers.size() >= MAXIMUM_CACHED_USERS) {
            cachedUsers.clear();
        }
        cachedUsers.put(name, new CachedUser(user, version));
        return user;
    }

    private static TarnException invalid(String reason) {
        return new TarnException(ErrorCode.INVALID_TOKEN, "Invalid token: " + reason);
    }
}
