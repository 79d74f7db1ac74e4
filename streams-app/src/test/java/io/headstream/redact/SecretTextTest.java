package io.headstream.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SecretTextTest {

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("URL userinfo", "http://alice:pw1@sr:8081/x", "http://[hidden]@sr:8081/x", "pw1"),
                Arguments.of("password holding @", "https://alice:p@ss@sr", "https://[hidden]@sr", "p@ss"),
                Arguments.of("second URL of a list", "http://a:1,http://u:pw2@b:2", "http://a:1,http://[hidden]@b:2", "pw2"),
                Arguments.of("URL inside a sentence", "Invalid url in bootstrap.servers: sasl://u:pw3@h:9092 end",
                        "Invalid url in bootstrap.servers: sasl://[hidden]@h:9092 end", "pw3"),
                Arguments.of("PEM private key", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIpw4\n-----END ENCRYPTED PRIVATE KEY-----",
                        "[PEM ENCRYPTED PRIVATE KEY [hidden]]", "MIIpw4"),
                Arguments.of("PEM block cut short", "x -----BEGIN RSA PRIVATE KEY-----\nMIIpw5",
                        "x [PEM RSA PRIVATE KEY [hidden]]", "MIIpw5"),
                Arguments.of("JAAS", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\" "
                        + "password=\"pw6;x\";", "org.apache.kafka.common.security.scram.ScramLoginModule required [hidden];",
                        "pw6"),
                Arguments.of("JAAS, unterminated quote", "PlainLoginModule required password=\"pw7",
                        "PlainLoginModule required [hidden]", "pw7"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void secretsAreFoundAndHiddenByTheirShape(String name, String text, String expected, String secret) {
        assertThat(SecretText.containsSecret(text)).isTrue();
        assertThat(SecretText.scrub(text)).isEqualTo(expected).doesNotContain(secret);
    }

    @Test
    void textWithoutSecretsIsUnchanged() {
        for (String text : new String[] {"http://sr:8081/subjects", "mail bob@example.com", "a @ b", "mem://scope",
                "LoginModule docs", "", "-----BEGIN"}) {
            assertThat(SecretText.containsSecret(text)).as(text).isFalse();
            assertThat(SecretText.scrub(text)).isEqualTo(text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://u:pw@h:1 | http://[hidden]@h:1 | true",
            "u:pw@h:1 | [hidden]@h:1 | true",
            "http://a:1,u:pw@b:2 | http://a:1,[hidden]@b:2 | true",
            "http://a:1/x@y | http://a:1/x@y | false",
            "mem://scope | mem://scope | false"})
    void aUrlListLosesItsUserInfoWithOrWithoutAScheme(String urls, String shown, boolean hasUserInfo) {
        assertThat(SecretText.hideUserInfoInUrlList(urls)).isEqualTo(shown);
        assertThat(SecretText.urlListHasUserInfo(urls)).isEqualTo(hasUserInfo);
    }

    @Test
    void aLongTextIsScannedInLinearTime() {
        // A scan that backtracked quadratically over 2.2 M chars would take hours; a linear one
        // takes well under a second, so the generous bound holds on a loaded machine too.
        String context = "word".repeat(500_000) + " http" + "s".repeat(200_000);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThat(SecretText.scrub(context)).isEqualTo(context));
    }
}
