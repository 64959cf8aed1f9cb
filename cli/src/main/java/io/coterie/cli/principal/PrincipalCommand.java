package io.coterie.cli.principal;

import io.coterie.cli.core.GroupCommand;
import io.coterie.cli.core.UrlEncoding;
import picocli.CommandLine.Command;

@Command(name = "principal", mixinStandardHelpOptions = true,
        description = "Creates, lists, shows and deletes principals: who may hold a token (needs admin:).",
        subcommands = {PrincipalCreate.class, PrincipalLs.class, PrincipalGet.class, PrincipalDelete.class})
public final class PrincipalCommand extends GroupCommand {

    static final String PRINCIPALS = "/v1/principals";

    static String path(String name) {
        return PRINCIPALS + "/" + UrlEncoding.encode(name);
    }
}
