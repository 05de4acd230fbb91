package dev.tarn.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Hand-written HTTP/1.1 over a socket, for requests that well-behaved clients cannot produce. */
public final class RawHttp {
    private RawHttp() {
    }

    /** Sends the request head (CRLF line ends added) and body, and returns everything the server answers until it closes. */
    public static String exchange(int port, String head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream output = socket.getOutputStream();
            output.write((head.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8));
            output.write(body);
            output.flush();
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String readAll(InputStream input) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        input.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
