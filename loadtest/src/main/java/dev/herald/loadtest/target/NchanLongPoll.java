package dev.herald.loadtest.target;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Nchan's long-poll: each response carries one message and its position in
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
        sink.onEvent(lastModified + ":" + etag, body.toString());
        return null;
    }
}
