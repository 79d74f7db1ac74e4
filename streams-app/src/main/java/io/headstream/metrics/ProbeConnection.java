package io.headstream.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection of a {@link ProbeHttpServer}. Only the event-loop thread touches it: a
 * worker gets the parsed request, never the connection, so no field needs a lock.
 */
final class ProbeConnection {

    /** Where the connection is in its single request/answer. */
    enum Phase { READING_HEAD, AWAITING_WORKER, WRITING, LINGERING, CLOSED }

    /** What one read of the head produced. */
    enum HeadStatus { INCOMPLETE, COMPLETE, TOO_LARGE, EOF }

    private final SocketChannel channel;
    private final SelectionKey key;
    private final byte[] head;
    private int headLength;
    private ByteBuffer out;
    private Phase phase = Phase.READING_HEAD;
    private final long lingerNanos;
    private long deadlineNanos;
    private long lingerBudget;

    ProbeConnection(SocketChannel channel, SelectionKey key, int maxHeadBytes, long deadlineNanos, long lingerNanos) {
        this.channel = channel;
        this.key = key;
        this.head = new byte[maxHeadBytes];
        this.deadlineNanos = deadlineNanos;
        this.lingerNanos = lingerNanos;
    }

    Phase phase() {
        return phase;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    /** Reads what has arrived of the head. */
    HeadStatus readHead() throws IOException {
        int n = channel.read(ByteBuffer.wrap(head, headLength, head.length - headLength));
        if (n < 0) {
            return HeadStatus.EOF;
        }
        headLength += n;
        if (PlainHttp.headEnd(head, headLength) >= 0) {
            return HeadStatus.COMPLETE;
        }
        return headLength == head.length ? HeadStatus.TOO_LARGE : HeadStatus.INCOMPLETE;
    }

    /** The request line of a complete head; null when malformed. */
    PlainHttp.Request request() {
        return PlainHttp.parseRequestLine(head, PlainHttp.headEnd(head, headLength));
    }

    /** Stops reading while a worker computes the answer, so the loop does not spin on a readable socket. */
    void awaitWorker() {
        phase = Phase.AWAITING_WORKER;
        key.interestOps(0);
    }

    /** Starts writing {@code bytes}; the loop calls {@link #writeMore} when the socket can take more. */
    void startWriting(byte[] bytes) throws IOException {
        phase = Phase.WRITING;
        out = ByteBuffer.wrap(bytes);
        writeMore(System.nanoTime());
    }

    /**
     * Writes what the socket takes. When the answer is out, the write side is shut and the
     * connection lingers, discarding what the client still sends, until it closes: closing with
     * unread bytes would make the kernel send a reset that can destroy the answer in flight.
     */
    void writeMore(long now) throws IOException {
        channel.write(out);
        if (out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        channel.shutdownOutput();
        phase = Phase.LINGERING;
        lingerBudget = 64 * 1024;
        deadlineNanos = Math.min(deadlineNanos, now + lingerNanos);
        key.interestOps(SelectionKey.OP_READ);
    }

    /** Discards input while lingering; true when the client has closed or sent more than we care to read. */
    boolean discard(ByteBuffer scratch) throws IOException {
        scratch.clear();
        int n = channel.read(scratch);
        lingerBudget -= Math.max(n, 0);
        return n < 0 || lingerBudget <= 0;
    }

    void close() {
        phase = Phase.CLOSED;
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do: the peer is gone either way
        }
    }
}
