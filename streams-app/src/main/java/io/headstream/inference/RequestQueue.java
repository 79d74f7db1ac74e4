package io.headstream.inference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between stream threads and inference threads. {@link #offerAll} blocks while
 * a submission does not fit (never past its deadline; a submission larger than the capacity is
 * let in once the queue is empty, so it cannot wait forever). {@link #takeBatch} forms one pass:
 * requests in arrival order while the pass stays within the event count and the token budget
 * ({@code windows x longest window}, the padded tensor), waiting up to the max queue delay after
 * the first request for more to arrive.
 */
final class RequestQueue {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<InferenceRequest> queue = new ArrayDeque<>();
    private final int capacity;
    private boolean closed;
    private int highWater;

    RequestQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Enqueues all of {@code requests} at once, or none: false when the deadline passed or the queue closed. */
    boolean offerAll(List<InferenceRequest> requests, long deadlineNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!closed && !queue.isEmpty() && queue.size() + requests.size() > capacity) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                notFull.awaitNanos(left);
            }
            if (closed) {
                return false;
            }
            queue.addAll(requests);
            highWater = Math.max(highWater, queue.size());
            notEmpty.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks for the first request, then fills a pass; null once closed and empty.
     *
     * @param maxEvents most requests in the pass
     * @param tokenBudget most padded tokens; the first request always gets in
     * @param maxDelayNanos how long after the first request's arrival to wait for more
     */
    List<InferenceRequest> takeBatch(int maxEvents, long tokenBudget, long maxDelayNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty() && !closed) {
                notEmpty.await();
            }
            if (queue.isEmpty()) {
                return null;
            }
            List<InferenceRequest> batch = new ArrayList<>();
            long windows = 0;
            int longest = 0;
            long due = queue.peekFirst().enqueuedNanos + maxDelayNanos;
            while (true) {
                boolean full = false;
                while (!queue.isEmpty() && batch.size() < maxEvents) {
                    InferenceRequest next = queue.peekFirst();
                    long w = windows + next.windows;
                    int l = Math.max(longest, next.longest);
                    if (!batch.isEmpty() && w * l > tokenBudget) {
                        full = true;
                        break;
                    }
                    batch.add(queue.pollFirst());
                    windows = w;
                    longest = l;
                }
                if (full || batch.size() >= maxEvents || closed) {
                    break;
                }
                long left = due - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                notEmpty.awaitNanos(left);
            }
            notFull.signalAll();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Removes the queued requests of {@code owner}; returns how many. */
    int removeAll(ExecutorSubmission owner) {
        lock.lock();
        try {
            int before = queue.size();
            queue.removeIf(r -> r.owner == owner);
            notFull.signalAll();
            return before - queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the queue and returns what was still waiting. */
    List<InferenceRequest> close() {
        lock.lock();
        try {
            closed = true;
            List<InferenceRequest> left = new ArrayList<>(queue);
            queue.clear();
            notEmpty.signalAll();
            notFull.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** The most requests that ever waited at once. */
    int highWater() {
        lock.lock();
        try {
            return highWater;
        } finally {
            lock.unlock();
        }
    }

    static long millisToNanos(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }
}
