package io.headstream.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed PKCS12 key stores for TLS tests, made by the JDK's own {@code keytool} so that no
 * certificate or key is committed. The certificate names 127.0.0.1 and localhost, which clients
 * check when they verify the host.
 */
final class TestKeyStores {

    private TestKeyStores() {
    }

    static Path selfSigned(Path dir, String password) throws IOException, InterruptedException {
        Path store = dir.resolve("broker.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair",
                "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", password, "-keypass", password))
                .redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool did not finish within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed with exit code " + process.exitValue() + ": " + output);
        }
        return store;
    }
}
