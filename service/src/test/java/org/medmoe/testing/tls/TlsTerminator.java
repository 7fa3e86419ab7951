package org.medmoe.testing.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A TLS terminator on a free loopback port: it accepts TLS with the server certificate of
 * {@link TestCertificates} and relays the plain bytes to {@code 127.0.0.1:backendPort} and back, as
 * a reverse proxy in front of a PACS would. One pair of daemon threads per connection; {@link #close}
 * stops accepting and closes every connection.
 */
public final class TlsTerminator implements AutoCloseable {
    private final SSLServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private TlsTerminator(SSLServerSocket server, int backendPort) {
        this.server = server;
        Thread acceptor = new Thread(() -> accept(backendPort), "tls-terminator");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts relaying TLS on a free loopback port to the plain {@code backendPort}. */
    public static TlsTerminator start(TestCertificates certificates, int backendPort)
            throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        char[] password = certificates.serverPassword().toCharArray();
        try (InputStream in = Files.newInputStream(certificates.serverKeystore())) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new TlsTerminator(socket, backendPort);
    }

    /** The TLS port. */
    public int port() {
        return server.getLocalPort();
    }

    private void accept(int backendPort) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                open.add(client);
                open.add(backend);
                pump(client, backend);
                pump(backend, client);
            } catch (IOException e) {
                // closed, or one connection failed: go on accepting until closed
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the other side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tls-terminator-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(TlsTerminator::closeQuietly);
    }
}
