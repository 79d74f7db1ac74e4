package io.headstream.app;

import io.headstream.topology.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;

/**
 * Checks at start-up that the cluster is reachable and every topic headstream reads or writes
 * exists, so a typo in a topic name fails in seconds with the name instead of hanging, and
 * refused credentials fail at once with exit code 2 instead of a retry loop.
 */
final class TopicCheck {
    private TopicCheck() {}

    static void requireTopics(Map<String, Object> adminProps, Topics topics, long timeoutMs) {
        try (Admin admin = Admin.create(adminProps)) {
            Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs((int) timeoutMs)).names()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            List<String> missing = topics.names().stream().filter(t -> !existing.contains(t)).toList();
            if (!missing.isEmpty()) {
                throw new StartupException("topics missing on " + adminProps.get("bootstrap.servers") + ": " + missing
                        + " (create them, or fix headstream.topic.*; a topic the principal may not DESCRIBE looks missing too:"
                        + " see the ACLs in the README)");
            }
        } catch (ExecutionException e) {
            Throwable security = ThreadFailurePolicy.securityCause(e.getCause());
            if (security != null) {
                // Wrong credentials or missing ACLs do not heal by retrying: say so and stop (exit 2).
                throw new StartupException("Kafka at " + adminProps.get("bootstrap.servers") + " refused headstream: "
                        + security.getMessage() + " (check kafka.security.protocol, kafka.sasl.mechanism, "
                        + "kafka.sasl.jaas.config, kafka.ssl.* and the ACLs in the README)", security);
            }
            throw new IllegalStateException("cannot list topics on " + adminProps.get("bootstrap.servers") + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + adminProps.get("bootstrap.servers") + " did not answer within "
                    + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        }
    }
}
