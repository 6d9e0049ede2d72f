package dev.roster.scim.filter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.SchemaRegistry;
import org.junit.jupiter.api.Test;

import static dev.roster.scim.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterEvaluatorTest {
    private final SchemaRegistry registry = SchemaRegistry.core();
    private final ResourceType user = registry.resourceType("User");
    private final ObjectNode ann = obj("{'id':'1','userName':'Ann.Lee@Example.com','active':true,'title':'Boss',"
            + "'externalId':'Ext-1','name':{'givenName':'Ann'},"
            + "'emails':[{'type':'work','value':'ann@work.example'},{'type':'home','value':'ann@home.example'}],"
            + "'roles':[{'value':'admin','primary':true}],"
            + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'R&D','manager':{'value':'9'}},"
            + "'meta':{'created':'2026-01-01T10:00:00.000Z'}}");

    private boolean matches(String filter) {
        return FilterEvaluator.matches(FilterBinder.bind(FilterParser.parse(filter), user, registry), ann, user, registry);
    }

    @Test
    void caseExactFollowsTheSchema() {
        assertThat(matches("userName eq \"ann.lee@example.com\"")).isTrue();
        assertThat(matches("USERNAME EQ \"ANN.LEE@EXAMPLE.COM\"")).isTrue();
        assertThat(matches("externalId eq \"ext-1\"")).isFalse();
        assertThat(matches("externalId eq \"Ext-1\"")).isTrue();
    }

    @Test
    void precedenceChangesTheAnswer() {
        // false or (true and false) = false; (false or true) and false = false; differ with the last true:
        assertThat(matches("title eq \"x\" or userName sw \"ann\" and active eq false")).isFalse();
        assertThat(matches("title eq \"Boss\" or userName sw \"zz\" and active eq false")).isTrue();
        assertThat(matches("(title eq \"Boss\" or userName sw \"zz\") and active eq false")).isFalse();
    }

    @Test
    void operators() {
        assertThat(matches("userName co \"LEE@\"")).isTrue();
        assertThat(matches("userName ew \".COM\"")).isTrue();
        assertThat(matches("title gt \"Apple\" and title lt \"Cat\"")).isTrue();
        assertThat(matches("title ne \"Boss\"")).isFalse();
        assertThat(matches("nickName ne \"x\"")).isTrue();
        assertThat(matches("nickName pr")).isFalse();
        assertThat(matches("name.givenName pr")).isTrue();
        assertThat(matches("not (nickName pr)")).isTrue();
        assertThat(matches("meta.created gt \"2026-01-01T09:59:59+00:00\"")).isTrue();
        assertThat(matches("meta.created lt \"2026-01-01T11:00:00+02:00\"")).isFalse();
        // Without a time zone, a time is taken as UTC.
        assertThat(matches("meta.created gt \"2026-01-01T09:59:59\"")).isTrue();
        assertThat(matches("meta.created ge \"2026-01-01T10:00:00.001\"")).isFalse();
        assertThat(matches("nickName eq null")).isTrue();
        assertThat(matches("title ne null")).isTrue();
    }

    @Test
    void multiValuedAttributesMatchOnAnyValue() {
        assertThat(matches("emails.value ew \"home.example\"")).isTrue();
        assertThat(matches("emails co \"@work\"")).isTrue();
        assertThat(matches("emails[type eq \"work\" and value co \"home\"]")).isFalse();
        assertThat(matches("emails[type eq \"home\" and value co \"home\"]")).isTrue();
        assertThat(matches("emails[type eq \"work\"].value eq \"ann@work.example\"")).isTrue();
        assertThat(matches("roles[primary eq true]")).isTrue();
    }

    @Test
    void extensionAttributes() {
        assertThat(matches("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"r&d\"")).isTrue();
        assertThat(matches("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"9\"")).isTrue();
    }

    @Test
    void schemasNamesTheCoreSchemaAndTheExtensionsAResourceHas() {
        String enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        ObjectNode plain = obj("{'id':'2','userName':'bo'}");
        java.util.function.BiPredicate<String, ObjectNode> on = (filter, resource) ->
                FilterEvaluator.matches(FilterBinder.bind(FilterParser.parse(filter), user, registry), resource, user, registry);
        // RFC 7644 §3.4.2.2's own example: the users with the enterprise extension.
        assertThat(on.test("schemas eq \"" + enterprise + "\"", ann)).isTrue();
        assertThat(on.test("schemas eq \"" + enterprise + "\"", plain)).isFalse();
        assertThat(on.test("SCHEMAS EQ \"" + enterprise.toUpperCase(java.util.Locale.ROOT) + "\"", ann)).isTrue();
        assertThat(on.test("schemas ne \"" + enterprise + "\"", plain)).isTrue();
        assertThat(on.test("schemas eq \"urn:ietf:params:scim:schemas:core:2.0:User\"", plain)).isTrue();
        assertThat(on.test("schemas co \"enterprise\"", ann)).isTrue();
        assertThat(on.test("schemas co \"enterprise\"", plain)).isFalse();
        assertThat(on.test("schemas sw \"urn:ietf:params:scim:schemas:\"", plain)).isTrue();
        assertThat(on.test("schemas eq \"urn:example:other\"", ann)).isFalse();
        assertThat(on.test("schemas pr", plain)).isTrue();
        assertThat(on.test("schemas eq null", plain)).isFalse();
        // The extension itself, named as an attribute path.
        assertThat(on.test(enterprise + " pr", ann)).isTrue();
        assertThat(on.test("not (" + enterprise + " pr)", plain)).isTrue();
        for (String f : new String[]{"schemas eq 2", "schemas eq true", "schemas.value eq \"x\"", "schemas[value eq \"x\"]"}) {
            assertThatThrownBy(() -> FilterBinder.bind(FilterParser.parse(f), user, registry)).as(f)
                    .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"));
        }
    }

    @Test
    void theSchemaRejectsWhatCannotBeAsked() {
        for (String f : new String[]{"password eq \"x\"", "shoeSize eq 4", "name eq \"Ann\"", "active gt true",
                "active eq \"yes\"", "roles[primary eq \"True\"]", "userName eq 4", "meta.created eq \"yesterday\"",
                "meta.created gt \"2026-01-01\"", "emails[bogus eq \"x\"]", "userName co null"}) {
            assertThatThrownBy(() -> FilterBinder.bind(FilterParser.parse(f), user, registry)).as(f)
                    .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"));
        }
    }
}
