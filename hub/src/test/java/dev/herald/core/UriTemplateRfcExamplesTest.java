package dev.herald.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples of RFC 6570 sections 1.2 and 3.2, with the variables the RFC gives them:
 * <pre>
 * count := ("one", "two", "three")   dom := ("example", "com")   dub := "me/too"
 * hello := "Hello World!"   half := "50%"   var := "value"   who := "fred"
 * base := "http://example.com/home/"   path := "/foo/bar"   list := ("red", "green", "blue")
 * keys := [("semi",";"),("dot","."),("comma",",")]   v := "6"   x := "1024"   y := "768"
 * empty := ""   empty_keys := []   undef := null
 * </pre>
 * Each expansion must match its template; each near miss (one character off the grammar of the
 * operator: a wrong separator, a longer prefix, an unencoded character, another name, another
 * order) must not, since a template used as a grant allows exactly its expansions.
 */
class UriTemplateRfcExamplesTest {

    @ParameterizedTest(name = "{0} expands to {1}")
    @CsvSource(delimiter = ' ', quoteCharacter = '"', value = {
            // 1.2 Level 1
            "{var} value",
            "{hello} Hello%20World%21",
            // 1.2 Level 2
            "{+var} value",
            "{+hello} Hello%20World!",
            "{+path}/here /foo/bar/here",
            "here?ref={+path} here?ref=/foo/bar",
            "X{#var} X#value",
            "X{#hello} X#Hello%20World!",
            // 1.2 Level 3
            "map?{x,y} map?1024,768",
            "{x,hello,y} 1024,Hello%20World%21,768",
            "{+x,hello,y} 1024,Hello%20World!,768",
            "{+path,x}/here /foo/bar,1024/here",
            "{#x,hello,y} #1024,Hello%20World!,768",
            "{#path,x}/here #/foo/bar,1024/here",
            "X{.var} X.value",
            "X{.x,y} X.1024.768",
            "{/var} /value",
            "{/var,x}/here /value/1024/here",
            "{;x,y} ;x=1024;y=768",
            "{;x,y,empty} ;x=1024;y=768;empty",
            "{?x,y} ?x=1024&y=768",
            "{?x,y,empty} ?x=1024&y=768&empty=",
            "?fixed=yes{&x} ?fixed=yes&x=1024",
            "{&x,y,empty} &x=1024&y=768&empty=",
            // 1.2 Level 4
            "{var:3} val",
            "{var:30} value",
            "{list} red,green,blue",
            "{list*} red,green,blue",
            "{keys} semi,%3B,dot,.,comma,%2C",
            "{keys*} semi=%3B,dot=.,comma=%2C",
            "{+path:6}/here /foo/b/here",
            "{+list} red,green,blue",
            "{+list*} red,green,blue",
            "{+keys} semi,;,dot,.,comma,,",
            "{+keys*} semi=;,dot=.,comma=,",
            "{#path:6}/here #/foo/b/here",
            "{#list} #red,green,blue",
            "{#list*} #red,green,blue",
            "{#keys} #semi,;,dot,.,comma,,",
            "{#keys*} #semi=;,dot=.,comma=,",
            "X{.var:3} X.val",
            "X{.list} X.red,green,blue",
            "X{.list*} X.red.green.blue",
            "X{.keys} X.semi,%3B,dot,.,comma,%2C",
            "X{.keys*} X.semi=%3B.dot=..comma=%2C",
            "{/var:1,var} /v/value",
            "{/list} /red,green,blue",
            "{/list*} /red/green/blue",
            "{/list*,path:4} /red/green/blue/%2Ffoo",
            "{/keys} /semi,%3B,dot,.,comma,%2C",
            "{/keys*} /semi=%3B/dot=./comma=%2C",
            "{;hello:5} ;hello=Hello",
            "{;list} ;list=red,green,blue",
            "{;list*} ;list=red;list=green;list=blue",
            "{;keys} ;keys=semi,%3B,dot,.,comma,%2C",
            "{;keys*} ;semi=%3B;dot=.;comma=%2C",
            "{?var:3} ?var=val",
            "{?list} ?list=red,green,blue",
            "{?list*} ?list=red&list=green&list=blue",
            "{?keys} ?keys=semi,%3B,dot,.,comma,%2C",
            "{?keys*} ?semi=%3B&dot=.&comma=%2C",
            "{&var:3} &var=val",
            "{&list} &list=red,green,blue",
            "{&list*} &list=red&list=green&list=blue",
            "{&keys} &keys=semi,%3B,dot,.,comma,%2C",
            "{&keys*} &semi=%3B&dot=.&comma=%2C",
            // 3.2.1 Variable expansion
            "{count} one,two,three",
            "{count*} one,two,three",
            "{/count} /one,two,three",
            "{/count*} /one/two/three",
            "{;count} ;count=one,two,three",
            "{;count*} ;count=one;count=two;count=three",
            "{?count} ?count=one,two,three",
            "{?count*} ?count=one&count=two&count=three",
            "{&count*} &count=one&count=two&count=three",
            // 3.2.2 Simple string expansion
            "{half} 50%25",
            "O{empty}X OX",
            "O{undef}X OX",
            "?{x,empty} ?1024,",
            "?{x,undef} ?1024",
            "?{undef,y} ?768",
            // 3.2.3 Reserved expansion
            "{+half} 50%25",
            "{base}index http%3A%2F%2Fexample.com%2Fhome%2Findex",
            "{+base}index http://example.com/home/index",
            "O{+empty}X OX",
            "O{+undef}X OX",
            "up{+path}{var}/here up/foo/barvalue/here",
            // 3.2.4 Fragment expansion
            "X{#half} X#50%25",
            "foo{#empty} foo#",
            "foo{#undef} foo",
            // 3.2.5 Label expansion with dot-prefix
            "X{.who} X.fred",
            "X{.who,who} X.fred.fred",
            "X{.half,who} X.50%25.fred",
            "www{.dom*} www.example.com",
            "X{.empty} X.",
            "X{.undef} X",
            "X{.empty_keys} X",
            "X{.empty_keys*} X",
            // 3.2.6 Path segment expansion
            "{/who} /fred",
            "{/who,who} /fred/fred",
            "{/half,who} /50%25/fred",
            "{/who,dub} /fred/me%2Ftoo",
            "{/var,empty} /value/",
            "{/var,undef} /value",
            // 3.2.7 Path-style parameter expansion
            "{;who} ;who=fred",
            "{;half} ;half=50%25",
            "{;empty} ;empty",
            "{;v,empty,who} ;v=6;empty;who=fred",
            "{;v,bar,who} ;v=6;who=fred",
            "{;x,y,undef} ;x=1024;y=768",
            // 3.2.8 Form-style query expansion
            "{?who} ?who=fred",
            "{?half} ?half=50%25",
            "{?x,y,undef} ?x=1024&y=768",
            // 3.2.9 Form-style query continuation
            "{&who} &who=fred",
            "{&half} &half=50%25",
    })
    void theRfcExpansionMatches(String template, String expansion) {
        assertTrue(UriTemplateMatcher.compile(template).matches(expansion), template + " must match " + expansion);
    }

