package io.coterie.cli.principal;

import io.coterie.cli.core.Nodes;
import io.coterie.cli.core.TextTable;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The text forms of principals. */
final class PrincipalFormat {

    private PrincipalFormat() {
    }

    /** {@code NAME  ROLES}, or one name a line when the server lists bare names. */
    static String listing(List<JsonNode> principals) {
        if (principals.isEmpty()) {
            return "";
        }
        if (principals.stream().allMatch(JsonNode::isValueNode)) {
            StringBuilder names = new StringBuilder();
            principals.forEach(name -> names.append(name.asString()).append('\n'));
            return names.toString();
        }
        TextTable table = new TextTable("NAME", "ROLES");
        for (JsonNode principal : principals) {
            String roles = Nodes.joined(principal, "roles");
            table.row(Nodes.text(principal, "name"), roles.isEmpty() ? "-" : roles);
        }
        return table.render();
    }

    static String details(JsonNode principal) {
        String roles = Nodes.joined(principal, "roles");
        String created = Nodes.text(principal, "createdAt");
        StringBuilder text = new StringBuilder(TextTable.fields(
                "name", Nodes.text(principal, "name"),
                "roles", roles.isEmpty() ? "none" : roles,
                "created", created == null ? "unknown" : created));
        List<JsonNode> grants = Nodes.array(principal, "grants");
        text.append("grants:").append(grants.isEmpty() ? " none\n" : "\n");
        grants.forEach(grant -> text.append("  ").append(grant.asString()).append('\n'));
        return text.toString();
    }
}
