package dev.herald.server;

import dev.herald.auth.SubscriberAuth;
import dev.herald.broker.SubscriptionDirectory;
import dev.herald.core.ActiveSubscription;
import dev.herald.core.Grants;
import dev.herald.core.Matching;
import dev.herald.core.MatcherType;
import dev.herald.history.EventLog;
import dev.herald.history.ReplayStart;
import dev.herald.http.ClientError;
import dev.herald.http.PercentDecoding;
import dev.herald.transport.SubscribeRequestParser;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Mercure's subscriptions API, for draft-07 and draft-08 clients on the same paths (below
 * {@code <hub path>/subscriptions}):
 * <ul>
 *   <li>no segment: every subscription (documents with draft-08 ids);</li>
 *   <li>{@code /{topic}}: draft-07's collection for one selector, whatever its matcher type;</li>
 *   <li>{@code /{match_type}/{match}}: draft-08's collection for one matcher, when the first segment
 *       names a matcher type ({@code exact}, {@code urlpattern}, {@code uritemplate}); otherwise
 *       {@code /{topic}/{subscriber}}, draft-07's single subscription;</li>
 *   <li>{@code /{match_type}/{match}/{subscriber}}: draft-08's single subscription.</li>
 * </ul>
 * The requested path (the hub path and what follows, without the query) is the topic the
 * subscriber's token must grant; a collection lists at most {@link #MAX_LISTED} subscriptions.
 *
 * <p>Threading: immutable; safe from any event loop.
 */
final class SubscriptionsApi implements Handler<RoutingContext> {
    /** The most documents a collection holds; past it, the list is cut short (no pagination). */
    static final int MAX_LISTED = 10_000;

    private final String localPath;
    private final String hubPath;
    private final SubscriptionDirectory directory;
    private final EventLog log;
    private final SubscriberAuth auth;
    private final SubscribeRequestParser parser;

    /**
     * @param localPath where Herald serves the collection ({@code /.well-known/mercure/subscriptions})
     * @param hubPath   the path of {@code hub_url}: what clients see, the prefix of every id and topic
     */
    SubscriptionsApi(String localPath, String hubPath, SubscriptionDirectory directory, EventLog log,
                     SubscriberAuth auth, SubscribeRequestParser parser) {
        this.localPath = localPath;
        this.hubPath = hubPath;
        this.directory = directory;
        this.log = log;
        this.auth = auth;
        this.parser = parser;
    }

    /** What a path asks for: the query, whether one subscription is wanted, and whose ids (draft-07 or draft-08). */
    private record Target(SubscriptionDirectory.Query query, boolean single, boolean draft07) {
    }

    @Override
    public void handle(RoutingContext context) {
        String rest = context.request().path().substring(localPath.length());
        String requested = hubPath + "/subscriptions" + rest;
        Target target;
        try {
            target = target(rest);
        } catch (ClientError error) {
            error.reply(context);
            return;
        }
        authorize(context, requested).onComplete(authorized -> {
            if (context.response().closed()) {
                return;
            }
            if (authorized.failed()) {
                ClientError.replyOrFail(context, authorized.cause());
                return;
            }
            Grants grants = authorized.result();
            // The newest update this subscriber may see (a private update's id is not disclosed to
            // those who may not receive it), read before the list: a subscription that starts
            // meanwhile is then listed, or announced after this id, never missed by both.
            log.locate(null, grants::mayReceive).map(ReplayStart::anchorId).compose(lastEventId ->
                    directory.list(target.query(), target.single() ? 1 : MAX_LISTED).onComplete(listed -> {
                        if (listed.succeeded()) {
                            respond(context, requested, target, listed.result(), lastEventId);
                        }
                    })).onFailure(failure ->
                    ClientError.sendUnavailable(context.response(), "the subscriptions cannot be read now; retry shortly"));
        });
    }

    private void respond(RoutingContext context, String requested, Target target, List<ActiveSubscription> found,
                         String lastEventId) {
        JsonObject body;
        if (target.single()) {
            if (found.isEmpty()) {
                ClientError.send(context.response(), 404, "no such subscription");
                return;
            }
            body = document(found.get(0), target.draft07());
        } else {
            JsonArray subscriptions = new JsonArray();
            found.forEach(subscription -> subscriptions.add(document(subscription, target.draft07())));
            body = new JsonObject().put("id", requested).put("type", "Subscriptions").put("subscriptions", subscriptions);
        }
        JsonObject root = new JsonObject().put("@context", ActiveSubscription.CONTEXT).mergeIn(body)
                .put("lastEventID", lastEventId).put("last_event_id", lastEventId);
        context.response().putHeader("Content-Type", "application/ld+json")
                .putHeader("Cache-Control", "private, no-cache")
                .end(root.encode());
    }

    private JsonObject document(ActiveSubscription subscription, boolean draft07) {
        return subscription.document(draft07 ? subscription.draft07Topic(hubPath) : subscription.topic(hubPath), true);
    }

    /**
     * The grants of the request's token, which must allow {@code topic}; fails with a
     * {@link ClientError}: 401 without a token or with an invalid one, 403 when they do not allow it.
     */
    private Future<Grants> authorize(RoutingContext context, String topic) {
        String token = auth.token(context.request());
        if (token == null) {
            return Future.failedFuture(ClientError.missingToken("missing token: the subscriptions API needs a token"
                    + " whose subscribe claim matches the requested path"));
        }
        return parser.grants(token).compose(grants -> Matching.anyMatch(grants.subscribe(), List.of(topic))
                ? Future.succeededFuture(grants)
                : Future.failedFuture(ClientError.insufficientScope("the token's subscribe claim does not match " + topic)));
    }

    /** Reads the path below the collection; 404 for a shape the API does not have. */
    private static Target target(String rest) throws ClientError {
        List<String> segments = new ArrayList<>();
        if (!rest.isEmpty()) {
            if (rest.charAt(0) != '/') {
                throw new ClientError(404, "not found");
            }
            for (String segment : rest.substring(1).split("/", -1)) {
                segments.add(decode(segment));
            }
        }
        MatcherType type = segments.isEmpty() ? null : MatcherType.fromWireName(segments.get(0));
        return switch (segments.size()) {
            case 0 -> new Target(SubscriptionDirectory.Query.ALL, false, false);
            case 1 -> new Target(new SubscriptionDirectory.Query(null, segments.get(0), null), false, true);
            case 2 -> type != null
                    ? new Target(new SubscriptionDirectory.Query(type, segments.get(1), null), false, false)
                    : new Target(new SubscriptionDirectory.Query(null, segments.get(0), segments.get(1)), true, true);
            case 3 -> {
                if (type == null) {
                    throw new ClientError(404, "not found: " + segments.get(0) + " is no matcher type");
                }
                yield new Target(new SubscriptionDirectory.Query(type, segments.get(1), segments.get(2)), true, false);
            }
            default -> throw new ClientError(404, "not found: too many path segments");
        };
    }

    /** One path segment, percent-decoded as UTF-8 ({@code +} stays a plus). */
    private static String decode(String segment) throws ClientError {
        byte[] input = segment.getBytes(StandardCharsets.UTF_8);
        if (PercentDecoding.malformedEscape(input, 0, input.length) >= 0) {
            throw ClientError.badRequest("malformed percent escape in the path");
        }
        String decoded = PercentDecoding.strictUtf8(PercentDecoding.bytes(input, 0, input.length, false));
        if (decoded == null) {
            throw ClientError.badRequest("the path is not UTF-8 once percent-decoded");
        }
        return decoded;
    }
}
