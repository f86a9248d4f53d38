package dev.herald.core.urlpattern;

/** The eight components a URL pattern matches, in URL order. */
enum UrlComponent {
    PROTOCOL, USERNAME, PASSWORD, HOSTNAME, PORT, PATHNAME, SEARCH, HASH
}
