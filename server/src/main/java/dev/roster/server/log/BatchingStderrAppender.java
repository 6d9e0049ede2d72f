package dev.roster.server.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log lines to stderr in batches, from one thread: a logging thread only queues its event, and the
 * writer wakes every {@code flushMillis} to write all that queued with one write. Logback's AsyncAppender
 * wakes its worker for each event and its ConsoleAppender makes a write per line; at thousands of requests
 * a second, those wake-ups and writes cost a request more than the rest of its logging.
 *
 * <p>Nothing is dropped: when the queue is full the logging thread waits for room, and stopping (the
 * server's shutdown hook stops logging last) writes what is still queued.
 */
public final class BatchingStderrAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 8192;
    private long flushMillis = 10;
    private OutputStream out = new FileOutputStream(FileDescriptor.err);

    private ArrayBlockingQueue<ILoggingEvent> queue;
    private Thread writer;
    private volatile boolean draining;
    private final Object writeLock = new Object();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);

    public void setEncoder(Encoder<ILoggingEvent> encoder) { this.encoder = encoder; }

    public void setQueueSize(int queueSize) { this.queueSize = queueSize; }

    public void setFlushMillis(long flushMillis) { this.flushMillis = flushMillis; }

    /** Where the lines go instead of stderr; set before the appender starts. */
    public void setOutputStream(OutputStream out) { this.out = out; }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for appender " + name);
            return;
        }
        if (queueSize < 1 || flushMillis < 1) {
            addError("queueSize and flushMillis must be at least 1");
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        draining = false;
        writer = new Thread(this::writeBatches, "roster-log-writer");
        writer.setDaemon(true);
        super.start();
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // The event is written on another thread: its message, thread name and MDC are fixed now.
        event.prepareForDeferredProcessing();
        try {
            if (!queue.offer(event)) {
                LockSupport.unpark(writer);
                queue.put(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writeQueuedAnd(event);
            return;
        }
        // Queued as the appender stopped, after its last drain: written here rather than left behind.
        if (draining) writeQueuedAnd(null);
    }

    private void writeQueuedAnd(ILoggingEvent event) {
        synchronized (writeLock) {
            List<ILoggingEvent> rest = new ArrayList<>();
            queue.drainTo(rest);
            if (event != null) rest.add(event);
            if (!rest.isEmpty()) write(rest);
        }
    }

    private void writeBatches() {
        long pause = TimeUnit.MILLISECONDS.toNanos(flushMillis);
        while (!draining) {
            LockSupport.parkNanos(pause);
            try {
                writeQueuedAnd(null);
            } catch (RuntimeException | OutOfMemoryError e) {
                // The writer must outlive a failed write: were it to end, logging threads would wait on a full queue.
                // A heap exhausted elsewhere in the process can fail it too; the lines it held are lost, not the writer.
                addError("could not write log lines", e);
            }
        }
    }

    /** Writes events and flushes; the caller holds writeLock. */
    private void write(List<ILoggingEvent> events) {
        buffer.reset();
        for (ILoggingEvent e : events) {
            try {
                byte[] line = encoder.encode(e);
                if (line != null) buffer.write(line, 0, line.length);
            } catch (RuntimeException | OutOfMemoryError failure) {
                // One event that cannot be written costs its own line, not its batch's.
                addError("could not write a log line", failure);
            }
        }
        try {
            buffer.writeTo(out);
            out.flush();
        } catch (IOException e) {
            addError("could not write log lines", e);
        }
    }

    /** Writes what is still queued; the writer thread ends. */
    @Override
    public void stop() {
        if (!isStarted()) return;
        draining = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeQueuedAnd(null);
        super.stop();
    }
}
