package io.coterie.cli.name;

/** What {@code name bind} sends: the entry's kind, the request body and its content type. */
record BindRequest(NameKind kind, byte[] body, String contentType) {

    static final String JSON = "application/json";
    static final String RAW = "application/octet-stream";
}
