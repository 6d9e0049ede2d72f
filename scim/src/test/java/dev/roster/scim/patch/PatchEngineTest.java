package dev.roster.scim.patch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;
import org.junit.jupiter.api.Test;

import static dev.roster.scim.Json.node;
import static dev.roster.scim.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchEngineTest {
    private static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private final SchemaRegistry registry = SchemaRegistry.core();
    private final ResourceType user = registry.resourceType("User");
    private final PatchEngine engine = new PatchEngine(user, registry);
    private final ObjectNode ann = obj("{'userName':'ann','active':true,'displayName':'Ann',"
            + "'emails':[{'type':'work','value':'ann@work','primary':true},{'type':'home','value':'ann@home'}]}");

    /** A PATCH as a directory with the default IdP rules applies it. */
    private ObjectNode patch(ObjectNode doc, String operations) {
        return Patcher.apply(node("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':" + operations + "}"),
                user, registry, dev.roster.scim.dialect.IdpDialect.DEFAULT, doc).document();
    }

    private static void assertScimError(Runnable r, String scimType) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(scimType);
        });
    }

    @Test
    void runsOfMemberAddsAndOfRemovalsByIdBecomeOneChangeEach() {
        ResourceType group = registry.resourceType("Group");
        String ops = "[{'op':'add','path':'members','value':[{'value':'b'}]},"
                + "{'op':'add','value':{'members':[{'value':'a','type':'User'}]}},"
                + "{'op':'remove','path':'members[value eq \\\"c\\\"]'},"
                + "{'op':'remove','path':'members[value eq \\\"d\\\" or value eq \\\"e\\\"]'},"
                + "{'op':'remove','path':'members[display eq \\\"x\\\"]'},"
                + "{'op':'remove','path':'members[value eq \\\"f\\\"]'},"
                + "{'op':'add','path':'members','value':[{'value':'c'}]}]";
        java.util.List<MemberChange> changes = Patcher.apply(node("{'Operations':" + ops + "}"), group, registry,
                dev.roster.scim.dialect.IdpDialect.DEFAULT, obj("{'displayName':'g'}")).memberChanges();
        assertThat(changes).hasSize(5);
        assertThat(changes.get(0)).isEqualTo(new MemberChange.Add(java.util.List.of(
                new MemberChange.Member("b", null), new MemberChange.Member("a", "User"))));
        assertThat(changes.get(1)).isEqualTo(new MemberChange.Remove(java.util.List.of("c", "d", "e")));
        assertThat(changes.get(2)).isInstanceOf(MemberChange.RemoveMatching.class);
        // Not merged across the filter, nor an add across removals: the order between them is kept.
        assertThat(changes.get(3)).isEqualTo(new MemberChange.Remove(java.util.List.of("f")));
        assertThat(changes.get(4)).isEqualTo(new MemberChange.Add(java.util.List.of(new MemberChange.Member("c", null))));
    }

    @Test
    void anAddThatWouldPassAThousandValuesIsRefusedAtOnce() {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 998; i++) values.append(i == 0 ? "" : ",").append("{'value':'v").append(i).append("@x.org'}");
        ObjectNode full = patch(ann, "[{'op':'add','path':'emails','value':[" + values + "]}]"); // ann has two already
        assertThat(full.get("emails")).hasSize(1000);
        assertThat(patch(full, "[{'op':'add','path':'emails','value':[{'value':'ann@work','type':'work','primary':true}]}]"))
                .as("adding a value already there adds nothing").isEqualTo(full);
        assertScimError(() -> patch(full, "[{'op':'add','path':'emails','value':[{'value':'one.more@x.org'}]},"
                + "{'op':'replace','path':'title','value':'never reached'}]"), "invalidValue");
        assertScimError(() -> patch(full, "[{'op':'add','path':'emails[type eq \"new\"].value','value':'n@x.org'}]"), "invalidValue");
    }

    @Test
    void oktaDeactivatesWithAPathlessReplace() {
        assertThat(patch(ann, "[{'op':'replace','value':{'active':false}}]").get("active").asBoolean()).isFalse();
    }

    @Test
    void pathlessValuesIgnoreReadOnlyKeysAndUnderstandDottedAndUrnKeys() {
        ObjectNode out = patch(ann, "[{'op':'Replace','value':{'id':'other','meta':{},'schemas':[],"
                + "'name.givenName':'Ann','name.familyName':'Lee','" + ENT + ":department':'Ops',"
                + "'" + ENT + "':{'costCenter':'42'}}}]");
        assertThat(out.has("id")).isFalse();
        assertThat(out.get("name")).isEqualTo(node("{'givenName':'Ann','familyName':'Lee'}"));
        assertThat(out.get(ENT)).isEqualTo(node("{'department':'Ops','costCenter':'42'}"));
    }

    @Test
    void replaceOfAComplexAttributeMergesSubAttributes() {
        ObjectNode withName = patch(ann, "[{'op':'add','path':'name','value':{'givenName':'Ann','familyName':'Lee'}}]");
        ObjectNode out = patch(withName, "[{'op':'replace','path':'name','value':{'familyName':'Li'}}]");
        assertThat(out.get("name")).isEqualTo(node("{'givenName':'Ann','familyName':'Li'}"));
    }

    @Test
    void filteredPathsChangeTheMatchingValueOnly() {
        ObjectNode out = patch(ann, "[{'op':'replace','path':'emails[type eq \"home\"].value','value':'ann@new'}]");
        assertThat(out.get("emails")).isEqualTo(node(
                "[{'type':'work','value':'ann@work','primary':true},{'type':'home','value':'ann@new'}]"));
    }

    @Test
    void entraFilteredPathCreatesTheValueItNames() {
        ObjectNode bare = obj("{'userName':'bob'}");
        ObjectNode out = patch(bare, "[{'op':'Add','path':'emails[type eq \"work\"].value','value':'bob@work'},"
                + "{'op':'Add','path':'emails[type eq \"work\"].primary','value':'True'},"
                + "{'op':'Add','path':'addresses[type eq \"work\"].locality','value':'Oslo'}]");
        assertThat(out.get("emails")).isEqualTo(node("[{'type':'work','value':'bob@work','primary':true}]"));
        assertThat(out.get("addresses")).isEqualTo(node("[{'type':'work','locality':'Oslo'}]"));
    }

    @Test
    void rolesSelectedByAStringBoolean() {
        ObjectNode withRole = patch(ann, "[{'op':'add','path':'roles','value':[{'value':'r1','primary':'True'}]}]");
        ObjectNode out = patch(withRole, "[{'op':'replace','path':'roles[primary eq \"True\"].display','value':'Role one'}]");
        assertThat(out.get("roles")).isEqualTo(node("[{'value':'r1','primary':true,'display':'Role one'}]"));
    }

    @Test
    void managerAsAStringAndItsRemovalByEmptyValue() {
        ObjectNode out = patch(ann, "[{'op':'Add','path':'" + ENT + ":manager','value':'271'}]");
        assertThat(out.at("/" + ENT + "/manager/value").asText()).isEqualTo("271");
        ObjectNode removed = patch(out, "[{'op':'Replace','path':'" + ENT + ":manager','value':{'value':''}}]");
        assertThat(removed.has(ENT)).isFalse();
    }

    @Test
    void addingAnExistingValueChangesNothingAndANewPrimaryDemotesTheOld() {
        ObjectNode same = patch(ann, "[{'op':'add','path':'emails','value':[{'type':'home','value':'ann@home'}]}]");
        assertThat(same).isEqualTo(ann);
        ObjectNode out = patch(ann, "[{'op':'add','path':'emails','value':[{'type':'other','value':'a@o','primary':true}]}]");
        assertThat(out.at("/emails/0/primary").asBoolean()).isFalse();
        assertThat(out.at("/emails/2/primary").asBoolean()).isTrue();
    }

    @Test
    void removeByPathFilterAndValue() {
        assertThat(patch(ann, "[{'op':'remove','path':'displayName'}]").has("displayName")).isFalse();
        assertThat(patch(ann, "[{'op':'remove','path':'emails[type eq \"work\"]'}]").get("emails"))
                .isEqualTo(node("[{'type':'home','value':'ann@home'}]"));
        assertThat(patch(ann, "[{'op':'remove','path':'emails','value':[{'value':'ann@home'}]}]").get("emails"))
                .isEqualTo(node("[{'type':'work','value':'ann@work','primary':true}]"));
        assertThat(patch(ann, "[{'op':'remove','path':'emails'}]").has("emails")).isFalse();
    }

    @Test
    void errorsTheRfcNames() {
        assertScimError(() -> patch(ann, "[{'op':'remove'}]"), "noTarget");
        assertScimError(() -> patch(ann, "[{'op':'remove','path':'emails[type eq \"fax\"]'}]"), "noTarget");
        assertScimError(() -> patch(ann, "[{'op':'replace','path':'emails[type co \"x\"].value','value':'v'}]"), "noTarget");
        assertScimError(() -> patch(ann, "[{'op':'replace','path':'id','value':'x'}]"), "mutability");
        assertScimError(() -> patch(ann, "[{'op':'add','path':'groups','value':[{'value':'g'}]}]"), "mutability");
        assertScimError(() -> patch(ann, "[{'op':'replace','path':'shoeSize','value':4}]"), "invalidPath");
        assertScimError(() -> patch(ann, "[{'op':'replace','path':'emails[type eq','value':4}]"), "invalidPath");
        assertScimError(() -> patch(ann, "[{'op':'move','path':'title','value':'x'}]"), "invalidSyntax");
        assertScimError(() -> patch(ann, "[{'op':'replace','path':'active','value':'perhaps'}]"), "invalidValue");
        assertScimError(() -> patch(ann, "[{'op':'add','path':'title'}]"), "invalidValue");
        assertScimError(() -> PatchRequest.parse(node("{'schemas':[]}")), "invalidSyntax");
        assertScimError(() -> patch(ann, "[{'op':'remove','path':'emails','value':'not.there@example.com'}]"), "noTarget");
    }

    @Test
    void anEmptyOperationListIsANoOp() {
        assertThat(patch(ann, "[]")).isEqualTo(ann);
    }

    @Test
    void aFailingOperationLeavesTheDocumentAsItWas() {
        ObjectNode before = ann.deepCopy();
        assertScimError(() -> patch(ann, "[{'op':'replace','path':'displayName','value':'Changed'},"
                + "{'op':'remove','path':'emails[type eq \"fax\"]'}]"), "noTarget");
        assertThat(ann).isEqualTo(before);
    }
}
