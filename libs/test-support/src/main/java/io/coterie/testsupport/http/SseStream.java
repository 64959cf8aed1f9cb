package io.coterie.testsupport.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Server-Sent Events stream read by a background thread into events, the way a browser parses it. */
public final class SseStream implements AutoCloseable {

    /** One dispatched message: its event name, its data, and the id it carried (null if none). */
    public record Message(String event, String data, String id) {
    }

    public final HttpResponse<InputStream> response;
    public final List<Message> messages = new CopyOnWriteArrayList<>();
    public final List<String> comments = new CopyOnWriteArrayList<>();

    private SseStream(HttpResponse<InputStream> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseStream open(Http http, String path, String lastEventId) {
        HttpRequest.Builder request = http.request(path).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("watch " + path + " answered " + response.statusCode());
        }
        return new SseStream(response);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String event = null;
            String id = null;
            StringBuilder data = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (event != null || data != null || id != null) {
                        messages.add(new Message(event, data == null ? null : data.toString(), id));
                    }
                    event = null;
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data = data == null ? new StringBuilder() : data.append('\n');
                    data.append(line.substring(5).trim());
                }
            }
        } catch (IOException e) {
            // The test closed the stream, or the server ended it.
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // Closing is all that was asked.
        }
    }
}
