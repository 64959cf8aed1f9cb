package io.coterie.cli.role;

import io.coterie.cli.core.Nodes;
import io.coterie.cli.core.TextTable;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The text forms of roles. */
final class RoleFormat {

    private RoleFormat() {
    }

    /** {@code NAME  GRANTS}, or one name a line when the server lists bare names. */
    static String listing(List<JsonNode> roles) {
        if (roles.isEmpty()) {
            return "";
        }
        if (roles.stream().allMatch(JsonNode::isValueNode)) {
            StringBuilder names = new StringBuilder();
            roles.forEach(name -> names.append(name.asString()).append('\n'));
            return names.toString();
        }
        TextTable table = new TextTable("NAME", "GRANTS");
        for (JsonNode role : roles) {
            String grants = Nodes.joined(role, "grants");
            table.row(Nodes.text(role, "name"), grants.isEmpty() ? "-" : grants);
        }
        return table.render();
    }

    static String details(JsonNode role) {
        StringBuilder text = new StringBuilder(TextTable.fields("name", Nodes.text(role, "name")));
        List<JsonNode> grants = Nodes.array(role, "grants");
        text.append("grants:").append(grants.isEmpty() ? " none\n" : "\n");
        grants.forEach(grant -> text.append("  ").append(grant.asString()).append('\n'));
        return text.toString();
    }
}
