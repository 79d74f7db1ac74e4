package io.headstream.inference;

/**
 * Puts DJL in offline mode before any DJL class initialises: no model-zoo or engine downloads and
 * no telemetry "call home" (which otherwise probes the EC2 metadata endpoint when an engine
 * starts). Both switches are read once, at DJL class initialisation, so this must run first.
 */
final class DjlOffline {

    private DjlOffline() {}

    static void ensure() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }
}
