package io.headstream.metrics;

import io.headstream.metrics.ProbeConnection.HeadStatus;
import io.headstream.metrics.ProbeConnection.Phase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.x server for the operations endpoint: one non-blocking event loop accepts
 * connections, reads request heads and writes answers; a bounded pool of workers only computes
 * answers for complete requests.
 *
 * <p>Why not the JDK's {@code HttpServer}: it reads the request line and headers on its executor's
 * threads with no deadline unless the JVM-wide {@code sun.net.httpserver.maxReqTime} is set (read
 * once, shared with every other {@code HttpServer} in the process, such as the embedded schema
 * registry), so N clients that never finish their headers pin N threads whatever the pool size.
 * Here a slow client costs a buffer, never a thread, and each connection has its own deadline.
 *
 * <p>Each connection carries one request ({@code Connection: close}); keep-alive would save a
 * probe nothing and would let idle connections hold slots.
 */
final class ProbeHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeHttpServer.class);
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_SELECT_MS = 1000;

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final ThreadPoolExecutor workers;
    private final HttpLimits limits;
    private final Function<PlainHttp.Request, PlainHttp.Response> handler;
    /** Answers computed by workers, applied on the loop thread (the only one that touches connections). */
    private final Queue<Runnable> fromWorkers = new ConcurrentLinkedQueue<>();
    /** Open connections in accept order, so the oldest is the one evicted; loop thread only. */
    private final Set<ProbeConnection> open = new LinkedHashSet<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(4096);
    private final Thread loop;
    private final InetSocketAddress address;
    private volatile boolean running = true;

    private ProbeHttpServer(ServerSocketChannel listener, Selector selector, HttpLimits limits,
            Function<PlainHttp.Request, PlainHttp.Response> handler, String threadName) throws IOException {
        this.listener = listener;
        this.address = (InetSocketAddress) listener.getLocalAddress();
        this.selector = selector;
        this.limits = limits;
        this.handler = handler;
        AtomicInteger n = new AtomicInteger();
        // AbortPolicy: a full queue is answered 503 at once instead of making a probe wait behind it.
        this.workers = new ThreadPoolExecutor(limits.workerThreads(), limits.workerThreads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.queueCapacity()),
                r -> daemon(r, threadName + "-worker-" + n.incrementAndGet()), new ThreadPoolExecutor.AbortPolicy());
        this.loop = daemon(this::run, threadName);
    }

    /** Binds {@code address} and starts serving {@code handler}'s answers. */
    static ProbeHttpServer start(InetSocketAddress address, HttpLimits limits,
            Function<PlainHttp.Request, PlainHttp.Response> handler, String threadName) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        Selector selector = null;
        try {
            listener.bind(address, limits.maxConnections());
            listener.configureBlocking(false);
            selector = Selector.open();
            listener.register(selector, SelectionKey.OP_ACCEPT);
            ProbeHttpServer server = new ProbeHttpServer(listener, selector, limits, handler, threadName);
            server.loop.start();
            return server;
        } catch (IOException | RuntimeException e) {
            listener.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    /** The bound address; stays readable after {@link #close()}. */
    InetSocketAddress address() {
        return address;
    }

    private void run() {
        try {
            while (running) {
                long waitNanos = expire(System.nanoTime());
                selector.select(Math.max(1, Math.min(MAX_SELECT_MS, TimeUnit.NANOSECONDS.toMillis(waitNanos))));
                for (Runnable r; (r = fromWorkers.poll()) != null; ) {
                    r.run();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isAcceptable()) {
                        accept();
                    } else if (key.isValid()) {
                        onReady((ProbeConnection) key.attachment(), key);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("The metrics endpoint stopped serving", e);
        } finally {
            open.forEach(ProbeConnection::close);
            open.clear();
            closeQuietly();
        }
    }

    private void accept() {
        try {
            acceptPending();
        } catch (IOException e) {
            // Typically out of file descriptors: keep serving the open connections and try again later.
            LOG.warn("The metrics endpoint could not accept a connection", e);
        }
    }

    private void acceptPending() throws IOException {
        for (SocketChannel channel; (channel = listener.accept()) != null; ) {
            if (open.size() >= limits.maxConnections() && !evictOldestReadingHead()) {
                // Every slot is busy with a request already being answered: refuse this one.
                channel.close();
                continue;
            }
            try {
                channel.configureBlocking(false);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            ProbeConnection c = new ProbeConnection(channel, key, limits.maxHeadBytes(),
                    System.nanoTime() + limits.requestTimeout().toNanos(), LINGER_NANOS);
            key.attach(c);
            open.add(c);
        }
    }

    /**
     * Makes room under a connection flood. The oldest connection still sending its head goes: a
     * probe sends its whole request at once, so it is never the oldest for long, while connections
     * held open on purpose are.
     */
    private boolean evictOldestReadingHead() {
        for (ProbeConnection c : open) {
            if (c.phase() == Phase.READING_HEAD) {
                close(c);
                return true;
            }
        }
        return false;
    }

    private void onReady(ProbeConnection c, SelectionKey key) {
        try {
            switch (c.phase()) {
                case READING_HEAD -> onHead(c, c.readHead());
                case WRITING -> c.writeMore(System.nanoTime());
                case LINGERING -> {
                    if (c.discard(scratch)) {
                        close(c);
                    }
                }
                default -> key.interestOps(0);
            }
        } catch (IOException e) {
            close(c);
        } catch (RuntimeException e) {
            // One connection's bug must not stop the endpoint that answers the probes.
            LOG.warn("The metrics endpoint dropped a connection", e);
            close(c);
        }
    }

    private void onHead(ProbeConnection c, HeadStatus status) throws IOException {
        switch (status) {
            case INCOMPLETE -> { }
            case EOF -> close(c);
            case TOO_LARGE -> c.startWriting(PlainHttp.Response.text(431, "request head too large\n").encode());
            case COMPLETE -> {
                PlainHttp.Request request = c.request();
                if (request == null) {
                    c.startWriting(PlainHttp.Response.text(400, "bad request\n").encode());
                } else {
                    dispatch(c, request);
                }
            }
        }
    }

    private void dispatch(ProbeConnection c, PlainHttp.Request request) throws IOException {
        c.awaitWorker();
        try {
            workers.execute(() -> {
                PlainHttp.Response response = answer(request);
                fromWorkers.add(() -> write(c, response));
                selector.wakeup();
            });
        } catch (RejectedExecutionException busy) {
            c.startWriting(PlainHttp.Response.text(503, "busy\n").encode());
        }
    }

    private PlainHttp.Response answer(PlainHttp.Request request) {
        try {
            return handler.apply(request);
        } catch (RuntimeException e) {
            LOG.warn("The metrics endpoint failed to answer {} {}", request.method(), request.path(), e);
            return PlainHttp.Response.text(500, "internal error\n");
        }
    }

    /** Runs on the loop thread; the connection may have timed out while the worker ran. */
    private void write(ProbeConnection c, PlainHttp.Response response) {
        if (c.phase() != Phase.AWAITING_WORKER) {
            return;
        }
        try {
            c.startWriting(response.encode());
        } catch (IOException e) {
            close(c);
        }
    }

    /** Closes connections past their deadline; returns the nanoseconds until the next deadline. */
    private long expire(long now) {
        long next = TimeUnit.MILLISECONDS.toNanos(MAX_SELECT_MS);
        for (Iterator<ProbeConnection> it = open.iterator(); it.hasNext(); ) {
            ProbeConnection c = it.next();
            long left = c.deadlineNanos() - now;
            if (left <= 0) {
                // No 408 first: a client that stalls for the whole budget is gone or hostile.
                c.close();
                it.remove();
            } else {
                next = Math.min(next, left);
            }
        }
        return next;
    }

    private void close(ProbeConnection c) {
        c.close();
        open.remove(c);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void closeQuietly() {
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the metrics selector", e);
        }
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("closing the metrics listener", e);
        }
    }

    /** Stops accepting, closes every connection and stops the workers; waits at most 5 s for the loop. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        workers.shutdownNow();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
