package dev.tarn.ask.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tarn.auth.JwtSecret;
import dev.tarn.auth.SignedClaims;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * AskTable temporary tokens: what an application's backend mints for one end user of an embedded
 * bot, carrying the user's chat role, its variables and profile. They are HS256 JWTs signed with a
 * key derived from the server's JWT secret, so nothing is stored per token, and they die with
 * their time or with the API key that minted them.
 *
 * <p>Nobody can mint past their own rights: not a stronger role, not a token that sheds the chat
 * role the caller is bound to (that would lift the end user's row filters), not one that outlives
 * the caller's own token.
 */
public final class TemporaryTokens {
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(900);
    /** A day: a token lives in a browser, so it should not outlive a working day; mint a new one. */
    public static final Duration MAXIMUM_LIFETIME = Duration.ofHours(24);
    /** The token travels in a header; proxies commonly refuse headers past 8 KiB. */
    static final int MAXIMUM_CARRIED_JSON_CHARACTERS = 4 * 1024;
    static final String ISSUER = "tarn";
    static final String TOKEN_TYPE = "asktable_temporary";
    private static final String KEY_PURPOSE = "asktable temporary tokens";
    /** Only the issued-at time is checked against our own clock; it tolerates a clock step this big. */
    private static final Duration ISSUED_AT_LEEWAY = Duration.ofSeconds(60);

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final KeyStore keys;
    private final Clock clock;

    public TemporaryTokens(JwtSecret secret, KeyStore keys, Clock clock) {
        byte[] key = secret.derivedKey(KEY_PURPOSE);
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the derived key cannot be used for HS256: " + e.getMessage(), e);
        }
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Mints a token in {@code projectId} for {@code caller}. 403 when the caller may not issue tokens,
     * asks for a stronger role than its own, names another project without being sys, or tries to
     * change the chat role it is bound to; 400 for a lifetime out of bounds or too much carried JSON.
     */
    public TemporaryToken mint(AskCaller caller, String projectId, TokenRequest request) {
        caller.require(AskPermission.ISSUE_TOKENS);
        if (!projectId.equals(caller.projectId())) {
            caller.require(AskPermission.MANAGE_KEYS);
        }
        AskRole role = request.role().orElse(caller.role().includes(AskRole.ASKER) ? AskRole.ASKER : caller.role());
        if (!caller.role().includes(role)) {
            throw new TarnException(ErrorCode.ASK_ROLE_TOO_STRONG, "This " + caller.role().wireName() + " key may not mint a "
                    + role.wireName() + " token; ask for " + caller.role().wireName() + " or a weaker role");
        }
        Optional<String> chatRoleId = request.chatRoleId();
        Map<String, String> roleVariables = request.roleVariables();
        if (caller.chatRoleId().isPresent()) {
            boolean same = chatRoleId.isEmpty() && roleVariables.isEmpty()
                    || chatRoleId.equals(caller.chatRoleId()) && roleVariables.equals(caller.roleVariables());
            if (!same) {
                throw new TarnException(ErrorCode.PERMISSION_DENIED, "This token is bound to chat role '" + caller.chatRoleId().get()
                        + "' and its variables; a token it mints keeps them: leave chat_role out");
            }
            chatRoleId = caller.chatRoleId();
            roleVariables = caller.roleVariables();
        } else if (chatRoleId.isEmpty() && !roleVariables.isEmpty()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "chat_role.role_variables needs chat_role.role_id: variables fill the filters of a role");
        }
        Map<String, Object> userProfile = request.userProfile().isEmpty() ? caller.userProfile() : request.userProfile();
        Duration lifetime = request.lifetime().orElse(DEFAULT_LIFETIME);
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(MAXIMUM_LIFETIME) > 0) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "token_ttl must be between 1 and " + MAXIMUM_LIFETIME.toSeconds()
                    + " seconds, not " + lifetime.toSeconds());
        }
        // JWT times are whole seconds; the answer's times must equal the token's own
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(lifetime);
        if (caller.expiresAt().isPresent() && caller.expiresAt().get().isBefore(expiresAt)) {
            expiresAt = caller.expiresAt().get();
        }
        Map<String, Object> chatRole = new LinkedHashMap<>();
        chatRole.put("role_id", chatRoleId.orElse(null));
        chatRole.put("role_variables", new LinkedHashMap<>(roleVariables));
        String carried = JSONObjectUtils.toJSONString(Map.of("chat_role", chatRole, "user_profile", userProfile));
        if (carried.length() > MAXIMUM_CARRIED_JSON_CHARACTERS) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "chat_role and user_profile together take " + carried.length()
                    + " characters of JSON; keep them under " + MAXIMUM_CARRIED_JSON_CHARACTERS + " (the token travels in a header)");
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(caller.keyId().orElse("administrator"))
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .claim("token_type", TOKEN_TYPE)
                .claim("ak_role", role.wireName())
                .claim("project_id", projectId)
                .claim("chat_role", chatRole)
                .claim("user_profile", userProfile);
        caller.keyId().ifPresent(keyId -> claims.claim("ak_id", keyId));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return new TemporaryToken(jwt.serialize(), role, projectId, caller.keyId(), chatRoleId, roleVariables, userProfile, issuedAt, expiresAt);
    }

    /** True when the value has the form of a token (a JWS), as opposed to a key. */
    public static boolean looksLikeToken(String value) {
        return value.startsWith("eyJ") && value.chars().filter(character -> character == '.').count() == 2;
    }

    /**
     * The caller a token stands for. 401 ASK_TOKEN_INVALID when it is malformed, signed with another
     * key, not one of ours or its key was deleted; 401 ASK_TOKEN_EXPIRED past its time.
     */
    public AskCaller verify(String token) {
        JWTClaimsSet claims = signedClaims(token);
        Instant now = clock.instant();
        if (!ISSUER.equals(claims.getIssuer()) || !TOKEN_TYPE.equals(text(claims, "token_type"))) {
            throw invalid("it is not an AskTable temporary token");
        }
        Date expiration = claims.getExpirationTime();
        Date issuedAt = claims.getIssueTime();
        String role = text(claims, "ak_role");
        String projectId = text(claims, "project_id");
        if (expiration == null || issuedAt == null || role == null || projectId == null) {
            throw invalid("a required claim (exp, iat, ak_role, project_id) is missing");
        }
        // we mint and check on the same clock: no leeway past exp, the contract's ttl is exact
        if (!now.isBefore(expiration.toInstant())) {
            throw new TarnException(ErrorCode.ASK_TOKEN_EXPIRED, "The token expired at " + expiration.toInstant()
                    + "; ask the application for a new one");
        }
        if (issuedAt.toInstant().isAfter(now.plus(ISSUED_AT_LEEWAY))) {
            throw invalid("it claims to be issued in the future");
        }
        Optional<String> keyId = Optional.ofNullable(text(claims, "ak_id"));
        if (keyId.isPresent() && !keys.exists(keyId.get())) {
            throw invalid("the API key that minted it was deleted");
        }
        Map<String, Object> chatRole = object(claims, "chat_role");
        Optional<String> chatRoleId = Optional.ofNullable(chatRole.get("role_id")).map(Object::toString);
        Map<String, String> roleVariables = new LinkedHashMap<>();
        if (chatRole.get("role_variables") instanceof Map<?, ?> variables) {
            variables.forEach((name, value) -> roleVariables.put(String.valueOf(name), String.valueOf(value)));
        }
        Map<String, Object> userProfile = new LinkedHashMap<>(object(claims, "user_profile"));
        userProfile.values().removeIf(Objects::isNull);
        return new AskCaller(AskRole.parse(role), keyId, projectId, chatRoleId, roleVariables, userProfile,
                Optional.of(expiration.toInstant()), false);
    }

    private JWTClaimsSet signedClaims(String token) {
        return SignedClaims.read(token, verifier, reason -> invalid(reason));
    }

    private static String text(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw invalid("the claim " + name + " is not a string");
        }
    }

    private static Map<String, Object> object(JWTClaimsSet claims, String name) {
        try {
            Map<String, Object> value = claims.getJSONObjectClaim(name);
            return value == null ? Map.of() : value;
        } catch (ParseException e) {
            throw invalid("the claim " + name + " is not an object");
        }
    }

    private static TarnException invalid(String reason) {
        return new TarnException(ErrorCode.ASK_TOKEN_INVALID, "Invalid token: " + reason);
    }
}
