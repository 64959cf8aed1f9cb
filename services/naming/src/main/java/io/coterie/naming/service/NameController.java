package io.coterie.naming.service;

import io.coterie.api.ProblemType;
import io.coterie.api.kv.KeyRules;
import io.coterie.api.kv.KvLimits;
import io.coterie.auth.Action;
import io.coterie.naming.Binding;
import io.coterie.naming.EntryJson;
import io.coterie.naming.FileEntry;
import io.coterie.naming.NamePath;
import io.coterie.naming.NamePrefix;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import io.coterie.service.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Names: bind, resolve, unbind and list. See docs/api.md, "Naming". */
@RestController
@RequestMapping("/v1/names")
class NameController {

    static final String STALENESS_HEADER = "Coterie-Staleness-Ms";

    private final NameResolver resolver;
    private final NameWriter writer;
    private final NameLister lister;
    private final Access access;

    NameController(NameResolver resolver, NameWriter writer, NameLister lister, Access access) {
        this.resolver = resolver;
        this.writer = writer;
        this.lister = lister;
        this.access = access;
    }

    record WriteResult(String path, long revision) {
    }

    record NamePage(List<?> items, boolean more, String next, long revision) {
    }

    @GetMapping("/{*path}")
    CompletableFuture<ResponseEntity<?>> resolve(@PathVariable String path,
                                                 @RequestParam(defaultValue = "true") boolean follow,
                                                 @RequestParam(required = false) String consistency,
                                                 @RequestHeader(value = "Accept", required = false) String accept,
                                                 HttpServletRequest request) {
        NamePath name = Names.path(path);
        access.require(Action.READ, name.toString());
        NameResolver.Source source = resolver.source(linearizable(consistency));
        Acceptable acceptable = Acceptable.of(accept);
        return resolver.resolve(name, follow, source, new Permissions(access.grants()))
                .<ResponseEntity<?>>thenApply(binding -> render(binding, acceptable, source.stalenessMillis()))
                .exceptionally(failure -> refusal(failure, source.stalenessMillis(), request.getRequestURI()));
    }

    @PutMapping("/{*path}")
    CompletableFuture<WriteResult> bind(@PathVariable String path,
                                        @RequestParam(required = false) Long ifRevision,
                                        @RequestParam(required = false) Long session,
                                        @RequestParam(required = false) String contentType,
                                        HttpServletRequest request) throws IOException {
        NamePath name = Names.path(path);
        access.require(Action.WRITE, name.toString());
        if (session != null && session <= 0) {
            throw ApiException.badRequest("session must be a session id (from POST /v1/sessions)");
        }
        return writer.bind(name, EntryRequests.read(request, contentType), ifRevision, session == null ? 0 : session)
                .thenApply(revision -> new WriteResult(name.toString(), revision));
    }

    @DeleteMapping("/{*path}")
    CompletableFuture<WriteResult> unbind(@PathVariable String path, @RequestParam(required = false) Long ifRevision) {
        NamePath name = Names.path(path);
        access.require(Action.WRITE, name.toString());
        return writer.unbind(name, ifRevision).thenApply(revision -> new WriteResult(name.toString(), revision));
    }

    @GetMapping
    CompletableFuture<NamePage> list(@RequestParam(defaultValue = "/") String prefix,
                                     @RequestParam(defaultValue = "false") boolean children,
                                     @RequestParam(required = false) String after,
                                     @RequestParam(defaultValue = "" + KvLimits.DEFAULT_PAGE_SIZE) int limit) {
        NamePrefix p = Names.prefix(prefix);
        access.require(Action.READ, p.toString());
        if (limit < 1 || limit > KvLimits.MAX_PAGE_SIZE) {
            throw ApiException.badRequest("limit must be between 1 and " + KvLimits.MAX_PAGE_SIZE);
        }
        return lister.page(p, children, cursor(after), limit)
                .thenApply(page -> new NamePage(page.items(), page.more(), page.next(), page.revision()));
    }

    /** {@code after} is the {@code next} of the previous page: a name, as a store key to continue after. */
    private static String cursor(String after) {
        if (after == null || after.isEmpty()) {
            return "";
        }
        if (!after.startsWith("/")) {
            throw new ApiException(ProblemType.INVALID_NAME, "after must be a name, such as the previous page's next");
        }
        String key = NamePath.STORE_ROOT + after;
        KeyRules.keyViolation(key).ifPresent(rule -> {
            throw new ApiException(ProblemType.INVALID_NAME, "after: " + rule);
        });
        return key;
    }

    private static boolean linearizable(String consistency) {
        if (consistency == null || consistency.equals("cached")) {
            return false;
        }
        if (consistency.equals("linearizable")) {
            return true;
        }
        throw ApiException.badRequest("consistency must be linearizable or cached (the default)");
    }

    private static ResponseEntity<?> render(Binding binding, Acceptable acceptable, long stalenessMillis) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().header(STALENESS_HEADER, Long.toString(stalenessMillis));
        if (acceptable.raw() && binding.entry() instanceof FileEntry file) {
            return ok.contentType(MediaType.APPLICATION_OCTET_STREAM).body(file.content());
        }
        if (!acceptable.json()) {
            throw new ApiException(ProblemType.NOT_ACCEPTABLE, "'" + binding.path() + "' is a " + binding.entry().kind().wire()
                    + " entry, which has no raw content: ask for application/json");
        }
        return ok.contentType(MediaType.APPLICATION_JSON).body(EntryJson.toJson(binding));
    }

    /** A 404 from the cache may be as stale as a 200: it carries the staleness header too. */
    private static ResponseEntity<?> refusal(Throwable failure, long stalenessMillis, String uri) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (!(cause instanceof ApiException refused)) {
            throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        }
        ProblemDetail problem = Problems.of(refused.type(), refused.getMessage(), uri);
        refused.properties().forEach(problem::setProperty);
        return ResponseEntity.status(refused.type().status()).header(STALENESS_HEADER, Long.toString(stalenessMillis)).body(problem);
    }

    /** What the caller takes: a file's raw bytes when it asks for octet-stream, JSON unless it excludes it. */
    private record Acceptable(boolean raw, boolean json) {
        static Acceptable of(String accept) {
            if (accept == null || accept.isBlank()) {
                return new Acceptable(false, true);
            }
            List<MediaType> types;
            try {
                types = MediaType.parseMediaTypes(accept);
            } catch (RuntimeException e) {
                throw new ApiException(ProblemType.NOT_ACCEPTABLE, "Accept '" + accept + "' is not a list of media types");
            }
            boolean raw = types.stream().anyMatch(t -> t.equalsTypeAndSubtype(MediaType.APPLICATION_OCTET_STREAM));
            boolean json = types.stream().anyMatch(t -> t.isCompatibleWith(MediaType.APPLICATION_JSON));
            return new Acceptable(raw, json);
        }
    }
}
