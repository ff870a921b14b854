package io.yunwei.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP forwarder between the services and a part of the stack, which can make the network between them bad the way
 * a real one goes bad: {@link #delay} holds every chunk in both directions, {@link #partition} lets nothing through
 * (connections stay open and silent, new ones are accepted and get nothing, as when packets are lost, so clients
 * find out only by their timeouts), and {@link #heal} restores it. No root or kernel settings needed.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile long delayNanos;
    private volatile boolean partitioned;
    private volatile boolean open = true;

    /** Listens on {@code port} (0: any free one) of the loopback interface and forwards to {@code targetPort}. */
    public TcpProxy(int port, int targetPort) {
        try {
            server = new ServerSocket(port, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        Thread.ofPlatform().name("proxy-accept-" + server.getLocalPort()).daemon().start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The port it forwards to. */
    public int target() {
        return target.getPort();
    }

    /** Every chunk waits {@code delay} in each direction (0: none). */
    public void delay(Duration delay) {
        delayNanos = delay.toNanos();
    }

    /** Nothing gets through, either way, until {@link #heal}. */
    public void partition() {
        partitioned = true;
    }

    public void heal() {
        partitioned = false;
        delayNanos = 0;
    }

    private void accept() {
        while (open) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> connect(client));
            } catch (IOException e) {
                if (open) {
                    LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
                }
            }
        }
    }

    private void connect(Socket client) {
        sockets.add(client);
        // a connection opened during a partition hangs as a real one would: the far side never answers
        while (partitioned && open && !client.isClosed()) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        Socket upstream = new Socket();
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(target, 5_000);
        } catch (IOException e) {
            close(client);
            close(upstream);
            return;
        }
        sockets.add(upstream);
        Thread.ofVirtual().start(() -> pump(client, upstream));
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                // during a partition bytes wait, as TCP keeps resending lost packets: what a side sent before giving
                // up arrives once the network heals, and a side that gave up has closed its connection by then
                while (partitioned && open) {
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                }
                long delay = delayNanos;
                if (delay > 0) {
                    LockSupport.parkNanos(delay);
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed: close both
        } finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(this::close);
    }
}
