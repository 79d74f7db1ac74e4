package io.headstream.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogTextTest {

    static Stream<Arguments> quoted() {
        return Stream.of(
                Arguments.of("plain text", "plain text", "\"plain text\""),
                Arguments.of("null", null, "null"),
                Arguments.of("newline and forged line", "a\n12:00:00.000 INFO [main] x - fake",
                        "\"a\\n12:00:00.000 INFO [main] x - fake\""),
                Arguments.of("CR, tab", "a\rb\tc", "\"a\\rb\\tc\""),
                Arguments.of("ESC clear screen", "x\u001b[2J", "\"x\\u001b[2J\""),
                Arguments.of("NUL, BEL, DEL", "\u0000\u0007\u007f", "\"\\u0000\\u0007\\u007f\""),
                Arguments.of("C1 controls: NEL, CSI", "\u0085\u009b", "\"\\u0085\\u009b\""),
                Arguments.of("line and paragraph separators", "a\u2028b\u2029c", "\"a\\u2028b\\u2029c\""),
                Arguments.of("bidi overrides", "\u202a\u202b\u202c\u202d\u202e", "\"\\u202a\\u202b\\u202c\\u202d\\u202e\""),
                Arguments.of("bidi isolates", "\u2066\u2067\u2068\u2069", "\"\\u2066\\u2067\\u2068\\u2069\""),
                Arguments.of("bidi marks, BOM", "\u200e\u200f\u061c\ufeff", "\"\\u200e\\u200f\\u061c\\ufeff\""),
                Arguments.of("lone surrogate", "a\ud800b", "\"a\\ud800b\""),
                Arguments.of("surrogate pair kept", "\ud83d\ude00", "\"\ud83d\ude00\""),
                Arguments.of("accents kept", "café ü", "\"café ü\""),
                Arguments.of("quote and backslash escaped", "a\"b\\n", "\"a\\\"b\\\\n\""),
                Arguments.of("URL userinfo hidden", "http://u:pw@h/x", "\"http://[hidden]@h/x\""),
                Arguments.of("capped", "x".repeat(250), "\"" + "x".repeat(200) + "...(250 chars)\""),
                Arguments.of("exactly the cap", "y".repeat(200), "\"" + "y".repeat(200) + "\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quoted")
    void quoteEscapesControlsHidesSecretsAndCaps(String name, String value, String expected) {
        assertThat(LogText.quote(value)).isEqualTo(expected);
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("newline escaped, not quoted", "bad\nline", "bad\\nline"),
                Arguments.of("an already quoted value is unchanged", "target_head \"a\\nb\" bad",
                        "target_head \"a\\nb\" bad"),
                Arguments.of("ESC", "\u001b[31mred", "\\u001b[31mred"),
                Arguments.of("PEM block hidden", "key -----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY----- end",
                        "key [PEM PRIVATE KEY [hidden]] end"),
                Arguments.of("capped", "z".repeat(1001), "z".repeat(1000) + "...(1001 chars)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void messageEscapesControlsWithoutQuoting(String name, String text, String expected) {
        assertThat(LogText.message(text)).isEqualTo(expected);
    }

    @Test
    void aThrowableIsRenderedByItsToString() {
        assertThat(LogText.message(new IllegalStateException("a\nb"))).isEqualTo("java.lang.IllegalStateException: a\\nb");
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        String value = "a".repeat(199) + "\ud83d\ude00" + "b";
        assertThat(LogText.quote(value)).isEqualTo("\"" + "a".repeat(199) + "...(202 chars)\"");
    }
}
