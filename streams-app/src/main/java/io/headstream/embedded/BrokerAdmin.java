package io.headstream.embedded;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin-client side of the embedded broker: waiting until it serves clients, creating
 * topics and installing SCRAM users, each bounded by a timeout and failing with a message that
 * says what was being waited for.
 */
final class BrokerAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerAdmin.class);
    private static final int SCRAM_ITERATIONS = 4096;

    private BrokerAdmin() {
    }

    /** Polls {@code describeCluster} until the node is listed or the timeout passes. */
    static void awaitReady(Map<String, Object> clientProps, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(clientProps)) {
            while (true) {
                long leftMs = leftMs(deadline);
                if (leftMs <= 0) {
                    throw new EmbeddedBrokerException("Embedded Kafka on " + clientProps.get("bootstrap.servers")
                            + " was not ready within " + timeout);
                }
                try {
                    Collection<Node> nodes = admin.describeCluster(
                            new DescribeClusterOptions().timeoutMs((int) Math.min(leftMs, 5_000)))
                            .nodes().get(leftMs, TimeUnit.MILLISECONDS);
                    if (nodes.stream().anyMatch(n -> n.id() == BrokerSettings.NODE_ID)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("Embedded Kafka not ready yet: {}", e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EmbeddedBrokerException("Interrupted while waiting for embedded Kafka", e);
                }
            }
        }
    }

    static void createTopics(Map<String, Object> clientProps, Collection<NewTopic> topics, Duration timeout) {
        List<String> names = topics.stream().map(NewTopic::name).toList();
        try (Admin admin = Admin.create(clientProps)) {
            await(admin.createTopics(topics).all(), timeout, "creating topics " + names);
        }
    }

    /**
     * Creates those of {@code topics} that the broker does not have yet (a broker restarted on its
     * work directory keeps its topics); existing ones are left as they are.
     */
    static void createMissingTopics(Map<String, Object> clientProps, Collection<NewTopic> topics, Duration timeout) {
        try (Admin admin = Admin.create(clientProps)) {
            Set<String> existing = await(admin.listTopics().names(), timeout, "listing topics");
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                await(admin.createTopics(missing).all(), timeout,
                        "creating topics " + missing.stream().map(NewTopic::name).toList());
            }
        }
    }

    /**
     * Creates or updates the SCRAM-SHA-512 credentials of {@code users}, then waits until the
     * broker describes all of them, so a client may log in as soon as this returns.
     */
    static void upsertScramUsers(Map<String, Object> clientProps, Map<String, String> users, Duration timeout) {
        List<UserScramCredentialAlteration> upserts = users.entrySet().stream()
                .<UserScramCredentialAlteration>map(u -> new UserScramCredentialUpsertion(u.getKey(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), u.getValue()))
                .toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(clientProps)) {
            await(admin.alterUserScramCredentials(upserts).all(), timeout, "storing SCRAM users " + users.keySet());
            while (true) {
                Set<String> known = await(admin.describeUserScramCredentials().users(), timeout,
                        "listing SCRAM users").stream().collect(Collectors.toSet());
                if (known.containsAll(users.keySet())) {
                    return;
                }
                if (leftMs(deadline) <= 0) {
                    throw new EmbeddedBrokerException("SCRAM users " + users.keySet()
                            + " were stored but not visible on the broker within " + timeout);
                }
                pause();
            }
        }
    }

    private static <T> T await(KafkaFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new EmbeddedBrokerException("Failed " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EmbeddedBrokerException("Timed out after " + timeout + " " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedBrokerException("Interrupted " + what, e);
        }
    }

    /** A short pause between two polls of state the broker applies asynchronously. */
    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedBrokerException("Interrupted while waiting for the broker", e);
        }
    }

    private static long leftMs(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }
}
