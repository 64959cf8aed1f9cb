package io.coterie.naming;

import io.coterie.api.kv.KvLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An entry as one store value: a 4-byte big-endian header length, the header (the entry's JSON
 * in UTF-8, see {@link EntryJson}), then a file's raw content. Raw, not base64, so that a file of
 * 1,000,000 bytes still fits the store's 1 MiB value limit.
 */
public final class EntryCodec {

    static final int LENGTH_BYTES = 4;

    private EntryCodec() {
    }

    public static byte[] encode(Entry entry) {
        byte[] header = EntryJson.MAPPER.writeValueAsBytes(EntryJson.toJson(entry));
        byte[] content = entry instanceof FileEntry file ? file.contentView() : new byte[0];
        long size = (long) LENGTH_BYTES + header.length + content.length;
        if (size > KvLimits.MAX_VALUE_BYTES) {
            throw new EntryTooLargeException("the entry takes " + size + " bytes once encoded; a store value holds at most "
                    + KvLimits.MAX_VALUE_BYTES + " (make the metadata or the list of instances smaller)");
        }
        return ByteBuffer.allocate((int) size).putInt(header.length).put(header).put(content).array();
    }

    /** Reads a store value back, checking it as strictly as a request: a corrupt value never passes as an entry. */
    public static Entry decode(byte[] value) {
        if (value == null || value.length < LENGTH_BYTES) {
            throw new InvalidEntryException("a naming value starts with a 4-byte header length; this one has "
                    + (value == null ? 0 : value.length) + " bytes");
        }
        int headerLength = ByteBuffer.wrap(value, 0, LENGTH_BYTES).getInt();
        if (headerLength <= 0 || headerLength > value.length - LENGTH_BYTES) {
            throw new InvalidEntryException("a naming value's header length " + headerLength + " does not fit its "
                    + value.length + " bytes");
        }
        JsonNode header;
        try {
            header = EntryJson.MAPPER.readTree(new String(value, LENGTH_BYTES, headerLength, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new InvalidEntryException("a naming value's header is not JSON: " + e.getOriginalMessage());
        }
        if (!(header instanceof ObjectNode object)) {
            throw new InvalidEntryException("a naming value's header is not a JSON object");
        }
        byte[] content = Arrays.copyOfRange(value, LENGTH_BYTES + headerLength, value.length);
        return EntryJson.fromHeader(object, content);
    }
}
