package dev.roster.scim.list;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Projection#shownSubAttributes} lets the server write a group's members (or a user's groups) itself,
 * member by member, instead of building them whole for {@link Projection#apply}: the two must keep the same.
 * And {@code schemas} follows what a projection shows.
 */
class ProjectionProperties {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> SUBS = List.of("value", "$ref", "display", "type");
    private static final String GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private final SchemaRegistry registry = SchemaRegistry.core();
    private final ResourceType group = registry.resourceType("Group");
    private final ResourceType user = registry.resourceType("User");

    @Property(tries = 500)
    void aGroupsMembersAreShownAsApplyShowsThem(@ForAll("groupPaths") List<String> paths, @ForAll boolean excluded) {
        assertAgrees(group, "members", GROUP_URN, paths, excluded);
    }

    @Property(tries = 300)
    void aUsersGroupsAreShownAsApplyShowsThem(@ForAll("userPaths") List<String> paths, @ForAll boolean excluded) {
        assertAgrees(user, "groups", USER_URN, paths, excluded);
    }

    /** RFC 7643 §3: {@code schemas} names the schemas of the attributes present, so it follows the projection. */
    @Property(tries = 300)
    void schemasNameTheExtensionExactlyWhenItIsShown(@ForAll("enterprisePaths") List<String> paths, @ForAll boolean excluded) {
        String csv = String.join(",", paths);
        Projection projection = excluded ? Projection.parse(null, csv) : Projection.parse(csv, null);
        ObjectNode resource = F.objectNode();
        resource.putArray("schemas").add(USER_URN).add(ENTERPRISE_URN);
        resource.put("id", "1");
        resource.put("userName", "ann");
        resource.putObject("name").put("givenName", "Ann");
        resource.putObject(ENTERPRISE_URN).put("department", "Sales").putObject("manager").put("value", "m1");
        ObjectNode projected = projection.apply(resource, user, registry);
        List<String> expected = new ArrayList<>(List.of(USER_URN));
        if (projected.has(ENTERPRISE_URN)) expected.add(ENTERPRISE_URN);
        List<String> schemas = new ArrayList<>();
        projected.get("schemas").forEach(uri -> schemas.add(uri.asText()));
        assertThat(schemas).as(csv + (excluded ? " excluded" : "")).isEqualTo(expected);
        assertThat(projected.fieldNames().next()).isEqualTo("schemas");
    }

    @Example
    void anExtensionLeftOutLeavesSchemas() {
        ObjectNode resource = F.objectNode();
        resource.putArray("schemas").add(USER_URN).add(ENTERPRISE_URN);
        resource.put("id", "1");
        resource.put("userName", "ann");
        resource.putObject(ENTERPRISE_URN).put("department", "Sales");
        assertThat(Projection.parse("userName", null).apply(resource, user, registry).get("schemas").toString())
                .isEqualTo("[\"" + USER_URN + "\"]");
        assertThat(Projection.parse(null, ENTERPRISE_URN).apply(resource, user, registry).get("schemas").toString())
                .isEqualTo("[\"" + USER_URN + "\"]");
        assertThat(Projection.parse(ENTERPRISE_URN + ":department", null).apply(resource, user, registry).get("schemas").size())
                .isEqualTo(2);
    }

    @Example
    void atMostTwoHundredNamesRepeatsCountedOnce() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Projection.MAX_NAMES; i++) names.add("x" + i);
        String most = String.join(",", names);
        assertThat(Projection.parse(most, null)).isNotNull();
        assertThat(Projection.parse(most + ",X0,x1", null)).isNotNull();
        assertThat(Projection.parse(String.join(",", java.util.Collections.nCopies(5000, "userName")), null)
                .apply(F.objectNode().put("userName", "ann").put("title", "t"), user, registry).has("title")).isFalse();
        for (String[] both : new String[][]{{most + ",one.more", null}, {null, most + ",one.more"}}) {
            try {
                Projection.parse(both[0], both[1]);
                throw new AssertionError("201 names were accepted");
            } catch (dev.roster.scim.ScimException e) {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.scimType()).isEqualTo("invalidValue");
            }
        }
    }

    @Example
    void examples() {
        assertThat(Projection.DEFAULT.shownSubAttributes(group, "members", SUBS)).isEqualTo(SUBS);
        assertThat(Projection.parse("displayName", null).shownSubAttributes(group, "members", SUBS)).isEmpty();
        assertThat(Projection.parse("MEMBERS.Value,members.type", null).shownSubAttributes(group, "members", SUBS))
                .containsExactly("value", "type");
        assertThat(Projection.parse(null, "members.display").shownSubAttributes(group, "members", SUBS))
                .containsExactly("value", "$ref", "type");
        assertThat(Projection.parse(GROUP_URN + ":members", null).shownSubAttributes(group, "members", SUBS)).isEqualTo(SUBS);
        // Another schema's URN names another attribute.
        assertThat(Projection.parse(USER_URN + ":members", null).shownSubAttributes(group, "members", SUBS)).isEmpty();
        assertThat(Projection.parse(null, USER_URN + ":members").shownSubAttributes(group, "members", SUBS)).isEqualTo(SUBS);
    }

    private void assertAgrees(ResourceType type, String name, String urn, List<String> paths, boolean excluded) {
        String csv = String.join(",", paths);
        Projection projection = excluded ? Projection.parse(null, csv) : Projection.parse(csv, null);
        ObjectNode resource = F.objectNode();
        resource.putArray("schemas").add(urn);
        resource.put("id", "1");
        resource.put("displayName", "Staff");
        for (int i = 0; i < 2; i++) {
            resource.withArray(name).addObject().put("value", "m" + i).put("$ref", "https://x/Users/m" + i)
                    .put("display", "Member " + i).put("type", "User");
        }
        JsonNode applied = projection.apply(resource, type, registry).get(name);
        List<String> expected = new ArrayList<>();
        if (applied != null) {
            for (Iterator<String> keys = applied.get(0).fieldNames(); keys.hasNext(); ) expected.add(keys.next());
        }
        assertThat(projection.shownSubAttributes(type, name, SUBS)).as(csv + (excluded ? " excluded" : "")).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<String>> groupPaths() {
        return paths("members", GROUP_URN);
    }

    @Provide
    Arbitrary<List<String>> userPaths() {
        return paths("groups", USER_URN);
    }

    @Provide
    Arbitrary<List<String>> enterprisePaths() {
        return Arbitraries.of("userName", "name.givenName", ENTERPRISE_URN, ENTERPRISE_URN.toLowerCase(),
                ENTERPRISE_URN + ":department", ENTERPRISE_URN + ":manager.value", ENTERPRISE_URN + ":manager.displayName",
                ENTERPRISE_URN + ":costCenter", USER_URN + ":name", "meta").list().ofMinSize(1).ofMaxSize(3);
    }

    private static Arbitrary<List<String>> paths(String name, String urn) {
        Arbitrary<String> attribute = Arbitraries.of(name, name.toUpperCase(), urn + ":" + name, "displayName", "id",
                "externalId", "meta", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:" + name);
        Arbitrary<String> sub = Arbitraries.of("value", "VALUE", "$ref", "display", "Type", "nothing");
        Arbitrary<String> path = Arbitraries.oneOf(attribute, attribute.flatMap(a -> sub.map(s -> a + "." + s)));
        return path.list().ofMinSize(1).ofMaxSize(4);
    }
}
