package io.coterie.naming.service;

import io.coterie.api.ProblemType;
import io.coterie.api.kv.KvLimits;
import io.coterie.naming.Entry;
import io.coterie.naming.EntryJson;
import io.coterie.naming.EntryTooLargeException;
import io.coterie.naming.FileEntry;
import io.coterie.naming.InvalidEntryException;
import io.coterie.service.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** The entry a PUT carries: a JSON entry, or a file's raw content. */
final class EntryRequests {

    private EntryRequests() {
    }

    static Entry read(HttpServletRequest request, String fileContentType) throws IOException {
        MediaType type = contentType(request.getContentType());
        if (type.isCompatibleWith(MediaType.APPLICATION_OCTET_STREAM)) {
            byte[] content = body(request, FileEntry.MAX_CONTENT_BYTES, "a file holds at most " + FileEntry.MAX_CONTENT_BYTES + " bytes");
            return convert(() -> FileEntry.of(content, fileContentType));
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_JSON) || "json".equals(type.getSubtypeSuffix())) {
            if (fileContentType != null) {
                throw ApiException.badRequest("contentType applies to a file sent raw with Content-Type: application/octet-stream");
            }
            byte[] json = body(request, KvLimits.MAX_VALUE_BYTES, "an entry takes at most " + KvLimits.MAX_VALUE_BYTES + " bytes");
            return convert(() -> EntryJson.fromRequestBody(json));
        }
        throw new ApiException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "send a JSON entry with Content-Type: application/json, "
                + "or a file's content with Content-Type: application/octet-stream (not " + type + ")");
    }

    private static MediaType contentType(String header) {
        if (header == null || header.isBlank()) {
            throw new ApiException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "say what the body is: Content-Type: application/json "
                    + "for an entry, application/octet-stream for a file's content");
        }
        try {
            return MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            throw new ApiException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + header + "' is not a media type");
        }
    }

    private static byte[] body(HttpServletRequest request, int limit, String rule) throws IOException {
        byte[] body = request.getInputStream().readNBytes(limit + 1);
        if (body.length > limit) {
            throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE, "the body is larger than the limit: " + rule);
        }
        return body;
    }

    /** An entry's rules broken by the request are the caller's mistake: 400, or 413 for size. */
    static <T> T convert(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (EntryTooLargeException e) {
            throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage());
        } catch (InvalidEntryException e) {
            throw new ApiException(ProblemType.INVALID_REQUEST, e.getMessage(), Map.of());
        }
    }
}
