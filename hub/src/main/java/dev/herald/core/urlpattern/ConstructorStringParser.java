package dev.herald.core.urlpattern;

import dev.herald.core.urlpattern.PatternTokenizer.Token;
import dev.herald.core.urlpattern.PatternTokenizer.Type;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Splits a pattern string such as {@code https://*.example.com/books/:id?*} into the pattern text of
 * each URL component, as the standard's "parse a constructor string" does: over lenient tokens, so
 * that {@code :} in a name or {@code ?} as a modifier is not taken for a delimiter.
 */
final class ConstructorStringParser {

    private enum State { INIT, PROTOCOL, AUTHORITY, USERNAME, PASSWORD, HOSTNAME, PORT, PATHNAME, SEARCH, HASH, DONE }

    private final String input;
    private final List<Token> tokens;
    private final Map<UrlComponent, String> result = new EnumMap<>(UrlComponent.class);
    private State state = State.INIT;
    private int componentStart;
    private int tokenIndex;
    private int tokenIncrement = 1;
    private int groupDepth;
    private int ipv6BracketDepth;
    private boolean protocolMatchesSpecialScheme;

    private ConstructorStringParser(String input) {
        this.input = input;
        this.tokens = PatternTokenizer.tokenize(input, false);
    }

    /** The pattern text of each component the string names; the others are absent. */
    static Map<UrlComponent, String> parse(String input) {
        ConstructorStringParser parser = new ConstructorStringParser(input);
        parser.run();
        return parser.result;
    }

    private void run() {
        while (tokenIndex < tokens.size()) {
            tokenIncrement = 1;
            if (tokens.get(tokenIndex).type() == Type.END) {
                if (state == State.INIT) {
                    rewind();
                    if (isHashPrefix()) {
                        changeState(State.HASH, 1);
                    } else if (isSearchPrefix()) {
                        changeState(State.SEARCH, 1);
                    } else {
                        changeState(State.PATHNAME, 0);
                    }
                    tokenIndex += tokenIncrement;
                    continue;
                }
                if (state == State.AUTHORITY) {
                    rewindAndSetState(State.HOSTNAME);
                    tokenIndex += tokenIncrement;
                    continue;
                }
                changeState(State.DONE, 0);
                break;
            }
            if (groupDepth > 0) {
                if (tokens.get(tokenIndex).type() == Type.CLOSE) {
                    groupDepth--;
                } else {
                    tokenIndex += tokenIncrement;
                    continue;
                }
            }
            if (tokens.get(tokenIndex).type() == Type.OPEN) {
                groupDepth++;
                tokenIndex += tokenIncrement;
                continue;
            }
            step();
            tokenIndex += tokenIncrement;
        }
        if (result.containsKey(UrlComponent.HOSTNAME) && !result.containsKey(UrlComponent.PORT)) {
            result.put(UrlComponent.PORT, "");
        }
    }

    private void step() {
        switch (state) {
            case INIT -> {
                if (isNonSpecialPatternChar(tokenIndex, ":")) {
                    rewindAndSetState(State.PROTOCOL);
                }
            }
            case PROTOCOL -> {
                if (isNonSpecialPatternChar(tokenIndex, ":")) {
                    computeProtocolMatchesSpecialScheme();
                    State next = State.PATHNAME;
                    int skip = 1;
                    if (isNonSpecialPatternChar(tokenIndex + 1, "/") && isNonSpecialPatternChar(tokenIndex + 2, "/")) {
                        next = State.AUTHORITY;
                        skip = 3;
                    } else if (protocolMatchesSpecialScheme) {
                        next = State.AUTHORITY;
                    }
                    changeState(next, skip);
                }
            }
            case AUTHORITY -> {
                if (isNonSpecialPatternChar(tokenIndex, "@")) {
                    rewindAndSetState(State.USERNAME);
                } else if (isNonSpecialPatternChar(tokenIndex, "/") || isSearchPrefix() || isHashPrefix()) {
                    rewindAndSetState(State.HOSTNAME);
                }
            }
            case USERNAME -> {
                if (isNonSpecialPatternChar(tokenIndex, ":")) {
                    changeState(State.PASSWORD, 1);
                } else if (isNonSpecialPatternChar(tokenIndex, "@")) {
                    changeState(State.HOSTNAME, 1);
                }
            }
            case PASSWORD -> {
                if (isNonSpecialPatternChar(tokenIndex, "@")) {
                    changeState(State.HOSTNAME, 1);
                }
            }
            case HOSTNAME -> {
                if (isNonSpecialPatternChar(tokenIndex, "[")) {
                    ipv6BracketDepth++;
                } else if (isNonSpecialPatternChar(tokenIndex, "]")) {
                    ipv6BracketDepth--;
                } else if (isNonSpecialPatternChar(tokenIndex, ":") && ipv6BracketDepth == 0) {
                    changeState(State.PORT, 1);
                } else if (isNonSpecialPatternChar(tokenIndex, "/")) {
                    changeState(State.PATHNAME, 0);
                } else if (isSearchPrefix()) {
                    changeState(State.SEARCH, 1);
                } else if (isHashPrefix()) {
                    changeState(State.HASH, 1);
                }
            }
            case PORT -> {
                if (isNonSpecialPatternChar(tokenIndex, "/")) {
                    changeState(State.PATHNAME, 0);
                } else if (isSearchPrefix()) {
                    changeState(State.SEARCH, 1);
                } else if (isHashPrefix()) {
                    changeState(State.HASH, 1);
                }
            }
            case PATHNAME -> {
                if (isSearchPrefix()) {
                    changeState(State.SEARCH, 1);
                } else if (isHashPrefix()) {
                    changeState(State.HASH, 1);
                }
            }
            case SEARCH -> {
                if (isHashPrefix()) {
                    changeState(State.HASH, 1);
                }
            }
            default -> {
            }
        }
    }

    private void changeState(State next, int skip) {
        if (state != State.INIT && state != State.AUTHORITY && state != State.DONE) {
            result.put(UrlComponent.valueOf(state.name()), componentString());
        }
        if (state != State.INIT && next != State.DONE) {
            EnumSet<State> beforeHost = EnumSet.of(State.PROTOCOL, State.AUTHORITY, State.USERNAME, State.PASSWORD);
            if (beforeHost.contains(state) && EnumSet.of(State.PORT, State.PATHNAME, State.SEARCH, State.HASH).contains(next)) {
                result.putIfAbsent(UrlComponent.HOSTNAME, "");
            }
            EnumSet<State> beforePath = EnumSet.range(State.PROTOCOL, State.PORT);
            if (beforePath.contains(state) && (next == State.SEARCH || next == State.HASH)) {
                result.putIfAbsent(UrlComponent.PATHNAME, protocolMatchesSpecialScheme ? "/" : "");
            }
            if (EnumSet.range(State.PROTOCOL, State.PATHNAME).contains(state) && next == State.HASH) {
                result.putIfAbsent(UrlComponent.SEARCH, "");
            }
        }
        state = next;
        tokenIndex += skip;
        componentStart = tokenIndex;
        tokenIncrement = 0;
    }

    private void rewind() {
        tokenIndex = componentStart;
        tokenIncrement = 0;
    }

    private void rewindAndSetState(State next) {
        rewind();
        state = next;
    }

    private Token safeToken(int index) {
        return index < tokens.size() ? tokens.get(index) : tokens.get(tokens.size() - 1);
    }

    private boolean isNonSpecialPatternChar(int index, String value) {
        Token token = safeToken(index);
        return token.value().equals(value)
                && (token.type() == Type.CHAR || token.type() == Type.ESCAPED_CHAR || token.type() == Type.INVALID_CHAR);
    }

    private boolean isSearchPrefix() {
        if (isNonSpecialPatternChar(tokenIndex, "?")) {
            return true;
        }
        if (!tokens.get(tokenIndex).value().equals("?")) {
            return false;
        }
        if (tokenIndex == 0) {
            return true;
        }
        Type previous = safeToken(tokenIndex - 1).type();
        return previous != Type.NAME && previous != Type.REGEXP && previous != Type.CLOSE && previous != Type.ASTERISK;
    }

    private boolean isHashPrefix() {
        return isNonSpecialPatternChar(tokenIndex, "#");
    }

    private String componentString() {
        int end = tokens.get(tokenIndex).index();
        return input.substring(safeToken(componentStart).index(), end);
    }

    private void computeProtocolMatchesSpecialScheme() {
        Component protocol = Component.compile(componentString(), Canonical::protocol, PartParser.Options.DEFAULT);
        protocolMatchesSpecialScheme = UrlPattern.matchesSpecialScheme(protocol);
    }
}
