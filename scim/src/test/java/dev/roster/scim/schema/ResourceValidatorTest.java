package dev.roster.scim.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.scim.ScimException;
import org.junit.jupiter.api.Test;

import static dev.roster.scim.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceValidatorTest {
    private final SchemaRegistry registry = SchemaRegistry.core();
    private final ResourceType user = registry.resourceType("User");
    private final ResourceType group = registry.resourceType("Group");

    @Test
    void keepsKnownAttributesUnderTheirSchemaNames() {
        ObjectNode doc = ResourceValidator.validate(user, obj(
                "{'USERNAME':'Ann','Name':{'GivenName':'Ann'},'emails':[{'VALUE':'a@x','Type':'work','primary':true}],"
                        + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'Department':'R&D'}}"));
        assertThat(doc).isEqualTo(obj("{'userName':'Ann','name':{'givenName':'Ann'},"
                + "'emails':[{'value':'a@x','type':'work','primary':true}],"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'R&D'}}"));
    }

    @Test
    void dropsReadOnlyAndUnknownAttributes() {
        ObjectNode doc = ResourceValidator.validate(user, obj(
                "{'schemas':['x'],'id':'1','meta':{'version':'W/\"9\"'},'groups':[{'value':'g'}],'userName':'a',"
                        + "'favouriteColour':'blue','urn:example:unknown:2.0:User':{'a':1}}"));
        assertThat(doc).isEqualTo(obj("{'userName':'a'}"));
    }

    @Test
    void aMultiValuedAttributeHoldsAtMostAThousandValuesButMembers() {
        assertThat(ResourceValidator.validate(user, userWithEmails(ResourceValidator.MAX_VALUES)).get("emails"))
                .hasSize(ResourceValidator.MAX_VALUES);
        assertThatThrownBy(() -> ResourceValidator.validate(user, userWithEmails(ResourceValidator.MAX_VALUES + 1)))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).isEqualTo("invalidValue");
                    assertThat(e.getMessage()).contains("'emails' holds 1001 values");
                });
        ObjectNode big = obj("{'displayName':'All'}");
        for (int i = 0; i < 5000; i++) big.withArray("members").addObject().put("value", "u" + i);
        assertThat(ResourceValidator.validate(group, big).get("members")).hasSize(5000);
    }

    private static ObjectNode userWithEmails(int n) {
        ObjectNode u = obj("{'userName':'many'}");
        for (int i = 0; i < n; i++) u.withArray("emails").addObject().put("value", "e" + i + "@x.org");
        return u;
    }

    @Test
    void takesNumbersAndBooleansForStringsAsTheirText() {
        ObjectNode doc = ResourceValidator.validate(user, obj("{'userName':'a','title':42,'nickName':true}"));
        assertThat(doc.get("title").asText()).isEqualTo("42");
        assertThat(doc.get("nickName").asText()).isEqualTo("true");
    }

    @Test
    void nullsAndEmptyValuesAreUnassigned() {
        ObjectNode doc = ResourceValidator.validate(user, obj(
                "{'userName':'a','displayName':null,'emails':[],'phoneNumbers':[{}],'name':{}}"));
        assertThat(doc).isEqualTo(obj("{'userName':'a'}"));
    }

    @Test
    void requiredAttributesMustBeThere() {
        assertThatThrownBy(() -> ResourceValidator.validate(user, obj("{'displayName':'x'}")))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidValue"))
                .hasMessageContaining("userName");
        assertThatThrownBy(() -> ResourceValidator.validate(group, obj("{'displayName':'  '}")))
                .hasMessageContaining("displayName");
    }

    @Test
    void wrongTypesAreInvalidValue() {
        // "False" for a boolean and a string manager are IdP habits: the dialect rules, not the validator, accept them.
        for (String body : new String[]{"{'userName':{'a':1}}", "{'userName':'a','active':'maybe'}", "{'userName':'a','active':'False'}",
                "{'userName':'a','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':'boss'}}",
                "{'userName':'a','name':'Ann'}", "{'userName':'a','displayName':['x']}",
                "{'userName':'a','emails':[{'value':'x','primary':true},{'value':'y','primary':true}]}"}) {
            assertThatThrownBy(() -> ResourceValidator.validate(user, obj(body)))
                    .as(body)
                    .isInstanceOfSatisfying(ScimException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.scimType()).isEqualTo("invalidValue");
                    });
        }
    }

    @Test
    void theBodyMustBeAnObject() {
        assertThatThrownBy(() -> ResourceValidator.validate(user, dev.roster.scim.Json.node("[1]")))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
    }
}
