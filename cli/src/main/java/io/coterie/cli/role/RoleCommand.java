package io.coterie.cli.role;

import io.coterie.cli.core.GroupCommand;
import io.coterie.cli.core.UrlEncoding;
import picocli.CommandLine.Command;

@Command(name = "role", mixinStandardHelpOptions = true,
        description = "Creates, lists and shows roles: named sets of grants ACTION:PREFIX (needs admin:).",
        subcommands = {RoleCreate.class, RoleLs.class, RoleGet.class})
public final class RoleCommand extends GroupCommand {

    static final String ROLES = "/v1/roles";

    static String path(String name) {
        return ROLES + "/" + UrlEncoding.encode(name);
    }
}
