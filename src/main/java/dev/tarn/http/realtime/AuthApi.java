package dev.tarn.http.realtime;

import dev.tarn.auth.ClientRateLimiter;
import dev.tarn.auth.LoginService;
import dev.tarn.auth.SetupService;
import dev.tarn.auth.TokenService;
import dev.tarn.config.TarnConfig;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.http.Route;
import io.javalin.http.Handler;

import java.util.List;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

/**
 * The realtime API's auth endpoints: their route table. Every route is rate-limited per client
 * address and answers errors as {@code {"error":"…","message":"…"}}; setup and status answer only
 * callers on this machine unless {@code auth.allow_remote_setup}.
 */
public final class AuthApi {
    private final AuthHandlers sessions;
    private final SetupHandlers setup;
    private final ClientRateLimiter rateLimiter;
    private final boolean allowRemoteSetup;

    public AuthApi(TarnConfig.AuthSettings settings, LoginService logins, SetupService setup, TokenService tokens) {
        this.sessions = new AuthHandlers(logins, tokens, new AuthCookies(settings.cookieSecure()));
        this.setup = new SetupHandlers(setup);
        this.rateLimiter = new ClientRateLimiter(settings.rateLimitPerSecond());
        this.allowRemoteSetup = settings.allowRemoteSetup();
    }

    public List<Route> routes() {
        return List.of(
                new Route(POST, "/v1/api/auth/login", guarded(sessions::login)),
                new Route(POST, "/v1/api/auth/refresh", guarded(sessions::refresh)),
                new Route(POST, "/v1/api/auth/logout", guarded(sessions::logout)),
                new Route(GET, "/v1/api/auth/me", guarded(sessions::me)),
                new Route(POST, "/v1/api/auth/setup", guarded(localUnlessAllowed(setup::setup))),
                new Route(GET, "/v1/api/auth/status", guarded(localUnlessAllowed(setup::status))));
    }

    /** Rate limit first (it is cheap, a password check is not), then the handler; errors in the auth shape. */
    private Handler guarded(Handler handler) {
        return context -> {
            ClientRateLimiter.Permit permit = rateLimiter.acquire(context.req().getRemoteAddr());
            if (!permit.granted()) {
                context.header("Retry-After", String.valueOf(Math.max(1, (permit.retryAfter().toMillis() + 999) / 1000)));
                AuthErrors.write(context, 429, "rate_limited", "Too many authentication requests from this address; retry shortly");
                return;
            }
            try {
                handler.handle(context);
            } catch (TarnException e) {
                AuthErrors.write(context, e);
            }
        };
    }

    private Handler localUnlessAllowed(Handler handler) {
        return context -> {
            if (!allowRemoteSetup && !LocalCallers.isLocal(context)) {
                throw new TarnException(ErrorCode.REMOTE_ACCESS_DENIED,
                        "Server setup can only be done from the server's own machine (or set auth.allow_remote_setup=true)");
            }
            handler.handle(context);
        };
    }
}
