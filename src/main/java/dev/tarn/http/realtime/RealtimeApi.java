package dev.tarn.http.realtime;

import dev.tarn.http.Route;

import java.util.List;

import static io.javalin.http.HandlerType.POST;

/** The realtime API's SQL route (auth, health, files and live queries have their own tables). */
public final class RealtimeApi {
    private final SqlHandler sql;

    public RealtimeApi(SqlHandler sql) {
        this.sql = sql;
    }

    public List<Route> routes() {
        return List.of(new Route(POST, "/v1/api/sql", sql::handle));
    }
}
