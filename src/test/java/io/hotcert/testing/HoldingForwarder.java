package io.hotcert.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP forwarder that holds every connection until {@link #release()}: put in front of
 * the CA, it lets a test see what the daemon does while the CA has not answered yet, without
 * sleeping and hoping. Bytes pass through untouched, so TLS runs end to end.
 */
public final class HoldingForwarder implements AutoCloseable {

    private static final long HOLD_LIMIT_SECONDS = 60;

    private final ServerSocket listener;
    private final int targetPort;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger accepted = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        var thread = new Thread(runnable, "holding-forwarder");
        thread.setDaemon(true);
        return thread;
    });

    private HoldingForwarder(ServerSocket listener, int targetPort) {
        this.listener = listener;
        this.targetPort = targetPort;
    }

    public static HoldingForwarder to(int targetPort) throws IOException {
        var forwarder = new HoldingForwarder(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
        forwarder.threads.execute(forwarder::acceptLoop);
        return forwarder;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many connections clients opened so far: one for a client whose connection was never dropped. */
    public int accepted() {
        return accepted.get();
    }

    /** Lets held and future connections through. */
    public void release() {
        released.countDown();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                accepted.incrementAndGet();
                threads.execute(() -> forward(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void forward(Socket client) {
        try (client; var target = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            if (!released.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
            threads.execute(() -> pipe(client, target));
            pipe(target, client);
        } catch (IOException | InterruptedException e) {
            // the connection ends either way
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
    }

    @Override
    public void close() throws IOException {
        release();
        listener.close();
        threads.shutdownNow();
    }
}
