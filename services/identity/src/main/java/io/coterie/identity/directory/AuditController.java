package io.coterie.identity.directory;

import io.coterie.service.Access;
import io.coterie.service.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log, oldest first, a page at a time. Admin only. */
@RestController
class AuditController {

    private final AuditLog audit;
    private final Access access;

    AuditController(AuditLog audit, Access access) {
        this.audit = audit;
        this.access = access;
    }

    @GetMapping("/v1/audit")
    Page<AuditEntry> page(@RequestParam(defaultValue = "0") long after,
                          @RequestParam(defaultValue = "" + Page.DEFAULT_LIMIT) int limit) {
        access.requireAdmin();
        if (after < 0) {
            throw ApiException.badRequest("after is a sequence number, 0 or more");
        }
        return audit.after(after, Page.checkedLimit(limit));
    }
}
