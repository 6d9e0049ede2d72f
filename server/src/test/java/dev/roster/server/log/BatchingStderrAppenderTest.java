package dev.roster.server.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchingStderrAppenderTest {
    /** Counts the writes it takes, so a test can tell a batch from a write per line. */
    static final class Capture extends ByteArrayOutputStream {
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            writes.incrementAndGet();
            super.write(b);
        }

        @Override
        public void writeBytes(byte[] b) { write(b, 0, b.length); }

        List<String> lines() { return toString(StandardCharsets.UTF_8).lines().toList(); }
    }

    private final LoggerContext context = new LoggerContext();
    private final Capture out = new Capture();

    private Logger logger(int queueSize, long flushMillis) {
        return logger(queueSize, flushMillis, new PatternLayoutEncoder());
    }

    private Logger logger(int queueSize, long flushMillis, PatternLayoutEncoder encoder) {
        context.setMDCAdapter(new LogbackMDCAdapter());
        encoder.setContext(context);
        encoder.setPattern("%thread %msg%n");
        encoder.start();
        BatchingStderrAppender appender = new BatchingStderrAppender();
        appender.setContext(context);
        appender.setName("test");
        appender.setEncoder(encoder);
        appender.setQueueSize(queueSize);
        appender.setFlushMillis(flushMillis);
        appender.setOutputStream(out);
        appender.start();
        assertTrue(appender.isStarted());
        Logger logger = context.getLogger("test");
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void everyLineFromManyThreadsIsWrittenInEachThreadsOrder() throws Exception {
        // A queue far smaller than the lines logged: threads wait for room rather than lose lines.
        Logger logger = logger(16, 5);
        int threads = 6, each = 3_000;
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < each; i++) logger.info("line {}", i);
            }, "t" + t);
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) thread.join();
        context.stop();

        List<String> lines = out.lines();
        assertEquals(threads * each, lines.size());
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + " line ";
            List<Integer> seen = lines.stream().filter(l -> l.startsWith(prefix))
                    .map(l -> Integer.parseInt(l.substring(prefix.length()))).toList();
            assertEquals(each, seen.size(), "lines of thread t" + t);
            for (int i = 0; i < each; i++) assertEquals(i, seen.get(i), "order of thread t" + t);
        }
    }

    @Test
    void aLineLoggedWhileIdleIsWrittenWithoutWaitingForMore() throws Exception {
        Logger logger = logger(8192, 10);
        logger.info("alone");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (out.lines().isEmpty() && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(List.of(Thread.currentThread().getName() + " alone"), out.lines());
    }

    @Test
    void aBurstIsWrittenInFewWritesRatherThanOnePerLine() throws Exception {
        Logger logger = logger(8192, 200);
        for (int i = 0; i < 2_000; i++) logger.info("burst {}", i);
        context.stop();
        assertEquals(2_000, out.lines().size());
        // Logged in far less than the 200 ms pause, so one or two batches; a write per line would be 2,000.
        assertTrue(out.writes.get() <= 20, "writes: " + out.writes.get());
    }

    @Test
    @Timeout(10)
    void aLineThatCannotBeWrittenDoesNotStopTheOthers() throws Exception {
        PatternLayoutEncoder failing = new PatternLayoutEncoder() {
            @Override
            public byte[] encode(ch.qos.logback.classic.spi.ILoggingEvent event) {
                if (event.getFormattedMessage().equals("bad")) throw new IllegalStateException("cannot encode");
                // A heap exhausted by a request can strike the writer thread too.
                if (event.getFormattedMessage().equals("no memory")) throw new OutOfMemoryError("Java heap space");
                return super.encode(event);
            }
        };
        Logger logger = logger(4, 5, failing);
        logger.info("bad");
        logger.info("no memory");
        // More lines than the queue holds: had the writer ended, this thread would wait for room forever.
        for (int i = 0; i < 20; i++) logger.info("good {}", i);
        context.stop();
        List<String> lines = out.lines();
        assertEquals(20, lines.size(), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.contains(" good ")));
    }

    @Test
    void stoppingWritesWhatIsStillQueued() throws IOException {
        Logger logger = logger(8192, 60_000);
        logger.info("queued");
        assertTrue(out.lines().isEmpty(), "written before the minute's pause was over");
        context.stop();
        assertEquals(1, out.lines().size());
    }
}
