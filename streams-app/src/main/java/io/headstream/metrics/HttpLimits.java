package io.headstream.metrics;

import java.time.Duration;

/**
 * The bounds of the operations endpoint: how many requests are worked on and waiting at once,
 * how many connections may be open, how long one connection may take from accept to the last
 * byte of its answer, and how large a request head may be. {@link #DEFAULTS} suits a kubelet
 * and one Prometheus scraping a single pod.
 *
 * @param workerThreads threads that compute answers (scrape, readiness); at least 1
 * @param queueCapacity complete requests that may wait for a worker; one more is answered 503
 * @param maxConnections open connections; a new one beyond this evicts the oldest still sending its head
 * @param requestTimeout budget of one connection, accept to last byte written; past it the connection is closed
 * @param maxHeadBytes request line plus headers; a longer head is answered 431
 */
public record HttpLimits(int workerThreads, int queueCapacity, int maxConnections, Duration requestTimeout,
        int maxHeadBytes) {

    public static final HttpLimits DEFAULTS = new HttpLimits(2, 8, 64, Duration.ofSeconds(10), 8192);

    public HttpLimits {
        if (workerThreads < 1 || queueCapacity < 1 || maxConnections < 1 || maxHeadBytes < 64) {
            throw new IllegalArgumentException("HttpLimits need workerThreads, queueCapacity, maxConnections >= 1 "
                    + "and maxHeadBytes >= 64, got " + workerThreads + ", " + queueCapacity + ", " + maxConnections
                    + ", " + maxHeadBytes);
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
        }
    }
}
