package dev.tarn.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.Objects;

/** One row of a surface's route table. */
public record Route(HandlerType method, String path, Handler handler) {
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
    }
}
