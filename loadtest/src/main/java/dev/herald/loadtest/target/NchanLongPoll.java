package dev.herald.loadtest.target;

import dev.herald.loadtest.wire.MultipartMixed;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.List;

/**
 * Nchan's long-poll: each response carries the messages queued since the last poll (one as the
 * whole body, several as the parts of a {@code multipart/mixed} body with
 * {@code nchan_longpoll_multipart_response on}) and the last one's position in
 * {@code Last-Modified} + {@code Etag}; the next poll sends them back as
 * {@code If-Modified-Since} + {@code If-None-Match}.
 */
final class NchanLongPoll extends LongPollLoop {

    private final String uri;
    private MultiMap headers;

    NchanLongPoll(Connections connections, int node, String uri, MultiMap firstHeaders, EventSink sink) {
        super(connections, node, sink);
        this.uri = uri;
        this.headers = firstHeaders;
    }

    @Override
    protected RequestOptions nextRequest() {
        return new RequestOptions().setMethod(HttpMethod.GET).setURI(uri).setHeaders(headers);
    }

    @Override
    protected String handle(HttpClientResponse response, Buffer body) {
        int status = response.statusCode();
        if (status == 304 || status == 408) {
            return null; // Nothing new before the server's timeout: poll again from the same place.
        }
        if (status != 200) {
            return "HTTP " + status + " " + HttpStreams.abbreviate(body.toString());
        }
        String lastModified = response.getHeader(HttpHeaders.LAST_MODIFIED);
        String etag = response.getHeader(HttpHeaders.ETAG);
        headers = MultiMap.caseInsensitiveMultiMap()
                .add(HttpHeaders.ACCEPT, "*/*")
                .add(HttpHeaders.IF_MODIFIED_SINCE, lastModified)
                .add(HttpHeaders.IF_NONE_MATCH, etag);
        String boundary = MultipartMixed.boundary(response.getHeader(HttpHeaders.CONTENT_TYPE));
        if (boundary == null) {
            sink.onEvent(lastModified + ":" + etag, body.toString());
            return null;
        }
        try {
            // Only the last part's position is known: earlier parts get none.
            List<String> parts = MultipartMixed.parts(body.toString(), boundary);
            for (int i = 0; i < parts.size(); i++) {
                sink.onEvent(i == parts.size() - 1 ? lastModified + ":" + etag : null, parts.get(i));
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "malformed multipart answer: " + e.getMessage();
        }
    }
}
