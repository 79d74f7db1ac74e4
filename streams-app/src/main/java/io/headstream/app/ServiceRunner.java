package io.headstream.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a started {@link StreamsService} until SIGTERM/SIGINT or until Kafka Streams stops by
 * itself, then closes it within the configured bound. The JVM shutdown hook waits for that close
 * so a terminating process still commits its last transaction, then ends the process with the
 * exit code the close earned (0 when clean): a JVM stopped by a signal would otherwise always
 * exit 143.
 */
final class ServiceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

    private ServiceRunner() {}

    static int runUntilStopped(StreamsService service, Duration closeTimeout) throws InterruptedException {
        CountDownLatch shutdownRequested = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(ExitCodes.RUNTIME_FAILURE);
        Thread hook = new Thread(() -> {
            LOG.info("shutdown requested; closing within {} ms", closeTimeout.toMillis());
            shutdownRequested.countDown();
            try {
                if (closed.await(closeTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                    LOG.info("closed; exiting with code {}", exitCode.get());
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(exitCode.get());
                }
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
                exitCode.set(ExitCodes.RUNTIME_FAILURE);
            } else {
                exitCode.set(signalled && clean ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE);
            }
            return exitCode.get();
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
