package dev.roster.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The log lines written while it is open, from every logger: for tests of what the operator is told. */
final class CapturedLog implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    CapturedLog() {
        appender.start();
        root.addAppender(appender);
    }

    List<ILoggingEvent> events() { return appender.list; }

    @Override
    public void close() {
        root.detachAppender(appender);
    }
}
