package dev.roster.server.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a connection's prepared statements for reuse. SQLite prepares a statement anew on every
 * prepareStatement call, and the load benchmark showed preparing costs as much as running; the JDBC
 * driver keeps no cache of its own. The most recently used statements are kept (per connection, so per
 * thread at a time); closing one through the returned handle only clears it for the next use.
 */
final class StatementCache implements InvocationHandler {
    private static final int SIZE = 64;

    private final Connection connection;
    // Each entry is the driver's statement behind the reusable handle given out for it.
    private final Map<String, Cached> statements = new LinkedHashMap<>(SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            if (size() <= SIZE) return false;
            try {
                eldest.getValue().statement().close();
            } catch (SQLException ignored) {
                // evicted; nothing to keep
            }
            return true;
        }
    };

    private record Cached(PreparedStatement statement, PreparedStatement handle) {}

    private StatementCache(Connection connection) {
        this.connection = connection;
    }

    static Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                new StatementCache(connection));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("prepareStatement") && args != null && args.length == 1 && args[0] instanceof String sql) {
            Cached cached = statements.get(sql);
            if (cached == null || cached.statement().isClosed()) {
                PreparedStatement statement = connection.prepareStatement(sql);
                cached = new Cached(statement, reusable(statement));
                statements.put(sql, cached);
            }
            return cached.handle();
        }
        if (method.getName().equals("close")) {
            for (Cached c : statements.values()) c.statement().close();
            statements.clear();
        }
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A handle on a cached statement whose close() resets it instead of closing it. */
    private static PreparedStatement reusable(PreparedStatement statement) {
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, (p, m, a) -> {
                    if (m.getName().equals("close")) {
                        statement.clearParameters();
                        statement.clearBatch();
                        return null;
                    }
                    if (m.getName().equals("isClosed")) return false;
                    try {
                        return m.invoke(statement, a);
                    } catch (InvocationTargetException e) {
                        // The driver finalises a statement that failed other than on a busy database or a constraint
                        // (interrupted, malformed JSON, an I/O error) yet reports it open: closed here, the next
                        // prepareStatement prepares it again instead of handing out a dead statement.
                        if (e.getCause() instanceof SQLException) statement.close();
                        throw e.getCause();
                    }
                });
    }
}
