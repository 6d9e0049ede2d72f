package dev.roster.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback TCP forwarder a test can cut and restore, to play a database that goes away and comes back, or that
 * loses a connection between one request and its answer.
 */
final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        start();
    }

    int port() { return port; }

    synchronized void start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = s;
        Thread accept = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    Socket upstream = new Socket(targetHost, targetPort);
                    open.add(client);
                    open.add(upstream);
                    Pair pair = new Pair(client, upstream);
                    pump(client, upstream, pair, true);
                    pump(upstream, client, pair, false);
                } catch (IOException e) {
                    return;
                }
            }
        }, "tcp-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** Refuses new connections and breaks the open ones, as a database that stopped would. */
    synchronized void cut() throws IOException {
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        open.clear();
    }

    /**
     * Once: the next message from a client that holds {@code marker} reaches the database ({@code delivered}) or not,
     * and either way its answer never comes back: the connection breaks first, as when the network fails between a
     * request and its reply.
     */
    void breakAfterNext(String marker, boolean delivered) {
        breakAt.set(new Break(marker.getBytes(StandardCharsets.US_ASCII), delivered));
    }

    /** How many connections {@link #breakAfterNext} broke. */
    int broken() { return broken.get(); }

    private record Break(byte[] marker, boolean delivered) {}

    private final AtomicReference<Break> breakAt = new AtomicReference<>();
    private final AtomicInteger broken = new AtomicInteger();

    /** One client's connection and its own to the target; {@code deaf}: the target's answers are dropped. */
    private static final class Pair {
        final Socket client;
        final Socket upstream;
        volatile boolean deaf;

        Pair(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }

    private void pump(Socket from, Socket to, Pair pair, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    Break b = fromClient ? breakAt.get() : null;
                    if (b != null && contains(buf, n, b.marker()) && breakAt.compareAndSet(b, null)) {
                        pair.deaf = true;
                        if (b.delivered()) {
                            out.write(buf, 0, n);
                            out.flush();
                            Thread.sleep(300); // for the target to act on it before the connection breaks
                        }
                        broken.incrementAndGet();
                        pair.client.close();
                        pair.upstream.close();
                        return;
                    }
                    if (pair.deaf) continue;
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException ignored) {
                // one side closed
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static boolean contains(byte[] buf, int n, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= n; i++) {
            for (int j = 0; j < marker.length; j++) if (buf[i + j] != marker[j]) continue outer;
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException { cut(); }
}
