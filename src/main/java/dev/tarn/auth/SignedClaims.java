package dev.tarn.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tarn.error.TarnException;

import java.text.ParseException;
import java.util.function.Function;

/** The claims of an HS256 token signed with our own key, for every kind of token Tarn issues. */
public final class SignedClaims {
    /** Far beyond any token we sign; a bound on the parser's work for hostile input. */
    public static final int MAXIMUM_TOKEN_LENGTH = 8 * 1024;

    private SignedClaims() {
    }

    /** The verified claims, or the caller's own refusal saying why the token is not one of ours. */
    public static JWTClaimsSet read(String token, MACVerifier verifier, Function<String, TarnException> invalid) {
        if (token.isEmpty() || token.length() > MAXIMUM_TOKEN_LENGTH) {
            throw invalid.apply("it is empty or far too long");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            // the algorithm is fixed, never taken from the token: no "none", no algorithm confusion
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw invalid.apply("its signature does not match");
            }
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid.apply("it is not a signed JWT");
        } catch (JOSEException e) {
            throw invalid.apply("its signature cannot be checked");
        }
    }
}
