package org.medmoe.devtools.drill;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A slow PACS for the drill: a TCP relay on a loopback port of its own in front of the real one. The
 * requests pass as they are; of each response it sends the status line, the headers and one byte of
 * the body at once, then one more byte every {@code gapMillis}, a gap longer than the client's read
 * timeout (a server that stalls mid-body). One thread per direction of each connection; {@link #close}
 * ends them all.
 */
final class SlowLink implements AutoCloseable {
    private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};

    private final ServerSocket server;
    private final int upstreamPort;
    private final long gapMillis;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private SlowLink(ServerSocket server, int upstreamPort, long gapMillis) {
        this.server = server;
        this.upstreamPort = upstreamPort;
        this.gapMillis = gapMillis;
    }

    /** Listens on a free loopback port, relaying to {@code upstreamPort} on loopback. */
    static SlowLink start(int upstreamPort, long gapMillis) throws IOException {
        SlowLink link = new SlowLink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstreamPort,
                gapMillis);
        daemon("drill-slow-link", link::accept).start();
        return link;
    }

    /** The relay's port. */
    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                open.add(client);
                open.add(upstream);
                daemon("drill-slow-link-request", () -> relay(client, upstream, false)).start();
                daemon("drill-slow-link-response", () -> relay(upstream, client, true)).start();
            } catch (IOException e) {
                // closed, or the upstream refused this one: the client sees its connection end
            }
        }
    }

    private void relay(Socket from, Socket to, boolean slow) {
        try (from; to) {
            InputStream in = new BufferedInputStream(from.getInputStream());
            OutputStream out = new BufferedOutputStream(to.getOutputStream());
            int matched = 0;
            boolean inBody = false;
            int b;
            while ((b = in.read()) >= 0) {
                out.write(b);
                if (!slow) {
                    if (in.available() == 0) {
                        out.flush();
                    }
                } else if (inBody) {
                    out.flush();
                    Thread.sleep(gapMillis);
                } else {
                    matched = b == END_OF_HEADERS[matched] ? matched + 1 : b == END_OF_HEADERS[0] ? 1 : 0;
                    inBody = matched == END_OF_HEADERS.length;
                }
            }
            out.flush();
        } catch (IOException e) {
            // one side closed: so does the other
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(from);
            open.remove(to);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
