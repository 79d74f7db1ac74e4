package io.headstream.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a started {@link StreamsService} until SIGTERM/SIGINT or until Kafka Streams stops by
 * itself, then closes it within the configured bound. The JVM shutdown hook waits for that close
 * so a terminating process still commits its last transaction.
 */
final class ServiceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

    private ServiceRunner() {}

    static int runUntilStopped(StreamsService service, Duration closeTimeout) throws InterruptedException {
        CountDownLatch shutdownRequested = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.info("shutdown requested; closing within {} ms", closeTimeout.toMillis());
            shutdownRequested.countDown();
            try {
                closed.await(closeTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "headstream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (!shutdownRequested.await(200, TimeUnit.MILLISECONDS)) {
                if (service.awaitStopped(Duration.ZERO)) {
                    break;
                }
            }
            boolean signalled = shutdownRequested.getCount() == 0;
            boolean clean = service.close(closeTimeout);
            if (!clean) {
                LOG.warn("Kafka Streams did not close within {} ms", closeTimeout.toMillis());
            }
            if (service.fatalError().isPresent()) {
                LOG.error("stopped after a fatal error: {}", service.fatalError().get().toString());
                return ExitCodes.RUNTIME_FAILURE;
            }
            return signalled && clean ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
        } finally {
            closed.countDown();
            if (shutdownRequested.getCount() != 0) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook is running; it returns once `closed` is counted down
                }
            }
        }
    }
}
