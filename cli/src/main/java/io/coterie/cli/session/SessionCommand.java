package io.coterie.cli.session;

import io.coterie.cli.core.GroupCommand;
import io.coterie.cli.core.UrlEncoding;
import picocli.CommandLine.Command;

@Command(name = "session", mixinStandardHelpOptions = true,
        description = "Grants, renews and revokes sessions (ephemeral names bound with --session go when theirs ends).",
        subcommands = {SessionGrant.class, SessionKeepalive.class, SessionRevoke.class})
public final class SessionCommand extends GroupCommand {

    static final String SESSIONS = "/v1/sessions";

    /** The URL path of one session. */
    static String path(String id) {
        return SESSIONS + "/" + UrlEncoding.encode(id);
    }
}
