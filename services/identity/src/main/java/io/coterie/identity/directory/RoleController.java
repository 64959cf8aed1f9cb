package io.coterie.identity.directory;

import io.coterie.identity.directory.DirectoryBodies.Deleted;
import io.coterie.identity.directory.DirectoryBodies.RoleBody;
import io.coterie.service.Access;
import io.coterie.service.ApiException;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Roles: named sets of grants. Create, replace, show, list, delete (while nobody holds them). Admin only. */
@RestController
@RequestMapping("/v1/roles")
class RoleController {

    private final Directory directory;
    private final Access access;

    RoleController(Directory directory, Access access) {
        this.directory = directory;
        this.access = access;
    }

    @PostMapping
    ResponseEntity<RoleRecord> create(@RequestBody RoleBody body) {
        access.requireAdmin();
        if (body.name() == null) {
            throw ApiException.badRequest("a role needs a \"name\"");
        }
        RoleRecord created = directory.createRole(access.principal(), body.name(), body.grants());
        return ResponseEntity.created(URI.create("/v1/roles/" + created.name())).body(created);
    }

    @PutMapping("/{name}")
    RoleRecord put(@PathVariable String name, @RequestBody RoleBody body) {
        access.requireAdmin();
        if (body.name() != null && !body.name().equals(name)) {
            throw ApiException.badRequest("the body names role '" + body.name() + "' but the path names '" + name + "'");
        }
        return directory.putRole(access.principal(), name, body.grants());
    }

    @GetMapping("/{name}")
    RoleRecord show(@PathVariable String name) {
        access.requireAdmin();
        return directory.role(name);
    }

    @GetMapping
    Page<RoleRecord> list(@RequestParam(defaultValue = "") String after,
                          @RequestParam(defaultValue = "" + Page.DEFAULT_LIMIT) int limit) {
        access.requireAdmin();
        return directory.roles(after, limit);
    }

    @DeleteMapping("/{name}")
    Deleted delete(@PathVariable String name) {
        access.requireAdmin();
        directory.deleteRole(access.principal(), name);
        return new Deleted(name, true);
    }
}
