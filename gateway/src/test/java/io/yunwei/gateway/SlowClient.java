package io.yunwei.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A client on a raw socket that sends a chunked JSON body slowly — a first piece, then one byte per {@code pause},
 * never finishing within {@code pieces} bytes — and reads whatever the gateway answers.
 */
final class SlowClient {

    /** What came back: the status (0 when the connection closed without an answer), the raw text, and when. */
    record Answer(int status, String text, Duration after) {
    }

    private SlowClient() {
    }

    static Answer post(int port, String path, String token, int pieces, Duration pause) throws IOException {
        long started = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "9\r\n{\"text\":\"\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                for (int i = 0; i < pieces && in.available() == 0; i++) {
                    LockSupport.parkNanos(pause.toNanos());
                    out.write("1\r\na\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (SocketException closedWhileSending) {
                // the gateway answered and closed: read the answer below
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
            return new Answer(status, text, Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
