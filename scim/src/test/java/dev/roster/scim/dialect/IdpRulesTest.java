package dev.roster.scim.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterBinder;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.filter.FilterParser;
import dev.roster.scim.patch.MemberChange;
import dev.roster.scim.patch.Patcher;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.ResourceValidator;
import dev.roster.scim.schema.SchemaRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.roster.scim.Json.node;
import static dev.roster.scim.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each rule accepts the traffic it cites; with the rule off, the same traffic gets the RFC's answer. */
class IdpRulesTest {
    private static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private final SchemaRegistry registry = SchemaRegistry.core();
    private final ResourceType user = registry.resourceType("User");
    private final ResourceType group = registry.resourceType("Group");
    private final ObjectNode ann = obj("{'userName':'ann','active':true,'emails':[{'type':'home','value':'ann@home'}]}");

    private static IdpDialect without(String rule) { return IdpDialect.without(Set.of(rule)); }

    private Patcher.Result patch(IdpDialect dialect, ResourceType type, ObjectNode doc, String operations) {
        return Patcher.apply(node("{'Operations':" + operations + "}"), type, registry, dialect, doc);
    }

    private static void assertRejected(Runnable r, String scimType) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(scimType);
        });
    }

    @Test
    void everyRuleHasANameADescriptionAndCanBeSwitchedOff() {
        assertThat(IdpDialect.known()).extracting(IdpRule::name).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z]+(-[a-z]+)*"));
        assertThat(IdpDialect.known()).allMatch(r -> !r.description().isBlank());
        for (IdpRule r : IdpDialect.known()) {
            assertThat(without(r.name()).isEnabled(r.name())).isFalse();
            assertThat(IdpDialect.DEFAULT.isEnabled(r.name())).isTrue();
        }
        assertThatThrownBy(() -> IdpDialect.without(Set.of("no-such-rule"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void caseInsensitiveOp() {
        String entra = "[{'op':'Replace','path':'active','value':false}]";
        assertThat(patch(IdpDialect.DEFAULT, user, ann, entra).document().get("active").asBoolean()).isFalse();
        assertRejected(() -> patch(without("case-insensitive-op"), user, ann, entra), "invalidSyntax");
    }

    @Test
    void emptyOperations() {
        assertThat(patch(IdpDialect.DEFAULT, user, ann, "[]").document()).isEqualTo(ann);
        assertRejected(() -> patch(without("empty-operations"), user, ann, "[]"), "invalidValue");
    }

    @Test
    void readOnlyKeysInPathlessValue() {
        String okta = "[{'op':'replace','value':{'id':'abc','displayName':'Renamed'}}]";
        assertThat(patch(IdpDialect.DEFAULT, user, ann, okta).document().get("displayName").asText()).isEqualTo("Renamed");
        assertRejected(() -> patch(without("read-only-keys-in-pathless-value"), user, ann, okta), "mutability");
    }

    @Test
    void dottedKeysInPathlessValue() {
        String entra = "[{'op':'add','value':{'name.givenName':'Ann','name.familyName':'Lee','" + ENT + ":department':'Ops','title':'CTO'}}]";
        ObjectNode out = patch(IdpDialect.DEFAULT, user, ann, entra).document();
        assertThat(out.get("name")).isEqualTo(node("{'givenName':'Ann','familyName':'Lee'}"));
        assertThat(out.at("/" + ENT + "/department").asText()).isEqualTo("Ops");
        assertThat(out.get("title").asText()).isEqualTo("CTO");
        assertRejected(() -> patch(without("dotted-keys-in-pathless-value"), user, ann, entra), "invalidPath");
    }

    @Test
    void bareValueForComplex() {
        ObjectNode withManager = patch(IdpDialect.DEFAULT, user, ann, "[{'op':'Add','path':'" + ENT + ":manager','value':'271'}]").document();
        assertThat(withManager.at("/" + ENT + "/manager/value").asText()).isEqualTo("271");
        for (String removal : List.of("{'value':''}", "''", "{'value':'','displayName':''}")) {
            ObjectNode removed = patch(IdpDialect.DEFAULT, user, withManager,
                    "[{'op':'replace','path':'" + ENT + ":manager','value':" + removal + "}]").document();
            assertThat(removed.has(ENT)).as(removal).isFalse();
        }
        JsonNode body = IdpDialect.DEFAULT.resource(obj("{'userName':'u','" + ENT + "':{'manager':'myuser'}}"), user, registry);
        assertThat(ResourceValidator.validate(user, body).at("/" + ENT + "/manager/value").asText()).isEqualTo("myuser");
        // A template whose manager field is unmapped (OneLogin's) sends every part of it empty: no manager.
        for (String empty : List.of("{'value':''}", "{'value':'','displayName':''}", "{'value':'','displayName':null}")) {
            JsonNode none = IdpDialect.DEFAULT.resource(obj("{'userName':'u','" + ENT + "':{'manager':" + empty + ",'department':'D'}}"),
                    user, registry);
            assertThat(ResourceValidator.validate(user, none).get(ENT).has("manager")).as(empty).isFalse();
        }
        assertRejected(() -> patch(without("bare-value-for-complex"), user, ann, "[{'op':'add','path':'" + ENT + ":manager','value':'271'}]"),
                "invalidValue");
    }

    @Test
    void anEmptyStringForAComplexAttributeIsNoValue() {
        JsonNode body = IdpDialect.DEFAULT.resource(obj("{'userName':'u','name':'','emails':'','addresses':[{'locality':'Paris'},"
                + "{'locality':'','country':null}],'phoneNumbers':[{'value':'','type':''},''],"
                + "'" + ENT + "':{'manager':'','department':'D'}}"), user, registry);
        ObjectNode doc = ResourceValidator.validate(user, body);
        assertThat(doc.has("name") || doc.has("emails") || doc.has("phoneNumbers")).isFalse();
        assertThat(doc.get("addresses")).hasSize(1);
        assertThat(doc.get(ENT).has("manager")).isFalse();
        assertThat(doc.at("/addresses/0/locality").asText()).isEqualTo("Paris");
        ObjectNode named = patch(IdpDialect.DEFAULT, user, ann, "[{'op':'add','path':'name.givenName','value':'Ann'}]").document();
        assertThat(patch(IdpDialect.DEFAULT, user, named, "[{'op':'replace','path':'name','value':''}]").document().has("name")).isFalse();
        assertThat(patch(IdpDialect.DEFAULT, user, named, "[{'op':'replace','value':{'name':''}}]").document().has("name")).isFalse();
        // Not read as removing every email: an operation on a multi-valued attribute with "" is refused.
        assertRejected(() -> patch(IdpDialect.DEFAULT, user, ann, "[{'op':'add','path':'emails','value':''}]"), "invalidValue");
        assertRejected(() -> ResourceValidator.validate(user, without("bare-value-for-complex").resource(obj("{'userName':'u','name':''}"),
                user, registry)), "invalidValue");
    }

    @Test
    void bareValuesForAMultiValuedComplexAttribute() {
        for (String emails : List.of("'a@example.com'", "['a@example.com']")) {
            JsonNode body = IdpDialect.DEFAULT.resource(obj("{'userName':'u','emails':" + emails + "}"), user, registry);
            assertThat(ResourceValidator.validate(user, body).get("emails")).as(emails).isEqualTo(node("[{'value':'a@example.com'}]"));
            ObjectNode added = patch(IdpDialect.DEFAULT, user, ann, "[{'op':'add','path':'emails','value':" + emails + "}]").document();
            assertThat(added.get("emails")).as(emails).isEqualTo(node("[{'type':'home','value':'ann@home'},{'value':'a@example.com'}]"));
        }
        assertRejected(() -> patch(without("bare-value-for-complex"), user, ann, "[{'op':'add','path':'emails','value':'a@example.com'}]"),
                "invalidValue");
    }

    @Test
    void bareValueForComplexTakesAListOfOne() {
        String tutorial = "[{'op':'Add','path':'" + ENT + ":manager','value':[{'$ref':'https://x/Users/2819c223','value':'2819c223'}]}]";
        ObjectNode withManager = patch(IdpDialect.DEFAULT, user, ann, tutorial).document();
        assertThat(withManager.at("/" + ENT + "/manager/value").asText()).isEqualTo("2819c223");
        JsonNode body = IdpDialect.DEFAULT.resource(obj("{'userName':'u','" + ENT + "':{'manager':[{'value':'m1'}]}}"), user, registry);
        assertThat(ResourceValidator.validate(user, body).at("/" + ENT + "/manager/value").asText()).isEqualTo("m1");
        // A list of two is no single value: the strict code refuses it.
        assertRejected(() -> patch(IdpDialect.DEFAULT, user, ann,
                "[{'op':'Add','path':'" + ENT + ":manager','value':[{'value':'a'},{'value':'b'}]}]"), "invalidValue");
        assertRejected(() -> patch(without("bare-value-for-complex"), user, ann, tutorial), "invalidValue");
    }

    @Test
    void unqualifiedExtensionNames() {
        String tutorial = "[{'op':'Add','path':'manager','value':[{'$ref':'https://x/Users/2819c223','value':'2819c223'}]},"
                + "{'op':'replace','path':'Department','value':'Sales'},{'op':'add','path':'costCenter','value':'C1'}]";
        ObjectNode doc = patch(IdpDialect.DEFAULT, user, ann, tutorial).document();
        assertThat(doc.at("/" + ENT + "/manager/value").asText()).isEqualTo("2819c223");
        assertThat(doc.at("/" + ENT + "/department").asText()).isEqualTo("Sales");
        assertThat(doc.at("/" + ENT + "/costCenter").asText()).isEqualTo("C1");
        assertThat(doc.has("manager") || doc.has("Department") || doc.has("costCenter")).isFalse();
        assertThat(patch(IdpDialect.DEFAULT, user, doc, "[{'op':'remove','path':'manager'}]").document().at("/" + ENT).has("manager"))
                .isFalse();

        // As keys of a path-less value, dotted or not, and of a body.
        ObjectNode pathless = patch(IdpDialect.DEFAULT, user, ann,
                "[{'op':'replace','value':{'department':'Ops','manager.value':'m2','title':'T'}}]").document();
        assertThat(pathless.at("/" + ENT + "/department").asText()).isEqualTo("Ops");
        assertThat(pathless.at("/" + ENT + "/manager/value").asText()).isEqualTo("m2");
        assertThat(pathless.get("title").asText()).isEqualTo("T");
        JsonNode body = IdpDialect.DEFAULT.resource(obj("{'userName':'u','department':'Ops','manager':'m3','costCenter':'C',"
                + "'" + ENT + "':{'costCenter':'qualified'}}"), user, registry);
        ObjectNode created = ResourceValidator.validate(user, body);
        assertThat(created.at("/" + ENT + "/department").asText()).isEqualTo("Ops");
        assertThat(created.at("/" + ENT + "/manager/value").asText()).isEqualTo("m3");
        assertThat(created.at("/" + ENT + "/costCenter").asText()).as("the qualified spelling wins").isEqualTo("qualified");
        assertThat(created.has("department") || created.has("manager")).isFalse();

        // The older tutorial's check that a manager reference took.
        Filter f = IdpDialect.DEFAULT.filter(FilterParser.parse("userName eq \"ann\" and manager eq \"2819c223\""), user, registry);
        assertThat(FilterEvaluator.matches(FilterBinder.bind(f, user, registry), doc, user, registry)).isTrue();
        Filter other = IdpDialect.DEFAULT.filter(FilterParser.parse("manager.value eq \"someone else\""), user, registry);
        assertThat(FilterEvaluator.matches(FilterBinder.bind(other, user, registry), doc, user, registry)).isFalse();
        // Core names stay core, and a name no schema defines is still refused.
        assertThat(IdpDialect.DEFAULT.filter(FilterParser.parse("userName eq \"ann\""), user, registry).toString())
                .isEqualTo(FilterParser.parse("userName eq \"ann\"").toString());
        assertRejected(() -> patch(IdpDialect.DEFAULT, user, ann, "[{'op':'add','path':'nothing','value':'x'}]"), "invalidPath");
        // Groups have no extension to find it in.
        assertRejected(() -> patch(IdpDialect.DEFAULT, group, obj("{'displayName':'g'}"), "[{'op':'add','path':'manager','value':'m'}]"),
                "invalidPath");

        IdpDialect strict = without("unqualified-extension-names");
        assertRejected(() -> patch(strict, user, ann, "[{'op':'replace','path':'department','value':'Sales'}]"), "invalidPath");
        assertThat(ResourceValidator.validate(user, strict.resource(obj("{'userName':'u','department':'Ops'}"), user, registry)).has(ENT))
                .as("an unknown attribute, dropped").isFalse();
        assertRejected(() -> FilterBinder.bind(strict.filter(FilterParser.parse("manager eq \"2819c223\""), user, registry), user, registry),
                "invalidFilter");
    }

    @Test
    void booleanStrings() {
        JsonNode body = IdpDialect.DEFAULT.resource(obj("{'userName':'u','active':'False','roles':[{'value':'r','primary':'True'}]}"),
                user, registry);
        ObjectNode doc = ResourceValidator.validate(user, body);
        assertThat(doc.get("active").isBoolean()).isTrue();
        assertThat(doc.at("/roles/0/primary").asBoolean()).isTrue();

        ObjectNode replaced = patch(IdpDialect.DEFAULT, user, doc, "[{'op':'Replace','path':'active','value':'True'},"
                + "{'op':'replace','path':'roles[primary eq \"True\"].display','value':'Role'}]").document();
        assertThat(replaced.get("active").asBoolean()).isTrue();
        assertThat(replaced.at("/roles/0/display").asText()).isEqualTo("Role");

        Filter f = IdpDialect.DEFAULT.filter(FilterParser.parse("roles[primary eq \"True\"]"), user, registry);
        assertThat(FilterEvaluator.matches(FilterBinder.bind(f, user, registry), doc, user, registry)).isTrue();

        IdpDialect strict = without("boolean-strings");
        assertRejected(() -> patch(strict, user, doc, "[{'op':'replace','path':'active','value':'True'}]"), "invalidValue");
        assertRejected(() -> ResourceValidator.validate(user, strict.resource(obj("{'userName':'u','active':'False'}"), user, registry)),
                "invalidValue");
        assertRejected(() -> FilterBinder.bind(strict.filter(FilterParser.parse("roles[primary eq \"True\"]"), user, registry), user, registry),
                "invalidFilter");
    }

    @Test
    void removeByValueArray() {
        ObjectNode g = obj("{'displayName':'g'}");
        List<MemberChange> changes = patch(IdpDialect.DEFAULT, group, g,
                "[{'op':'Remove','path':'members','value':[{'value':'u1'},{'value':'u2'}]}]").memberChanges();
        assertThat(changes).containsExactly(new MemberChange.Remove(List.of("u1", "u2")));
        assertThat(patch(IdpDialect.DEFAULT, user, ann, "[{'op':'remove','path':'emails','value':[{'value':'ann@home'}]}]")
                .document().has("emails")).isFalse();
        assertRejected(() -> patch(without("remove-by-value-array"), group, g,
                "[{'op':'remove','path':'members','value':[{'value':'u1'}]}]"), "invalidSyntax");
    }

    @Test
    void filteredPathCreatesValue() {
        ObjectNode bare = obj("{'userName':'bob'}");
        String entra = "[{'op':'Add','path':'emails[type eq \"work\"].value','value':'bob@work'},"
                + "{'op':'Add','path':'emails[type eq \"work\"].primary','value':'True'},"
                + "{'op':'Replace','path':'addresses[type eq \"work\"].locality','value':'Oslo'}]";
        ObjectNode out = patch(IdpDialect.DEFAULT, user, bare, entra).document();
        assertThat(out.get("emails")).isEqualTo(node("[{'type':'work','value':'bob@work','primary':true}]"));
        assertThat(out.get("addresses")).isEqualTo(node("[{'type':'work','locality':'Oslo'}]"));
        assertRejected(() -> patch(without("filtered-path-creates-value"), user, bare, entra), "noTarget");
        // A filter that is not a conjunction of eq terms names no single value: still noTarget.
        assertRejected(() -> patch(IdpDialect.DEFAULT, user, bare,
                "[{'op':'add','path':'emails[type co \"w\"].value','value':'x'}]"), "noTarget");
    }

    @Test
    void legacyEnterpriseUrn() {
        JsonNode body = IdpDialect.DEFAULT.resource(obj("{'userName':'o','urn:scim:schemas:extension:enterprise:2.0':{'department':'Ops'}}"),
                user, registry);
        assertThat(ResourceValidator.validate(user, body).at("/" + ENT + "/department").asText()).isEqualTo("Ops");
        JsonNode strict = without("legacy-enterprise-urn").resource(obj("{'userName':'o','urn:scim:schemas:extension:enterprise:2.0':"
                + "{'department':'Ops'}}"), user, registry);
        assertThat(ResourceValidator.validate(user, strict).has(ENT)).isFalse();
    }
}
