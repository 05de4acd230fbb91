package dev.tarn.http.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.auth.IssuedTokens;
import dev.tarn.auth.User;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The JSON bodies of the auth endpoints' successful answers. */
final class AuthAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** RFC 3339 with an explicit +00:00 offset, as the realtime API's clients receive it. */
    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    private AuthAnswers() {
    }

    /** Login and refresh: the user, and the token pair with its expiry times. */
    static ObjectNode session(IssuedTokens tokens) {
        ObjectNode answer = profile(tokens.user());
        answer.put("expires_at", time(tokens.accessExpiresAt()));
        answer.put("access_token", tokens.accessToken());
        answer.put("refresh_token", tokens.refreshToken());
        answer.put("refresh_expires_at", time(tokens.refreshExpiresAt()));
        return answer;
    }

    /** {@code {"user":{…},"admin_ui_access":bool}}: the admin UI is for dba and system users. */
    static ObjectNode profile(User user) {
        ObjectNode answer = JSON.createObjectNode();
        answer.set("user", user(user));
        answer.put("admin_ui_access", user.role().isAdministrator());
        return answer;
    }

    static ObjectNode user(User user) {
        ObjectNode node = JSON.createObjectNode()
                .put("id", user.name())
                .put("role", user.role().wireName());
        node.put("email", user.email().orElse(null));
        node.put("created_at", time(user.createdAt()));
        node.put("updated_at", time(user.updatedAt()));
        return node;
    }

    /** The setup's answer: the DBA user it created; it logs nobody in, so no tokens. */
    static ObjectNode setupComplete(User administrator) {
        ObjectNode answer = JSON.createObjectNode();
        answer.set("user", user(administrator));
        answer.put("message", "Server setup complete: root's password is set and the DBA user '" + administrator.name()
                + "' was created. Log in to continue.");
        return answer;
    }

    static ObjectNode setupStatus(boolean needsSetup) {
        return JSON.createObjectNode()
                .put("needs_setup", needsSetup)
                .put("message", needsSetup
                        ? "Server requires initial setup: POST /v1/api/auth/setup with user, password, root_password and optional email."
                        : "Server is configured and ready.");
    }

    static ObjectNode message(String message) {
        return JSON.createObjectNode().put("message", message);
    }

    static String time(Instant instant) {
        return RFC_3339.format(instant.atOffset(ZoneOffset.UTC));
    }
}
