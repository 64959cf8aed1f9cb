package io.coterie.identity.directory;

import io.coterie.identity.directory.DirectoryBodies.Deleted;
import io.coterie.identity.directory.DirectoryBodies.NewPrincipal;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Principals: create (the secret is shown once), show, list, delete. Admin only. */
@RestController
@RequestMapping("/v1/principals")
class PrincipalController {

    private final Directory directory;
    private final Access access;

    PrincipalController(Directory directory, Access access) {
        this.directory = directory;
        this.access = access;
    }

    @PostMapping
    ResponseEntity<PrincipalCreated> create(@RequestBody NewPrincipal body) {
        access.requireAdmin();
        if (body.name() == null) {
            throw ApiException.badRequest("a principal needs a \"name\"");
        }
        PrincipalCreated created = directory.createPrincipal(access.principal(), body.name(), body.roles(), body.secret());
        return ResponseEntity.created(URI.create("/v1/principals/" + created.name())).body(created);
    }

    @GetMapping("/{name}")
    PrincipalRecord show(@PathVariable String name) {
        access.requireAdmin();
        return directory.principal(name);
    }

    @GetMapping
    Page<PrincipalRecord> list(@RequestParam(defaultValue = "") String after,
                               @RequestParam(defaultValue = "" + Page.DEFAULT_LIMIT) int limit) {
        access.requireAdmin();
        return directory.principals(after, limit);
    }

    @DeleteMapping("/{name}")
    Deleted delete(@PathVariable String name) {
        access.requireAdmin();
        directory.deletePrincipal(access.principal(), name);
        return new Deleted(name, true);
    }
}
