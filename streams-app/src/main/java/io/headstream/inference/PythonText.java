package io.headstream.inference;

import java.util.Locale;

/** The few Python string operations the mirrored evaluation rules rely on. */
final class PythonText {

    private PythonText() {}

    /** Python's {@code str.lower()} (locale-independent full case mapping). */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
