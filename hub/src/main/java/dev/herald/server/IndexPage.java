package dev.herald.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /}: a small page naming the hub, its version and its subscribe URL, with a form that
 * subscribes through the browser's own EventSource.
 */
final class IndexPage implements Handler<RoutingContext> {
    private final String html;

    IndexPage(String version) {
        this.html = """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Herald</title>
                <style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}
                code,pre{background:#f4f4f4;padding:.1rem .3rem}#events{white-space:pre-wrap}</style></head>
                <body>
                <h1>Herald <small id="version">%s</small></h1>
                <p>A realtime pub/sub hub speaking the Mercure protocol.</p>
                <p>Subscribe URL: <code id="subscribe-url">/.well-known/mercure?topic=&lt;topic&gt;</code>
                (Server-Sent Events). Publish with <code>POST /.well-known/mercure</code>.</p>
                <form id="subscribe"><label>Topic <input name="topic" value="*"></label>
                <button>Subscribe</button></form>
                <pre id="events"></pre>
                <script>
                document.getElementById('subscribe').addEventListener('submit', event => {
                  event.preventDefault();
                  const url = new URL('/.well-known/mercure', location.origin);
                  url.searchParams.append('topic', event.target.topic.value);
                  const source = new EventSource(url, {withCredentials: true});
                  const out = document.getElementById('events');
                  source.onopen = () => out.textContent += 'subscribed to ' + event.target.topic.value + '\\n';
                  source.onmessage = e => out.textContent += e.lastEventId + ': ' + e.data + '\\n';
                });
                </script>
                </body>
                </html>
                """.formatted(version);
    }

    @Override
    public void handle(RoutingContext context) {
        context.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html);
    }
}
