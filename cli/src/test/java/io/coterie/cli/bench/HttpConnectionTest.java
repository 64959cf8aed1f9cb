package io.coterie.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {

    /** Answers each request on a connection with the next canned response; counts connections. */
    private static ServerSocket server(List<String> responses, List<String> requestLines, AtomicInteger connections) throws IOException {
        ServerSocket server = new ServerSocket(0);
        Thread thread = new Thread(() -> {
            int next = 0;
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    connections.incrementAndGet();
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                    OutputStream out = socket.getOutputStream();
                    String line;
                    while ((line = in.readLine()) != null) {
                        requestLines.add(line);
                        int length = 0;
                        for (String header = in.readLine(); !header.isEmpty(); header = in.readLine()) {
                            if (header.toLowerCase().startsWith("content-length:")) {
                                length = Integer.parseInt(header.substring(15).trim());
                            }
                        }
                        in.skip(length);
                        String response = responses.get(next++ % responses.size());
                        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        if (response.contains("Connection: close")) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    // The test is over.
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    @Test
    void readsLengthAndChunkedBodiesOnOneKeptAliveConnection() throws IOException {
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = server(List.of(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4;x=y\r\ndefg\r\n0\r\n\r\n"), lines, connections);
             HttpConnection connection = new HttpConnection(URI.create("http://127.0.0.1:" + server.getLocalPort()), Duration.ofSeconds(5))) {
            WireRequest put = new WireRequest("PUT", "/v1/kv/a%20b", Map.of("Authorization", "Bearer t"), "value".getBytes());
            HttpConnection.Response first = connection.exchange(put);
            assertThat(first.status()).isEqualTo(200);
            assertThat(new String(first.body())).isEqualTo("hello");
            HttpConnection.Response second = connection.exchange(new WireRequest("GET", "/v1/kv/x", Map.of(), null));
            assertThat(second.status()).isEqualTo(404);
            assertThat(new String(second.body())).isEqualTo("abcdefg");
            assertThat(connections.get()).isEqualTo(1);
            assertThat(lines).contains("PUT /v1/kv/a%20b HTTP/1.1", "GET /v1/kv/x HTTP/1.1");
        }
    }

    @Test
    void reconnectsAfterTheServerClosesAndReportsAClosedStream() throws IOException {
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = server(List.of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), lines, connections);
             HttpConnection connection = new HttpConnection(URI.create("http://127.0.0.1:" + server.getLocalPort()), Duration.ofSeconds(5))) {
            WireRequest get = new WireRequest("GET", "/", Map.of(), null);
            assertThat(connection.exchange(get).status()).isEqualTo(200);
            assertThat(connection.exchange(get).status()).isEqualTo(200);
            assertThat(connections.get()).isEqualTo(2);
        }
        try (HttpConnection nowhere = new HttpConnection(URI.create("https://127.0.0.1:1"), Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> nowhere.exchange(new WireRequest("GET", "/", Map.of(), null)))
                    .hasMessageContaining("plain http");
        }
    }
}
