package io.coterie.naming;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * Small content (at most {@link #MAX_CONTENT_BYTES}) with its media type. Its SHA-256 is computed
 * here, so an entry's checksum always matches its content.
 */
public final class FileEntry implements Entry {

    public static final int MAX_CONTENT_BYTES = 1_000_000;
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    static final int MAX_CONTENT_TYPE_CHARS = 255;

    private final byte[] content;
    private final String contentType;
    private final String sha256;
    private final Map<String, String> metadata;

    public FileEntry(byte[] content, String contentType, Map<String, String> metadata) {
        this(contentType, metadata, content == null ? null : content.clone());
    }

    /** Takes {@code content} as it is: for bytes nobody else holds (a freshly decoded value). */
    static FileEntry owning(byte[] content, String contentType, Map<String, String> metadata) {
        return new FileEntry(contentType, metadata, content);
    }

    private FileEntry(String contentType, Map<String, String> metadata, byte[] content) {
        if (content == null) {
            throw new InvalidEntryException("a file needs content (it may be empty)");
        }
        if (content.length > MAX_CONTENT_BYTES) {
            throw new EntryTooLargeException("the file is " + content.length + " bytes; the limit is "
                    + MAX_CONTENT_BYTES + " bytes");
        }
        String type = contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
        if (type.isEmpty() || type.length() > MAX_CONTENT_TYPE_CHARS || Text.hasControlCharacter(type)
                || type.indexOf('/') <= 0) {
            throw new InvalidEntryException("contentType '" + type + "' is not a media type such as text/plain");
        }
        this.content = content;
        this.contentType = type;
        this.sha256 = sha256(content);
        this.metadata = Metadata.of(metadata, "metadata");
    }

    public static FileEntry of(byte[] content, String contentType) {
        return new FileEntry(content, contentType, Map.of());
    }

    public byte[] content() {
        return content.clone();
    }

    /** The content without a defensive copy, for writing it out; callers must not modify it. */
    byte[] contentView() {
        return content;
    }

    public int size() {
        return content.length;
    }

    public String sha256() {
        return sha256;
    }

    public String contentType() {
        return contentType;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public Kind kind() {
        return Kind.FILE;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FileEntry file && Arrays.equals(file.content, content)
                && file.contentType.equals(contentType) && file.metadata.equals(metadata);
    }

    @Override
    public int hashCode() {
        return 31 * sha256.hashCode() + contentType.hashCode();
    }

    @Override
    public String toString() {
        return "FileEntry[size=" + content.length + ", sha256=" + sha256 + ", contentType=" + contentType
                + ", metadata=" + metadata + "]";
    }
}
