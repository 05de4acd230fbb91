package dev.tarn.http.realtime;

import dev.tarn.auth.SetupRequest;
import dev.tarn.auth.SetupService;
import dev.tarn.auth.User;
import io.javalin.http.Context;

import java.util.Set;

/** POST /v1/api/auth/setup and GET /v1/api/auth/status: the first-start setup of a server waiting for it. */
final class SetupHandlers {
    private static final Set<String> SETUP_FIELDS = Set.of("user", "username", "password", "root_password", "email");

    private final SetupService setup;

    SetupHandlers(SetupService setup) {
        this.setup = setup;
    }

    void setup(Context context) {
        AuthRequestBody body = AuthRequestBody.read(context, SETUP_FIELDS);
        SetupRequest request = new SetupRequest(body.userName(),
                body.requiredText("password", AuthRequestBody.MAXIMUM_PASSWORD_LENGTH),
                body.requiredText("root_password", AuthRequestBody.MAXIMUM_PASSWORD_LENGTH),
                body.optionalText("email", AuthRequestBody.MAXIMUM_EMAIL_LENGTH));
        User administrator = setup.setup(request);
        context.contentType("application/json").result(AuthAnswers.setupComplete(administrator).toString());
    }

    void status(Context context) {
        context.contentType("application/json").result(AuthAnswers.setupStatus(setup.needsSetup()).toString());
    }
}
