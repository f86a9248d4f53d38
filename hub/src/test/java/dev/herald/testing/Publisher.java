package dev.herald.testing;

import io.vertx.core.http.HttpMethod;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A publish request: form fields in the order given (repeated {@code topic} fields allowed), a
 * token in the {@code Authorization} header, and {@code application/x-www-form-urlencoded}.
 *
 * <pre>{@code
 * HttpResult result = hub.publish().topic("https://example.com/a").data("hello").send();
 * }</pre>
 */
public final class Publisher {
    private final String url;
    private final List<Map.Entry<String, String>> fields = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] rawBody;

    private Publisher(String url) {
        this.url = url;
        headers.put("Content-Type", "application/x-www-form-urlencoded");
    }

    /** A publish to {@code hub} without a token. */
    public static Publisher to(TestHub hub) {
        return new Publisher(hub.hubUrl());
    }

    /** A publish to the hub at {@code hubUrl} (its {@code /.well-known/mercure}) without a token. */
    public static Publisher to(String hubUrl) {
        return new Publisher(hubUrl);
    }

    /** Sends the token as {@code Authorization: Bearer}; null sends none. */
    public Publisher token(String token) {
        if (token == null) {
            headers.remove("Authorization");
        } else {
            headers.put("Authorization", "Bearer " + token);
        }
        return this;
    }

    public Publisher topic(String... topics) {
        for (String topic : topics) {
            field("topic", topic);
        }
        return this;
    }

    public Publisher data(String data) {
        return field("data", data);
    }

    public Publisher id(String id) {
        return field("id", id);
    }

    public Publisher type(String type) {
        return field("type", type);
    }

    public Publisher retry(String retry) {
        return field("retry", retry);
    }

    /** Marks the update private ({@code private=on}, as an HTML checkbox sends it). */
    public Publisher privately() {
        return field("private", "on");
    }

    /** Any form field, percent-encoded as UTF-8. */
    public Publisher field(String name, String value) {
        fields.add(Map.entry(name, value));
        return this;
    }

    public Publisher header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Replaces the Content-Type header; null sends none. */
    public Publisher contentType(String contentType) {
        if (contentType == null) {
            headers.remove("Content-Type");
        } else {
            headers.put("Content-Type", contentType);
        }
        return this;
    }

    /** Sends these bytes as the body instead of the encoded fields. */
    public Publisher rawBody(byte[] body) {
        this.rawBody = body;
        return this;
    }

    /** The form as it will be sent. */
    public String encodedForm() {
        StringBuilder form = new StringBuilder();
        for (Map.Entry<String, String> field : fields) {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    public HttpResult send() {
        byte[] body = rawBody != null ? rawBody : encodedForm().getBytes(StandardCharsets.UTF_8);
        return Http.request(HttpMethod.POST, url, headers, body);
    }

    /** Sends and returns the event id, failing unless the hub answered 200. */
    public String sendOk() {
        HttpResult result = send();
        if (result.status() != 200) {
            throw new AssertionError("publish refused: " + result);
        }
        return result.body();
    }
}
