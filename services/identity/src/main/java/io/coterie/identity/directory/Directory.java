package io.coterie.identity.directory;

import io.coterie.api.ProblemType;
import io.coterie.service.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Principals and roles, changed only together with their audit row (one transaction each).
 * Callers have already checked that the actor is an admin.
 */
@Service
public class Directory {

    public static final String ROOT = "root";
    public static final String ADMIN_ROLE = "admin";

    private final PrincipalRepository principals;
    private final RoleRepository roles;
    private final AuditLog audit;
    private final SecretEncoder encoder;

    Directory(PrincipalRepository principals, RoleRepository roles, AuditLog audit, SecretEncoder encoder) {
        this.principals = principals;
        this.roles = roles;
        this.audit = audit;
        this.encoder = encoder;
    }

    /**
     * Creates role {@code admin} ({@code admin:}) and principal {@code root} holding it, unless root
     * exists. Instances starting together race harmlessly: the loser's inserts wait for the winner's
     * commit and then do nothing. True when this call created root.
     */
    @Transactional
    public boolean bootstrapRoot(String secretHash) {
        roles.insert(ADMIN_ROLE, List.of("admin:"));
        if (!principals.insert(ROOT, secretHash, AuditLog.SYSTEM)) {
            return false;
        }
        principals.addRoles(ROOT, List.of(ADMIN_ROLE));
        audit.append(AuditLog.SYSTEM, "principal.create", ROOT, Map.of("roles", List.of(ADMIN_ROLE), "bootstrap", true));
        return true;
    }

    @Transactional
    public PrincipalCreated createPrincipal(String actor, String name, List<String> roleNames, String secret) {
        IdentityRules.principalName(name);
        List<String> held = IdentityRules.roleNames(roleNames);
        boolean generated = secret == null;
        String chosen = generated ? Secrets.generate() : IdentityRules.secret(secret);
        List<String> missing = roles.missing(held);
        if (!missing.isEmpty()) {
            throw ApiException.notFound("no such role: " + String.join(", ", missing));
        }
        if (!principals.insert(name, encoder.encode(chosen), actor)) {
            throw new ApiException(ProblemType.CONFLICT, "principal '" + name + "' already exists");
        }
        try {
            principals.addRoles(name, held);
        } catch (DataIntegrityViolationException e) {
            throw ApiException.notFound("a role was deleted while the principal was being created: " + String.join(", ", held));
        }
        audit.append(actor, "principal.create", name, Map.of("roles", held, "secretGenerated", generated));
        return new PrincipalCreated(name, held, chosen);
    }

    @Transactional
    public void deletePrincipal(String actor, String name) {
        IdentityRules.principalName(name);
        if (ROOT.equals(name)) {
            throw new ApiException(ProblemType.CONFLICT, "'root' cannot be deleted: it is how an operator gets back in");
        }
        PrincipalRecord gone = principals.find(name).orElseThrow(() -> noPrincipal(name));
        principals.delete(name);
        audit.append(actor, "principal.delete", name, Map.of("roles", gone.roles()));
    }

    @Transactional(readOnly = true)
    public PrincipalRecord principal(String name) {
        IdentityRules.principalName(name);
        return principals.find(name).orElseThrow(() -> noPrincipal(name));
    }

    @Transactional(readOnly = true)
    public Page<PrincipalRecord> principals(String after, int limit) {
        return Page.of(principals.after(after, Page.checkedLimit(limit) + 1), limit, PrincipalRecord::name);
    }

    @Transactional
    public RoleRecord createRole(String actor, String name, List<String> grantTexts) {
        IdentityRules.roleName(name);
        List<String> grants = IdentityRules.grants(grantTexts);
        if (!roles.insert(name, grants)) {
            throw new ApiException(ProblemType.CONFLICT, "role '" + name + "' already exists (PUT /v1/roles/" + name + " replaces it)");
        }
        audit.append(actor, "role.create", name, Map.of("grants", grants));
        return roles.find(name).orElseThrow();
    }

    /** Creates the role or replaces its grants; principals holding it get the new grants in their next token. */
    @Transactional
    public RoleRecord putRole(String actor, String name, List<String> grantTexts) {
        IdentityRules.roleName(name);
        List<String> grants = IdentityRules.grants(grantTexts);
        var previous = roles.findForUpdate(name);
        roles.put(name, grants);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("grants", grants);
        previous.ifPresent(role -> detail.put("previous", role.grants()));
        audit.append(actor, previous.isPresent() ? "role.replace" : "role.create", name, detail);
        return roles.find(name).orElseThrow();
    }

    @Transactional
    public void deleteRole(String actor, String name) {
        IdentityRules.roleName(name);
        RoleRecord gone = roles.findForUpdate(name).orElseThrow(() -> noRole(name));
        List<String> holders = roles.holders(name, 5);
        if (!holders.isEmpty()) {
            throw inUse(name, holders);
        }
        // The row lock taken above makes a concurrent grant of this role wait for us, then fail its foreign key.
        roles.delete(name);
        audit.append(actor, "role.delete", name, Map.of("grants", gone.grants()));
    }

    @Transactional(readOnly = true)
    public RoleRecord role(String name) {
        IdentityRules.roleName(name);
        return roles.find(name).orElseThrow(() -> noRole(name));
    }

    @Transactional(readOnly = true)
    public Page<RoleRecord> roles(String after, int limit) {
        return Page.of(roles.after(after, Page.checkedLimit(limit) + 1), limit, RoleRecord::name);
    }

    private static ApiException inUse(String name, List<String> holders) {
        return new ApiException(ProblemType.CONFLICT, "role '" + name + "' is held by " + String.join(", ", holders)
                + (holders.size() == 5 ? " and maybe others" : "") + "; delete those principals first");
    }

    static ApiException noPrincipal(String name) {
        return ApiException.notFound("no principal '" + name + "'");
    }

    private static ApiException noRole(String name) {
        return ApiException.notFound("no role '" + name + "'");
    }
}
