package dev.roster.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.roster.server.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/** Every failure is a SCIM Error with the status and scimType the RFC names; none is a 500. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorResponsesTest {
    private final TestServer server = TestServer.start();
    private final ScimClient scim = server.client();

    @AfterAll
    void stop() { server.close(); }

    private static void assertError(ScimClient.Response r, int status, String scimType) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).isEqualTo("application/scim+json; charset=utf-8");
        JsonNode body = r.json();
        assertThat(body.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(body.get("status").isTextual()).isTrue();
        assertThat(body.get("status").asText()).isEqualTo(String.valueOf(status));
        assertThat(body.get("detail").asText()).isNotBlank();
        assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ");
        if (scimType == null) assertThat(body.has("scimType")).isFalse();
        else assertThat(body.get("scimType").asText()).isEqualTo(scimType);
    }

    @Test
    void authentication() {
        ScimClient anonymous = scim.withToken(null);
        ScimClient.Response missing = anonymous.get("/Users");
        assertError(missing, 401, null);
        assertThat(missing.header("WWW-Authenticate")).startsWith("Bearer");
        assertError(scim.withToken("wrong-token-xxxxxxxxxxxxxxxxx").get("/Users"), 401, null);
        assertError(scim.get("/Users", "Authorization", "Basic dXNlcjpwYXNz"), 401, null);
        assertError(scim.get("/Users", "Authorization", "Bearer"), 401, null);
        assertError(anonymous.get("/ServiceProviderConfig"), 401, null);
        assertThat(scim.get("/Users", "Authorization", "bearer " + TestServer.TOKEN).status()).isEqualTo(200);
        // Whitespace around and between the parts is not part of the token; a scheme glued to it is no scheme.
        assertThat(scim.get("/Users", "Authorization", "Bearer \t " + TestServer.TOKEN + "  ").status()).isEqualTo(200);
        assertError(scim.get("/Users", "Authorization", "Bearer" + TestServer.TOKEN), 401, null);
        assertError(scim.get("/Users", "Authorization", "Bearers " + TestServer.TOKEN), 401, null);
        assertError(scim.get("/Users", "Authorization", "Bearer   "), 401, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"userName\": ", "not json", "[1,2]", "\"text\"", "{\"userName\":\"a\"} trailing"})
    void malformedBodiesAreInvalidSyntax(String body) {
        assertError(scim.send("POST", "/Users", body), 400, "invalidSyntax");
    }

    @Test
    void emptyBodyIsInvalidSyntax() {
        assertError(scim.send("POST", "/Users", ""), 400, "invalidSyntax");
    }

    @Test
    void wrongTypesAndMissingRequiredAttributesAreInvalidValue() {
        assertError(scim.post("/Users", "{'userName':{'first':'a'}}"), 400, "invalidValue");
        assertError(scim.post("/Users", "{'userName':'typed','active':'sometimes'}"), 400, "invalidValue");
        assertError(scim.post("/Users", "{'displayName':'no user name'}"), 400, "invalidValue");
        assertError(scim.post("/Groups", "{'members':[]}"), 400, "invalidValue");
        assertError(scim.post("/Groups", "{'displayName':'g','members':[{'value':'no-such-user'}]}"), 400, "invalidValue");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00919288221112222", "010101001010101011001010101011", "5b0a0a5e-8e2b-4f5e-9b1a-2d0f9d6a7c11",
            "x%27%20or%20%271%27=%271", "%C3%A9t%C3%A9"})
    void unknownIdsAre404(String id) {
        assertError(scim.get("/Users/" + id), 404, null);
        assertError(scim.put("/Users/" + id, "{'userName':'ghost'}"), 404, null);
        assertError(scim.patch("/Users/" + id, "{'Operations':[{'op':'replace','path':'title','value':'x'}]}"), 404, null);
        assertError(scim.delete("/Groups/" + id), 404, null);
    }

    @Test
    void duplicatesAreUniquenessConflicts() {
        assertThat(scim.post("/Users", "{'userName':'Dup.User@example.com'}").status()).isEqualTo(201);
        assertError(scim.post("/Users", "{'userName':'dup.user@EXAMPLE.com'}"), 409, "uniqueness");
        String other = scim.post("/Users", "{'userName':'other.user@example.com'}").json().get("id").asText();
        assertError(scim.put("/Users/" + other, "{'userName':'DUP.USER@example.com'}"), 409, "uniqueness");
        ScimClient.Response patched = scim.patch("/Users/" + other,
                "{'Operations':[{'op':'replace','path':'userName','value':'dup.user@example.com'}]}");
        assertError(patched, 409, "uniqueness");
        // The detail names the value that is taken, whichever way the request set it.
        assertThat(patched.json().get("detail").asText()).contains("'dup.user@example.com'");
        assertThat(scim.post("/Groups", "{'displayName':'Admins'}").status()).isEqualTo(201);
        assertError(scim.post("/Groups", "{'displayName':'ADMINS'}"), 409, "uniqueness");
        String ops = scim.post("/Groups", "{'displayName':'Ops'}").json().get("id").asText();
        ScimClient.Response renamed = scim.patch("/Groups/" + ops, "{'Operations':[{'op':'replace','value':{'displayName':'admins'}}]}");
        assertError(renamed, 409, "uniqueness");
        assertThat(renamed.json().get("detail").asText()).contains("'admins'");
    }

    @Test
    void aBrokenPercentEscapeInTheQueryIsRefusedNotIgnored() {
        scim.post("/Users", "{'userName':'percent.user@example.com'}");
        // Were the filter dropped, this lookup would list every user.
        assertError(scim.sendRaw("GET /scim/v2/Users?filter=userName%20eq%20%22a%zz%22 HTTP/1.1"), 400, "invalidFilter");
        assertError(scim.sendRaw("GET /scim/v2/Users?count=1&filter=userName%20eq%20%22a%2 HTTP/1.1"), 400, "invalidFilter");
        assertError(scim.sendRaw("GET /scim/v2/Users?count=%G1 HTTP/1.1"), 400, null);
        assertError(scim.sendRaw("GET /scim/v2/Users/x?attributes=userName% HTTP/1.1"), 400, null);
        // A percent sign sent as %25 is a plain character of the value.
        ScimClient.Response escaped = scim.sendRaw("GET /scim/v2/Users?filter=userName%20eq%20%22100%25%22 HTTP/1.1");
        assertThat(escaped.status()).isEqualTo(200);
        assertThat(escaped.json().get("totalResults").asInt()).isZero();
    }

    @Test
    void textThatNoDatabaseCanStoreIsRefusedAlike() {
        // NUL cannot be stored by PostgreSQL, and half a surrogate pair is not text: both are refused on every store.
        ScimClient.Response nul = scim.send("POST", "/Users", "{\"userName\":\"nul.user\",\"name\":{\"givenName\":\"a\\u0000b\"}}");
        assertError(nul, 400, "invalidValue");
        assertThat(nul.json().get("detail").asText()).contains("/name/givenName").contains("U+0000");
        assertError(scim.send("POST", "/Users", "{\"userName\":\"nul.user\",\"x\\u0000\":1}"), 400, "invalidValue");
        ScimClient.Response surrogate = scim.send("POST", "/Users", "{\"userName\":\"half\\ud800\"}");
        assertError(surrogate, 400, "invalidValue");
        assertThat(surrogate.json().get("detail").asText()).contains("/userName").contains("U+D800");
        assertThat(scim.get("/Users?filter=" + q("userName sw \"nul.user\"")).json().get("totalResults").asInt()).isZero();

        String id = scim.post("/Users", "{'userName':'text.user'}").json().get("id").asText();
        assertError(scim.send("PATCH", "/Users/" + id,
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"\\u0000\"}]}"), 400, "invalidValue");
        String group = scim.post("/Groups", "{'displayName':'Text group'}").json().get("id").asText();
        assertError(scim.send("PATCH", "/Groups/" + group,
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"x\\u0000\"}]}]}"), 400, "invalidValue");
        // In a filter, whether escaped in the filter's string or sent as a raw byte.
        assertError(scim.get("/Users?filter=" + q("userName eq \"a\\u0000\"")), 400, "invalidFilter");
        assertError(scim.get("/Users?filter=userName%20eq%20%22a%00%22"), 400, "invalidFilter");
        assertError(scim.send("POST", "/Users/.search", "{\"filter\":\"displayName eq \\\"\\u0000\\\"\"}"), 400, "invalidValue");

        // A character outside the Basic Multilingual Plane, a whole surrogate pair, is text like any other.
        ScimClient.Response emoji = scim.send("POST", "/Users", "{\"userName\":\"smile\\ud83d\\ude00\"}");
        assertThat(emoji.status()).isEqualTo(201);
        assertThat(scim.get("/Users/" + emoji.json().get("id").asText()).json().get("userName").asText())
                .isEqualTo("smile\uD83D\uDE00");
    }

    @Test
    void theLargestFilterRunsAndALargerOneIsInvalidFilter() {
        // Every shape the parser accepts must also be one the database runs: a chain of the most comparisons,
        // inside a value filter too, and the deepest nesting.
        String chain = String.join(" and ", java.util.Collections.nCopies(500, "title eq \"x\""));
        for (String filter : List.of(chain, "emails[" + chain.replace("title", "value") + "]",
                "not (".repeat(49) + "emails[type eq \"work\"]" + ")".repeat(49))) {
            ScimClient.Response r = scim.post("/Users/.search", "{'filter':'" + filter.replace("\"", "\\\"") + "'}");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        assertError(scim.post("/Users/.search", "{'filter':'" + (chain + " or title pr").replace("\"", "\\\"") + "'}"),
                400, "invalidFilter");
        assertError(scim.post("/Users/.search", "{'filter':'" + "(".repeat(20_000) + "title pr" + ")".repeat(20_000) + "'}"),
                400, "invalidFilter");
    }

    @Test
    void indexedTextHasADocumentedLongestLength() {
        // Varied text, which PostgreSQL cannot compress under its index entry limit as it would a repeated letter.
        StringBuilder cjk = new StringBuilder();
        for (int i = 0; i < 512; i++) cjk.append((char) (0x4E00 + i * 37 % 20_000));
        StringBuilder ascii = new StringBuilder();
        while (ascii.length() < 513) ascii.append(java.util.UUID.randomUUID().toString().replace("-", ""));
        String longest = ascii.substring(0, 512);
        String tooLong = ascii.substring(0, 513);

        assertThat(scim.post("/Users", "{'userName':'" + cjk + "'}").status()).isEqualTo(201);
        assertThat(scim.post("/Users", "{'userName':'" + longest + "','externalId':'" + longest + "','displayName':'" + longest
                + "','emails':[{'value':'" + longest + "'}]}").status()).isEqualTo(201);
        assertThat(scim.post("/Groups", "{'displayName':'" + longest + "'}").status()).isEqualTo(201);

        ScimClient.Response refused = scim.post("/Users", "{'userName':'" + tooLong + "'}");
        assertError(refused, 400, "invalidValue");
        assertThat(refused.json().get("detail").asText()).contains("userName").contains("512");
        assertError(scim.post("/Users", "{'userName':'long.ext','externalId':'" + tooLong + "'}"), 400, "invalidValue");
        assertError(scim.post("/Users", "{'userName':'long.mail','emails':[{'value':'" + tooLong + "'}]}"), 400, "invalidValue");
        assertError(scim.post("/Groups", "{'displayName':'" + tooLong + "'}"), 400, "invalidValue");
        String id = scim.post("/Users", "{'userName':'short.name'}").json().get("id").asText();
        assertError(scim.patch("/Users/" + id, "{'Operations':[{'op':'replace','path':'displayName','value':'" + tooLong + "'}]}"),
                400, "invalidValue");
        assertError(scim.put("/Users/" + id, "{'userName':'" + tooLong + "'}"), 400, "invalidValue");
    }

    @Test
    void headAnswersWhatGetWould() {
        String id = scim.post("/Users", "{'userName':'head.user'}").json().get("id").asText();
        ScimClient.Response found = scim.send("HEAD", "/Users/" + id, null);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.header("ETag")).isEqualTo(scim.get("/Users/" + id).header("ETag"));
        assertThat(found.text()).isEmpty();
        assertThat(scim.send("HEAD", "/Users/not-a-user", null).status()).isEqualTo(404);
        assertThat(scim.send("HEAD", "/Users?filter=" + q("shoeSize eq 1"), null).status()).isEqualTo(400);
        assertThat(scim.send("HEAD", "/Groups", null).status()).isEqualTo(200);
        assertThat(scim.withToken(null).send("HEAD", "/Users/" + id, null).status()).isEqualTo(401);
        assertThat(scim.send("HEAD", "/Users/.search", null).status()).isEqualTo(405);
        assertThat(scim.send("HEAD", "/Me", null).status()).isEqualTo(501);
    }

    @Test
    void requestsJettyRefusesStillGetScimErrors() {
        // A NUL in the path, a control character in a header, a URI and a header longer than HTTP allows here.
        assertError(scim.sendRaw("GET /scim/v2/Users/a%00b HTTP/1.1"), 400, null);
        assertError(scim.sendRaw("GET /scim/v2/Users HTTP/1.1", "X-Trace: a\u0001b"), 400, null);
        assertError(scim.sendRaw("GET /scim/v2/Users?filter=" + "a".repeat(20_000) + " HTTP/1.1"), 414, null);
        assertError(scim.sendRaw("GET /scim/v2/Users HTTP/1.1", "X-Padding: " + "a".repeat(20_000)), 431, null);
    }

    @Test
    void mediaTypes() {
        String body = ScimClient.json("{'userName':'media@example.com'}");
        assertError(scim.send("POST", "/Users", body, "Content-Type", "text/plain"), 415, null);
        assertError(scim.send("POST", "/Users", body, "Content-Type", "application/xml"), 415, null);
        // A compressed body would be read as broken JSON: its coding is named instead.
        ScimClient.Response gzip = scim.send("POST", "/Users", body, "Content-Type", "application/scim+json", "Content-Encoding", "gzip");
        assertError(gzip, 415, null);
        assertThat(gzip.json().get("detail").asText()).contains("Content-Encoding gzip");
        assertThat(scim.send("POST", "/Users", body, "Content-Type", "application/json; charset=UTF-8",
                "Content-Encoding", "identity").status()).isEqualTo(201);
        assertThat(scim.get("/Users", "Content-Type", "application/scim+json").status()).isEqualTo(200);
        assertThat(scim.delete("/Users/" + scim.get("/Users?filter=" + q("userName eq \"media@example.com\"")).json()
                .at("/Resources/0/id").asText(), "Content-Type", "application/scim+json").status()).isEqualTo(204);
    }

    @Test
    void oversizedBodiesAre413() {
        // A small limit, so the whole body fits the socket buffers and the client always reads the answer.
        try (TestServer small = TestServer.start(4096)) {
            ScimClient client = small.client();
            String big = "{\"userName\":\"big@example.com\",\"title\":\"" + "x".repeat(8192) + "\"}";
            assertError(client.send("POST", "/Users", big), 413, null);
            String fits = "{\"userName\":\"fits@example.com\",\"title\":\"" + "x".repeat(3000) + "\"}";
            ScimClient.Response created = client.send("POST", "/Users", fits);
            assertThat(created.status()).isEqualTo(201);

            // Each PATCH fits the limit, but what they would make of the resource does not: refused, and nothing kept.
            String id = created.json().get("id").asText();
            String grow = "{\"Operations\":[{\"op\":\"add\",\"path\":\"nickName\",\"value\":\"" + "y".repeat(3000) + "\"}]}";
            ScimClient.Response grown = client.send("PATCH", "/Users/" + id, grow);
            assertError(grown, 400, "invalidValue");
            assertThat(grown.json().get("detail").asText()).contains("4096");
            JsonNode kept = client.get("/Users/" + id).json();
            assertThat(kept.has("nickName")).isFalse();
            assertThat(kept.at("/meta/version").asText()).isEqualTo("W/\"1\"");
            // Measured in bytes, as requests are: 400 characters of three bytes each pass the limit, 400 of one do not.
            String wide = "{\"Operations\":[{\"op\":\"add\",\"path\":\"nickName\",\"value\":\"" + "\u20ac".repeat(400) + "\"}]}";
            assertError(client.send("PATCH", "/Users/" + id, wide), 400, "invalidValue");
            String narrow = "{\"Operations\":[{\"op\":\"add\",\"path\":\"nickName\",\"value\":\"" + "n".repeat(400) + "\"}]}";
            assertThat(client.send("PATCH", "/Users/" + id, narrow).status()).isEqualTo(200);
        }
    }

    @Test
    void filtersTheServerCannotRunAreInvalidFilter() {
        for (String f : new String[]{"userName eq", "userName xx \"a\"", "shoeSize eq 4", "password eq \"secret\"",
                "userName eq \"a\" and", "emails[type eq \"work\"", "meta.location eq \"x\"", "name eq \"x\""}) {
            assertError(scim.get("/Users?filter=" + q(f)), 400, "invalidFilter");
        }
    }

    @Test
    void aMultiValuedAttributeHoldsAtMostAThousandValues() {
        StringBuilder emails = new StringBuilder();
        for (int i = 0; i < 1000; i++) emails.append(i == 0 ? "" : ",").append("{'value':'many").append(i).append("@x.org'}");
        ScimClient.Response full = scim.post("/Users", "{'userName':'many.emails@example.com','emails':[" + emails + "]}");
        assertThat(full.status()).as(full.toString()).isEqualTo(201);
        String id = full.json().get("id").asText();
        ScimClient.Response more = scim.patch("/Users/" + id, "{'Operations':[{'op':'add','path':'emails','value':[{'value':'one.more@x.org'}]}]}");
        assertError(more, 400, "invalidValue");
        assertThat(more.json().get("detail").asText()).contains("1000");
        assertThat(scim.get("/Users/" + id).json().get("emails")).hasSize(1000);
        assertError(scim.post("/Users", "{'userName':'too.many.emails@example.com','emails':[" + emails
                + ",{'value':'one.more@x.org'}]}"), 400, "invalidValue");
    }

    @Test
    void tooManyAttributeNamesAreInvalidValue() {
        StringBuilder names = new StringBuilder("[");
        for (int i = 0; i <= 200; i++) names.append(i == 0 ? "" : ",").append("'title").append(i).append("'");
        names.append(']');
        assertError(scim.post("/Users/.search", "{'attributes':" + names + "}"), 400, "invalidValue");
        assertError(scim.post("/.search", "{'excludedAttributes':" + names + "}"), 400, "invalidValue");
        assertThat(scim.post("/Users/.search", "{'attributes':" + names.toString().replace(",'title200'", "") + "}").status())
                .isEqualTo(200);
    }

    @Test
    void badPaginationIsInvalidValue() {
        assertError(scim.get("/Users?startIndex=abc"), 400, "invalidValue");
        assertError(scim.get("/Users?count=1.5"), 400, "invalidValue");
        JsonNode lenient = scim.get("/Users?startIndex=-4&count=-1").json();
        assertThat(lenient.get("startIndex").asInt()).isEqualTo(1);
        assertThat(lenient.get("itemsPerPage").asInt()).isZero();
        // Integers past any range still mean something: a page after every result, every result, the first page.
        String huge = "99999999999999999999";
        assertThat(scim.post("/Users", "{'userName':'paging.huge@example.com'}").status()).isEqualTo(201);
        JsonNode past = scim.get("/Users?startIndex=" + huge + "&count=5").json();
        assertThat(past.get("itemsPerPage").asInt()).isZero();
        assertThat(past.get("totalResults").asInt()).isPositive();
        assertThat(scim.get("/Users?count=" + huge).json().get("itemsPerPage").asInt()).isPositive();
        JsonNode first = scim.get("/Users?startIndex=-" + huge + "&count=+1").json();
        assertThat(first.get("startIndex").asInt()).isEqualTo(1);
        assertThat(first.get("itemsPerPage").asInt()).isEqualTo(1);
    }

    @Test
    void patchErrors() {
        String id = scim.post("/Users", "{'userName':'patch.errors@example.com'}").json().get("id").asText();
        assertError(scim.patch("/Users/" + id, "{'Operations':[{'op':'remove'}]}"), 400, "noTarget");
        assertError(scim.patch("/Users/" + id, "{'Operations':[{'op':'replace','path':'id','value':'x'}]}"), 400, "mutability");
        assertError(scim.patch("/Users/" + id, "{'Operations':[{'op':'jump','path':'title','value':'x'}]}"), 400, "invalidSyntax");
        assertError(scim.patch("/Users/" + id, "{'Operations':[{'op':'add','path':'emails[type eq]','value':'x'}]}"), 400, "invalidPath");
        assertError(scim.patch("/Users/" + id, "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp']}"), 400, "invalidSyntax");

        // At most 1,000 operations a request; 1,000 run.
        String op = "{'op':'replace','path':'title','value':'t'},";
        String many = "{'Operations':[" + op.repeat(1000) + "{'op':'replace','path':'title','value':'last'}]}";
        ScimClient.Response refused = scim.patch("/Users/" + id, many);
        assertError(refused, 400, "invalidValue");
        assertThat(refused.json().get("detail").asText()).contains("1000 operations");
        ScimClient.Response ran = scim.patch("/Users/" + id, "{'Operations':[" + op.repeat(999) + "{'op':'replace','path':'title','value':'last'}]}");
        assertThat(ran.status()).as(ran.toString()).isEqualTo(200);
        assertThat(ran.json().get("title").asText()).isEqualTo("last");
    }

    @Test
    void unknownEndpointsAndMethods() {
        assertError(scim.get("/Widgets"), 404, null);
        assertError(scim.send("PATCH", "/Users", "{}"), 405, null);
        assertError(scim.get("/Me"), 501, null);
        assertError(scim.get("/ResourceTypes/Widget"), 404, null);
        assertError(scim.get("/Schemas/urn:example:nothing"), 404, null);
    }

    @Test
    void preconditions() {
        ScimClient.Response created = scim.post("/Users", "{'userName':'etag.user@example.com'}");
        String id = created.json().get("id").asText();
        String etag = created.header("ETag");
        ScimClient.Response notModified = scim.get("/Users/" + id, "If-None-Match", etag);
        assertThat(notModified.status()).isEqualTo(304);
        // A 304 has no body: it names the version it stands for, and no type of a body it does not carry.
        assertThat(notModified.header("ETag")).isEqualTo(etag);
        assertThat(notModified.header("Content-Type")).isNull();
        assertThat(scim.get("/Users/" + id, "If-None-Match", "W/\"999\"").status()).isEqualTo(200);
        assertError(scim.put("/Users/" + id, "{'userName':'etag.user@example.com'}", "If-Match", "W/\"999\""), 412, null);
        ScimClient.Response ok = scim.put("/Users/" + id, "{'userName':'etag.user@example.com','title':'t'}", "If-Match", etag);
        assertThat(ok.status()).isEqualTo(200);
        assertError(scim.delete("/Users/" + id, "If-Match", etag), 412, null);
        assertThat(scim.delete("/Users/" + id, "If-Match", ok.header("ETag")).status()).isEqualTo(204);
    }

    @Test
    void deleteTwiceIs404() {
        int before = scim.get("/Users?count=0").json().get("totalResults").asInt();
        String id = scim.post("/Users", "{'userName':'twice@example.com'}").json().get("id").asText();
        assertThat(scim.get("/Users?count=0").json().get("totalResults").asInt()).isEqualTo(before + 1);
        assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);
        assertThat(scim.get("/Users?count=0").json().get("totalResults").asInt()).isEqualTo(before);
        assertError(scim.delete("/Users/" + id), 404, null);
        assertError(scim.get("/Users/" + id), 404, null);
    }
}
