package dev.tarn.http.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.http.Route;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.List;

import static io.javalin.http.HandlerType.GET;

/**
 * Health endpoints of the realtime API, for container probes on the same machine (403 to anyone
 * else). Tarn is a single node, so the cluster view is a one-node Raft group that this node leads.
 */
public final class HealthApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NODE_ID = 1;
    private static final long TERM = 1;

    private final BuildInfo build = BuildInfo.current();

    public List<Route> routes() {
        return List.of(
                new Route(GET, "/health", localOnly(this::health)),
                new Route(GET, "/v1/api/healthcheck", localOnly(this::health)),
                new Route(GET, "/v1/api/cluster/health", localOnly(this::clusterHealth)));
    }

    private void health(Context context) {
        ObjectNode answer = JSON.createObjectNode()
                .put("status", "healthy")
                .put("version", build.version())
                .put("api_version", "v1")
                .put("build_date", build.buildDate());
        context.contentType("application/json").result(answer.toString());
    }

    private void clusterHealth(Context context) {
        String address = context.req().getLocalAddr() + ":" + context.req().getLocalPort();
        ObjectNode answer = JSON.createObjectNode()
                .put("status", "healthy")
                .put("version", build.version())
                .put("build_date", build.buildDate())
                .put("is_cluster_mode", false)
                .put("cluster_id", "")
                .put("node_id", NODE_ID)
                .put("is_leader", true)
                .put("term", TERM)
                .put("current_term", TERM)
                .put("total_groups", 1)
                .put("groups_leading", 1)
                .putNull("last_applied")
                .put("millis_since_quorum_ack", 0);
        answer.putArray("nodes").addObject()
                .put("node_id", NODE_ID)
                .put("role", "leader")
                .put("status", "active")
                .put("api_addr", address)
                .put("is_self", true)
                .put("is_leader", true)
                .put("replication_lag", 0)
                .putNull("catchup_progress_pct");
        context.contentType("application/json").result(answer.toString());
    }

    private static Handler localOnly(Handler handler) {
        return context -> {
            if (!LocalCallers.isLocal(context)) {
                AuthErrors.write(context, 403, "forbidden", "Health endpoints answer only callers on the server's own machine");
                return;
            }
            handler.handle(context);
        };
    }
}
