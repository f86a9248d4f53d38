package dev.herald.server;

import dev.herald.broker.BrokerHealth;
import dev.herald.metrics.HubMetrics;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * {@code GET /admin}: the page an operator opens first, and {@code GET /admin/stats}, the JSON it
 * polls every second: node, version, uptime, connections by transport, subscriptions, publish and
 * delivery totals (the page turns them into rates), broker state and drain. Read from the same
 * meters as {@code /metrics}, behind the same token: the page holds no data and asks for the
 * token (kept in the URL's fragment, which browsers never send) when the stats need one.
 */
final class AdminView {
    static final String PATH = "/admin";
    static final String STATS_PATH = "/admin/stats";

    private AdminView() {
    }

    static Handler<RoutingContext> stats(HubServices services) {
        String token = services.config().metrics().token();
        String mode = services.config().redis().enabled() ? "redis" : "in-memory";
        return context -> {
            if (!MetricsEndpoint.authorized(context, token, "the admin view")) {
                return;
            }
            HubMetrics.Snapshot snapshot = services.metrics().snapshot();
            BrokerHealth broker = services.broker().health();
            JsonObject stats = new JsonObject()
                    .put("node", NodeId.VALUE)
                    .put("version", services.version())
                    .put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
                    .put("connections", new JsonObject(new java.util.LinkedHashMap<>(snapshot.connections())))
                    .put("subscriptions", snapshot.subscriptions())
                    .put("acceptedPublishes", snapshot.acceptedPublishes())
                    .put("deliveries", snapshot.deliveries())
                    .put("broker", new JsonObject().put("mode", mode).put("up", broker.up()).put("detail", broker.detail()))
                    .put("draining", services.drain().draining());
            context.response().putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store").end(stats.encode());
        };
    }

    /** This node's name in the view: the host name and the process id, looked up once, when first shown. */
    private static final class NodeId {
        static final String VALUE = lookUp();

        private static String lookUp() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown-host";
            }
            return host + ":" + ProcessHandle.current().pid();
        }
    }

    static Handler<RoutingContext> page() {
        return context -> context.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(PAGE);
    }

    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Herald admin</title>
            <style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}
            table{border-collapse:collapse}td,th{padding:.2rem .8rem;text-align:left;border-bottom:1px solid #ddd}
            td.n{text-align:right;font-variant-numeric:tabular-nums}.bad{color:#b00}#error{color:#b00}</style></head>
            <body>
            <h1>Herald <small id="node"></small></h1>
            <p id="error"></p>
            <table>
            <tr><th>version</th><td id="version"></td></tr>
            <tr><th>uptime</th><td id="uptime" class="n"></td></tr>
            <tr><th>broker</th><td id="broker"></td></tr>
            <tr><th>draining</th><td id="draining"></td></tr>
            <tr><th>connections, SSE</th><td id="conn-sse" class="n"></td></tr>
            <tr><th>connections, WebSocket</th><td id="conn-websocket" class="n"></td></tr>
            <tr><th>connections, long-poll</th><td id="conn-longpoll" class="n"></td></tr>
            <tr><th>topic selectors held</th><td id="subscriptions" class="n"></td></tr>
            <tr><th>publishes/s</th><td id="publish-rate" class="n"></td></tr>
            <tr><th>deliveries/s</th><td id="delivery-rate" class="n"></td></tr>
            <tr><th>publishes accepted</th><td id="publishes" class="n"></td></tr>
            <tr><th>deliveries</th><td id="deliveries" class="n"></td></tr>
            </table>
            <script>
            const token = new URLSearchParams(location.hash.slice(1)).get('token');
            let previous = null;
            function show(id, text) { document.getElementById(id).textContent = text; }
            async function refresh() {
              try {
                const response = await fetch('/admin/stats',
                    {headers: token ? {Authorization: 'Bearer ' + token} : {}, cache: 'no-store'});
                if (!response.ok) {
                  show('error', response.status === 401 ? 'needs the metrics token: open /admin#token=...'
                      : 'stats answered ' + response.status);
                  return;
                }
                const stats = await response.json();
                const now = performance.now();
                show('error', '');
                show('node', stats.node);
                show('version', stats.version);
                show('uptime', stats.uptimeSeconds + ' s');
                const broker = document.getElementById('broker');
                broker.textContent = stats.broker.mode + ': ' + (stats.broker.up ? 'up' : 'down, ' + stats.broker.detail);
                broker.className = stats.broker.up ? '' : 'bad';
                show('draining', stats.draining ? 'yes' : 'no');
                for (const [transport, count] of Object.entries(stats.connections)) show('conn-' + transport, count);
                show('subscriptions', stats.subscriptions);
                show('publishes', stats.acceptedPublishes);
                show('deliveries', stats.deliveries);
                if (previous) {
                  const seconds = (now - previous.at) / 1000;
                  show('publish-rate', ((stats.acceptedPublishes - previous.stats.acceptedPublishes) / seconds).toFixed(1));
                  show('delivery-rate', ((stats.deliveries - previous.stats.deliveries) / seconds).toFixed(1));
                }
                previous = {at: now, stats};
              } catch (failure) {
                show('error', 'hub unreachable: ' + failure);
              }
            }
            refresh();
            setInterval(refresh, 1000);
            </script>
            </body>
            </html>
            """;
}
