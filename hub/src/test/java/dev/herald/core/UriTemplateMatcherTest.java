package dev.herald.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6570 matching, operator by operator, and templates that would stall a backtracking matcher. */
class UriTemplateMatcherTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "/books/{id}|/books/42|true",
            "/books/{id}|/books/|true",
            "/books/{id}|/books/4/2|false",
            "/books/{id}.json|/books/42.json|true",
            "/books/{id}.json|/books/42.xml|false",
            "/books/{a}{b}|/books/xy|true",
            "/list/{x,y}|/list/1,2|true",
            "/files/{+path}|/files/a/b/c.txt|true",
            "/files/{path}|/files/a/b|false",
            "/page{#section}|/page#intro|true",
            "/page{#section}|/page|true",
            "/img{.ext}|/img.png|true",
            "/img{.ext}|/imgpng|false",
            "{/segments*}|/a/b/c|true",
            "{/segments*}|a/b|false",
            "/map{;x,y}|/map;x=1;y=2|true",
            "/search{?q,lang}|/search?q=herald&lang=fr|true",
            "/search{?q}|/search&q=x|false",
            "/search?fixed=1{&q}|/search?fixed=1&q=x|true",
            "/books/{id}|/books/%C3%A9|true",
            "/books/{id}|/books/é|false",
    })
    void matchesExpansionsOnly(String template, String topic, boolean expected) {
        assertEquals(expected, UriTemplateMatcher.compile(template).matches(topic));
    }

    @Test
    void adjacentExpressionsStayLinear() {
        // Exponential for a backtracking regex: twenty ways to split, none of which can match.
        String adjacent = "https://example.com/" + "{a}".repeat(UriTemplateMatcher.MAX_VARIABLES) + "/end";
        UriTemplateMatcher matcher = UriTemplateMatcher.compile(adjacent);
        assertFalse(matcher.matches("https://example.com/" + "a".repeat(150) + "/ending"));
        assertTrue(matcher.matches("https://example.com/" + "a".repeat(150) + "/end"));
        UriTemplateMatcher dotted = UriTemplateMatcher.compile("/x" + "{.a}".repeat(UriTemplateMatcher.MAX_VARIABLES));
        assertFalse(dotted.matches("/x" + ".a".repeat(2_000) + "/"));
    }

    @Test
    void aTemplateHasABoundedNumberOfVariables() {
        String most = "{+a}".repeat(UriTemplateMatcher.MAX_VARIABLES);
        UriTemplateMatcher.compile(most);
        String tooMany = "{+a}".repeat(UriTemplateMatcher.MAX_VARIABLES) + "{b}";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UriTemplateMatcher.compile(tooMany))
                .getMessage().contains("more than " + UriTemplateMatcher.MAX_VARIABLES + " variables"));
        String tooManyInOne = "/{a" + ",a".repeat(UriTemplateMatcher.MAX_VARIABLES) + "}";
        assertThrows(IllegalArgumentException.class, () -> UriTemplateMatcher.compile(tooManyInOne));
    }

    @Test
    void aMatchPastItsStepBudgetCountsAsNoMatch() {
        // Every literal state after {+a} stays active on a run of b's: states × length steps.
        UriTemplateMatcher costly = UriTemplateMatcher.compile("{+a}" + "b".repeat(100) + "{+c}");
        assertTrue(costly.matches("b".repeat(100)), "within the budget it matches");
        long start = System.nanoTime();
        assertFalse(costly.matches("b".repeat(200_000)), "past the budget it does not");
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "and it stops early");
    }

    @Test
    void malformedTemplatesAreRefusedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UriTemplateMatcher.compile("/a/{id"))
                .getMessage().contains("unclosed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UriTemplateMatcher.compile("/a/{}"))
                .getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UriTemplateMatcher.compile("/a/{b c}"))
                .getMessage().contains("bad variable"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UriTemplateMatcher.compile("/a/}"))
                .getMessage().contains("without"));
    }
}
