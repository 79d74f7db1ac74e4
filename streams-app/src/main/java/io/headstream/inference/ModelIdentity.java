package io.headstream.inference;

/** Which exact model produced an output: bundle name, version and sha256 of {@code model.onnx}. */
public record ModelIdentity(String name, String version, String sha256) {}