    @ParameterizedTest(name = "{0} does not match {1}")
    @CsvSource(delimiter = ' ', quoteCharacter = '"', value = {
            "{var} value/",                     // a simple expansion never writes '/'
            "{hello} Hello%20World!",           // '!' is encoded by a simple expansion
            "{hello} \"Hello World%21\"",       // so is a space
            "{half} 50%",                       // a lone '%' is never written
            "{var:3} valu",                     // four characters for a prefix of three
            "{var:3} v%C3%A9lu",                // an encoded character counts as one, still four
            "{+path:6}/here /foo/ba/here",      // seven characters
            "{#path:6}/here /foo/b/here",       // the fragment operator writes '#'
            "{/var:1,var} /va/value",
            "{/who} /fred/fred",                // one variable, one segment
            "{/who,dub} /fred/me/too",          // '/' inside a segment is encoded
            "X{.var} Xvalue",                   // the label operator writes '.'
            "X{.var} X.val/ue",
            "{;x,y} ;x=1024&y=768",             // ';' separates path parameters
            "{;x,y} ;y=768;x=1024",             // variables come in template order
            "{;who} ;fred",                     // a named expansion writes the name
            "{;hello:5} ;hello=",               // ';' writes a bare name for an empty string
            "{?who} ?fred",
            "{?who} ?other=fred",               // another name is another variable
            "{?x,y} ?y=768&x=1024",
            "{?x,y} ?x=1024;y=768",
            "{?x,y} &x=1024&y=768",             // '?' starts the query, '&' continues it
            "?fixed=yes{&x} ?fixed=yes?x=1024",
            "{&who} &who=fred/x",
            "{?var:3} ?var=valu",
            "{&var:3} &var=value",
            "{;hello:5} ;hello=Hello%20",
            "{count} one;two;three",            // a list's members are joined by commas
            "{/count*} /one,two/three/",
            "{?count*} ?count=one&count=two&",  // no trailing separator
            "{?keys*} ?semi=%3B&dot=.&comma=,", // ',' is encoded in a query value
            "{keys*} semi=;,dot=.,comma=,",     // ';' is encoded by a simple expansion
            "{list} %72ed,green,blue",          // 'r' is never encoded
            "map?{x,y} map?1024;768",
            "here?ref={+path} here?ref=/foo/bar%",
            "up{+path}{var}/here up/foo/barvalue/there",
    })
    void aNearMissDoesNotMatch(String template, String topic) {
        assertFalse(UriTemplateMatcher.compile(template).matches(topic), template + " must not match " + topic);
    }
}
